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

namespace {

Diagnostic make(const std::string& file, evtxdiag::DiagnosticKind kind, const std::string& message,
                evtxdiag::Severity severity = evtxdiag::Severity::warning) {
  Diagnostic d;
  d.file = file;
  d.kind = kind;
  d.message = message;
  d.severity = severity;
  return d;
}

}  // namespace

TEST_CASE("slack-space losses are one line per file unless verbose; live losses always listed") {
  using evtxdiag::DiagnosticKind;
  std::vector<Diagnostic> all;
  for (int i = 0; i < 204; ++i)
    all.push_back(make("System.evtx", DiagnosticKind::recovered_lost, "recovered record: template is overwritten"));
  all.push_back(make("System.evtx", DiagnosticKind::recovered_lost, "recovered record: unsupported type"));
  all.push_back(make("System.evtx", DiagnosticKind::recovered_fragment, "recovered record: fragment"));
  all.push_back(make("App.evtx", DiagnosticKind::live_record_lost, "bad token", evtxdiag::Severity::error));
  all.push_back(make("App.evtx", DiagnosticKind::file_damage, "file header checksum mismatch"));

  const auto quiet = evtxdiag::diagnostic_lines(all, false);
  REQUIRE(quiet.size() == 3);
  CHECK(quiet[0] == "error: App.evtx: bad token");
  CHECK(quiet[1] == "warning: App.evtx: file header checksum mismatch");
  CHECK(quiet[2].rfind("warning: System.evtx: 205 deleted records found in slack space could not be recovered "
                       "(204 overwritten by newer records); 1 fragment of deleted records;",
                       0) == 0);
  CHECK(evtxdiag::diagnostic_lines(all, true).size() == all.size());
  CHECK(evtxdiag::is_about_recovery(DiagnosticKind::recovered_doubtful));
  CHECK_FALSE(evtxdiag::is_about_recovery(DiagnosticKind::live_record_lost));
}
