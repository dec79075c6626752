#include <doctest/doctest.h>

#include "evtxdiag/diagnostic.hpp"

using evtxdiag::Diagnostic;

TEST_CASE("a diagnostic names file, chunk, record and offset, leaving out what is unknown") {
  Diagnostic d;
  d.file = "System.evtx";
  d.message = "bad token";
  CHECK(d.to_string() == "System.evtx: bad token");
  d.offset = 0x1200;
  CHECK(d.to_string() == "System.evtx: (offset 0x1200): bad token");
  d.chunk_index = 0;
  CHECK(d.to_string() == "System.evtx: chunk 0 (offset 0x1200): bad token");
  d.record_id = 1;
  CHECK(d.to_string() == "System.evtx: chunk 0, record 1 (offset 0x1200): bad token");
  d.record_id.reset();
  d.record_index = 7;
  d.offset.reset();
  CHECK(d.to_string() == "System.evtx: chunk 0, record index 7: bad token");
}
