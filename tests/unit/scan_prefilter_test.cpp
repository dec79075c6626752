// ReadOptions::want through the fast scan: unwanted records of understood chunks are skipped
// before decoding, and the events delivered are exactly those of a full read, filtered.
#include <doctest/doctest.h>

#include <algorithm>

#include "evtxdiag/reader.hpp"
#include "evtxdiag/writer.hpp"
#include "format/record_locator.hpp"
#include "scan/prefilter.hpp"
#include "scan/scan.hpp"

namespace {

std::vector<std::uint8_t> three_provider_file() {
  std::vector<evtxdiag::Event> events;
  for (std::uint64_t i = 1; i <= 400; ++i) {
    evtxdiag::Event e;
    e.provider_name = i % 4 == 0 ? "Microsoft-Windows-Backup" : "Noise";
    e.event_id = static_cast<std::uint32_t>(i % 4 == 0 ? 517 : 1000 + i % 7);
    e.level = 4;
    e.time_created = evtxdiag::Timestamp{132'000'000'000'000'000ULL + i};
    e.event_record_id = i;
    e.computer = "HOST";
    e.data = {{"text", std::string(200, 'n')}};
    events.push_back(e);
  }
  return evtxdiag::write_evtx(events);
}

bool wanted(std::string_view provider, std::uint32_t event_id) {
  return provider == "Microsoft-Windows-Backup" && event_id == 517;
}

// The walk's records of one chunk (what the reader hands the decider).
std::vector<evtxdiag::evtx::LocatedRecord> walked(const std::vector<std::uint8_t>& bytes, std::uint64_t chunk) {
  std::vector<evtxdiag::evtx::LocatedRecord> records;
  evtxdiag::evtx::locate_chunk_records(bytes.data(), bytes.size(), chunk, records);
  return records;
}

}  // namespace

TEST_CASE("SkipDecider marks exactly the unwanted records of understood chunks, one flag per walked record") {
  const auto bytes = three_provider_file();
  const std::uint64_t chunks = evtxdiag::evtx::whole_chunks(bytes.size());
  REQUIRE(chunks >= 2);  // the file spans several chunks
  evtxdiag::scan::SkipDecider decider(wanted);
  std::vector<bool> skip;
  std::vector<std::uint64_t> ids;
  for (std::uint64_t chunk = 0; chunk < chunks; ++chunk) {
    const auto records = walked(bytes, chunk);
    decider.decide_chunk(evtxdiag::scan::scan_chunk(bytes.data(), bytes.size(), chunk), records.data(), records.size(),
                         skip);
    for (const auto& record : records) ids.push_back(record.record_id);
  }
  REQUIRE(skip.size() == 400);
  std::size_t skipped = 0;
  for (std::size_t i = 0; i < skip.size(); ++i) {
    CHECK(skip[i] == (ids[i] % 4 != 0));
    skipped += skip[i];
  }
  CHECK(skipped == 300);

  const auto scan0 = evtxdiag::scan::scan_chunk(bytes.data(), bytes.size(), 0);
  auto records = walked(bytes, 0);
  REQUIRE(records.size() > 2);
  REQUIRE(records[1].record_id % 4 != 0);  // an unwanted record...
  // ...whose record id does not match the scan's (the walk disagrees): never skipped.
  auto other_id = records;
  other_id[1].record_id += 1000;
  std::vector<bool> flags;
  decider.decide_chunk(scan0, other_id.data(), other_id.size(), flags);
  CHECK_FALSE(flags[1]);
  // ...claimed for another chunk's scan: not in that scan, never skipped.
  flags.clear();
  decider.decide_chunk(evtxdiag::scan::scan_chunk(bytes.data(), bytes.size(), 1), records.data(), records.size(),
                       flags);
  CHECK(std::none_of(flags.begin(), flags.end(), [](bool f) { return f; }));
  // ...in a damaged chunk, which the scan does not understand: nothing is skipped.
  auto damaged = bytes;
  damaged[4096 + 1000] ^= 0xFF;
  flags.clear();
  decider.decide_chunk(evtxdiag::scan::scan_chunk(damaged.data(), damaged.size(), 0), records.data(), records.size(),
                       flags);
  CHECK(flags.size() == records.size());
  CHECK(std::none_of(flags.begin(), flags.end(), [](bool f) { return f; }));
}

TEST_CASE("a read with want delivers the same wanted events as a full read, in every decoder mode") {
  const auto bytes = three_provider_file();
  for (auto choice : {evtxdiag::DecoderChoice::automatic, evtxdiag::DecoderChoice::libevtx_only,
                      evtxdiag::DecoderChoice::builtin_only}) {
    evtxdiag::ReadOptions all;
    all.decoder = choice;
    std::vector<std::uint64_t> expected;
    evtxdiag::EvtxReader::open_buffer(bytes, "full").read(all, [&](evtxdiag::Event&& e) {
      if (wanted(e.provider_name, e.event_id)) expected.push_back(e.event_record_id);
    });
    evtxdiag::ReadOptions filtered = all;
    filtered.want = wanted;
    std::vector<std::uint64_t> got;
    evtxdiag::EvtxReader::open_buffer(bytes, "filtered").read(filtered, [&](evtxdiag::Event&& e) {
      got.push_back(e.event_record_id);
    });
    CHECK(expected.size() == 100);
    CHECK(got == expected);
  }
}
