// The chunk-by-chunk walk (what the reader uses to bound its memory) finds exactly what the
// whole-file walk finds, breaks included.
#include <doctest/doctest.h>

#include "format/record_locator.hpp"
#include "evtxdiag/writer.hpp"

TEST_CASE("locate_chunk_records over every chunk equals locate_records") {
  std::vector<evtxdiag::Event> events;
  for (std::uint64_t i = 1; i <= 500; ++i) {
    evtxdiag::Event e;
    e.provider_name = "Noise";
    e.event_id = 7;
    e.time_created = evtxdiag::Timestamp{132'000'000'000'000'000ULL + i};
    e.event_record_id = i;
    e.data = {{"text", std::string(300, 'x')}};
    events.push_back(e);
  }
  auto bytes = evtxdiag::write_evtx(events);
  const std::uint64_t chunks = evtxdiag::evtx::whole_chunks(bytes.size());
  REQUIRE(chunks >= 3);
  CHECK(evtxdiag::evtx::whole_chunks(4096) == 0);
  CHECK(evtxdiag::evtx::whole_chunks(4096 + 65536 + 10) == 1);
  // A damaged record size in the middle chunk makes a walk break there.
  const auto whole = evtxdiag::evtx::locate_records(bytes.data(), bytes.size());
  std::uint64_t in_chunk1 = 0;
  for (const auto& r : whole)
    if (r.chunk_index == 1 && ++in_chunk1 == 5) bytes[r.offset + 4] ^= 0x40;
  std::vector<evtxdiag::evtx::WalkBreak> expected_breaks, breaks;
  const auto expected = evtxdiag::evtx::locate_records(bytes.data(), bytes.size(), &expected_breaks);
  REQUIRE(expected_breaks.size() == 1);
  std::vector<evtxdiag::evtx::LocatedRecord> located;
  for (std::uint64_t chunk = 0; chunk < chunks + 2; ++chunk)  // chunks past the end add nothing
    evtxdiag::evtx::locate_chunk_records(bytes.data(), bytes.size(), chunk, located, &breaks);
  REQUIRE(located.size() == expected.size());
  for (std::size_t i = 0; i < located.size(); ++i) {
    CHECK(located[i].offset == expected[i].offset);
    CHECK(located[i].record_id == expected[i].record_id);
    CHECK(located[i].chunk_index == expected[i].chunk_index);
  }
  REQUIRE(breaks.size() == 1);
  CHECK(breaks[0].offset == expected_breaks[0].offset);
  CHECK(breaks[0].chunk_index == 1);
}
