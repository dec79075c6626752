// ReadOptions::want through the fast scan: unwanted records of understood chunks are skipped
// before decoding, and the events delivered are exactly those of a full read, filtered.
#include <doctest/doctest.h>

#include "evtxdiag/reader.hpp"
#include "evtxdiag/writer.hpp"
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

}  // namespace

TEST_CASE("records_to_skip marks exactly the unwanted records of understood chunks") {
  const auto bytes = three_provider_file();
  const auto scan = evtxdiag::scan::scan_file(bytes.data(), bytes.size());
  std::vector<std::uint64_t> offsets, ids;
  for (const auto& chunk : scan.chunks)
    for (const auto& record : chunk.records) {
      offsets.push_back(record.file_offset);
      ids.push_back(record.record_id);
    }
  REQUIRE(offsets.size() == 400);
  const auto skip = evtxdiag::scan::records_to_skip(bytes.data(), bytes.size(), offsets, ids, wanted);
  std::size_t skipped = 0;
  for (std::size_t i = 0; i < skip.size(); ++i) {
    CHECK(skip[i] == (ids[i] % 4 != 0));
    skipped += skip[i];
  }
  CHECK(skipped == 300);
  // A record id that does not match the scan's is never skipped (the caller's walk disagrees).
  ids[1] += 1000;
  CHECK_FALSE(evtxdiag::scan::records_to_skip(bytes.data(), bytes.size(), offsets, ids, wanted)[1]);
  // A damaged chunk is not understood: none of its records are skipped.
  auto damaged = bytes;
  damaged[4096 + 1000] ^= 0xFF;
  const auto none = evtxdiag::scan::records_to_skip(damaged.data(), damaged.size(), offsets, ids, wanted);
  CHECK(none[0] == false);
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

TEST_CASE("records_to_skip decides records given in any order, chunk by chunk") {
  const auto bytes = three_provider_file();
  const auto scan = evtxdiag::scan::scan_file(bytes.data(), bytes.size());
  REQUIRE(scan.chunks.size() >= 2);  // the file spans several chunks
  std::vector<std::uint64_t> offsets, ids;
  for (const auto& chunk : scan.chunks)
    for (const auto& record : chunk.records) {
      offsets.insert(offsets.begin(), record.file_offset);  // reversed: later chunks first
      ids.insert(ids.begin(), record.record_id);
    }
  const auto skip = evtxdiag::scan::records_to_skip(bytes.data(), bytes.size(), offsets, ids, wanted);
  for (std::size_t i = 0; i < skip.size(); ++i) CHECK(skip[i] == (ids[i] % 4 != 0));
}

TEST_CASE("SkipDecider::decide_chunk appends one flag per record of the chunk it is given") {
  const auto bytes = three_provider_file();
  const auto scan = evtxdiag::scan::scan_file(bytes.data(), bytes.size());
  evtxdiag::scan::SkipDecider decider(wanted);
  std::vector<bool> skip;
  std::vector<std::uint64_t> all_ids;
  for (const auto& chunk : scan.chunks) {
    std::vector<std::uint64_t> offsets, ids;
    for (const auto& record : chunk.records) {
      offsets.push_back(record.file_offset);
      ids.push_back(record.record_id);
    }
    decider.decide_chunk(bytes.data(), bytes.size(), chunk.index, offsets.data(), ids.data(), offsets.size(), skip);
    all_ids.insert(all_ids.end(), ids.begin(), ids.end());
  }
  REQUIRE(skip.size() == 400);
  for (std::size_t i = 0; i < skip.size(); ++i) CHECK(skip[i] == (all_ids[i] % 4 != 0));
  // Records claimed for the wrong chunk are not in its scan: never skipped.
  std::vector<bool> wrong;
  const std::uint64_t offset = scan.chunks[0].records[1].file_offset, id = scan.chunks[0].records[1].record_id;
  decider.decide_chunk(bytes.data(), bytes.size(), 1, &offset, &id, 1, wrong);
  REQUIRE(wrong.size() == 1);
  CHECK_FALSE(wrong[0]);
}
