// The chunk-by-chunk walk (what the reader uses to bound its memory) finds exactly what the
// whole-file walk finds, and goes on past a record whose size field is damaged (issue 21).
#include <doctest/doctest.h>

#include <algorithm>

#include "evtxdiag/writer.hpp"
#include "format/record_locator.hpp"

namespace {

// `count` events of one provider with record ids 1..count, each with a text of `text_size`
// bytes: a log whose records the walk must find.
std::vector<evtxdiag::Event> noise_events(std::uint64_t count, std::size_t text_size) {
  std::vector<evtxdiag::Event> events;
  for (std::uint64_t i = 1; i <= count; ++i) {
    evtxdiag::Event e;
    e.provider_name = "Noise";
    e.event_id = 7;
    e.time_created = evtxdiag::Timestamp{132'000'000'000'000'000ULL + i};
    e.event_record_id = i;
    e.data = {{"text", std::string(text_size, 'x')}};
    events.push_back(e);
  }
  return events;
}

}  // namespace

TEST_CASE("locate_chunk_records over every chunk equals locate_records") {
  auto bytes = evtxdiag::write_evtx(noise_events(500, 300));
  const std::uint64_t chunks = evtxdiag::evtx::whole_chunks(bytes.size());
  REQUIRE(chunks >= 3);
  CHECK(evtxdiag::evtx::whole_chunks(4096) == 0);
  CHECK(evtxdiag::evtx::whole_chunks(4096 + 65536 + 10) == 1);
  // A damaged record size in the middle chunk: the walk re-delimits that record by its size
  // copy and the next record, and goes on.
  const auto whole = evtxdiag::evtx::locate_records(bytes.data(), bytes.size());
  std::uint64_t in_chunk1 = 0, damaged_id = 0;
  for (const auto& r : whole)
    if (r.chunk_index == 1 && ++in_chunk1 == 5) {
      bytes[r.offset + 4] ^= 0x40;
      damaged_id = r.record_id;
    }
  const auto expected = evtxdiag::evtx::locate_records(bytes.data(), bytes.size());
  REQUIRE(expected.size() == whole.size());
  std::vector<evtxdiag::evtx::LocatedRecord> located;
  std::vector<evtxdiag::evtx::ChunkWalk> walks;
  for (std::uint64_t chunk = 0; chunk < chunks + 2; ++chunk)  // chunks past the end add nothing
    walks.push_back(evtxdiag::evtx::walk_chunk(bytes.data(), bytes.size(), chunk, located));
  REQUIRE(located.size() == expected.size());
  for (std::size_t i = 0; i < located.size(); ++i) {
    CHECK(located[i].offset == expected[i].offset);
    CHECK(located[i].record_id == expected[i].record_id);
    CHECK(located[i].chunk_index == expected[i].chunk_index);
    CHECK(located[i].size == whole[i].size);
    CHECK(located[i].shape == (located[i].record_id == damaged_id ? evtxdiag::evtx::RecordShape::size_repaired
                                                                  : evtxdiag::evtx::RecordShape::whole));
  }
  CHECK(walks[1].damage.empty());
  CHECK(walks[chunks].state == evtxdiag::evtx::ChunkState::unused);
}

TEST_CASE("the walk goes on after bytes that hold no record, and reports them") {
  auto bytes = evtxdiag::write_evtx(noise_events(40, 100));
  const auto clean = evtxdiag::evtx::locate_records(bytes.data(), bytes.size());
  REQUIRE(clean.size() == 40);
  // Garbage from inside record 10 (its header kept) to inside record 12 (its header gone).
  for (std::uint64_t at = clean[9].offset + 30; at < clean[11].offset + 12; ++at) bytes[at] = 0xA5;
  std::vector<evtxdiag::evtx::LocatedRecord> located;
  const auto walk = evtxdiag::evtx::walk_chunk(bytes.data(), bytes.size(), 0, located);
  REQUIRE(located.size() == 38);  // records 11 and 12 are gone
  CHECK(located[9].record_id == 10);
  CHECK(located[9].shape == evtxdiag::evtx::RecordShape::damaged);
  CHECK(located[10].record_id == 13);
  CHECK(located[10].offset == clean[12].offset);
  CHECK(located.back().record_id == 40);
  REQUIRE(walk.damage.size() == 1);
  CHECK(walk.damage[0].offset == clean[9].offset);
  CHECK(walk.damage[0].length == clean[12].offset - clean[9].offset);
  CHECK(walk.damage[0].why.find("record 10 declares size") != std::string::npos);
}

TEST_CASE("a record whose only damage is its size copy is delimited by its size field and the next record") {
  auto bytes = evtxdiag::write_evtx(noise_events(20, 50));
  const auto clean = evtxdiag::evtx::locate_records(bytes.data(), bytes.size());
  REQUIRE(clean.size() == 20);
  // The size copies of record 7 (followed by a record) and of record 20 (the chunk's last, up
  // to the chunk's free space) flipped.
  for (const std::size_t i : {6, 19}) bytes[clean[i].offset + clean[i].size - 2] ^= 0x01;
  std::vector<evtxdiag::evtx::LocatedRecord> located;
  const auto walk = evtxdiag::evtx::walk_chunk(bytes.data(), bytes.size(), 0, located);
  REQUIRE(located.size() == 20);
  CHECK(walk.damage.empty());  // no bytes without a record: every record is delimited
  for (std::size_t i = 0; i < 20; ++i) {
    CHECK(located[i].offset == clean[i].offset);
    CHECK(located[i].size == clean[i].size);
    const bool flipped = i == 6 || i == 19;
    CHECK(located[i].shape ==
          (flipped ? evtxdiag::evtx::RecordShape::size_copy_repaired : evtxdiag::evtx::RecordShape::whole));
    CHECK(evtxdiag::evtx::describe_repair(located[i]).empty() == !flipped);
  }
  CHECK(located[6].copy_size == (clean[6].size ^ 0x10000));
  CHECK(evtxdiag::evtx::describe_repair(located[6]).find("the size copy at the record's end reads 0x") == 0);
  // Both sizes wrong in different ways: nothing agrees, the record stays damaged.
  bytes[clean[9].offset + 4] ^= 0x08;
  bytes[clean[9].offset + clean[9].size - 3] ^= 0x08;
  located.clear();
  const auto damaged = evtxdiag::evtx::walk_chunk(bytes.data(), bytes.size(), 0, located);
  REQUIRE(located.size() == 20);
  CHECK(located[9].shape == evtxdiag::evtx::RecordShape::damaged);
  CHECK(damaged.damage.size() == 1);
}

TEST_CASE("a chunk whose only damage is its signature is walked") {
  std::vector<evtxdiag::Event> events(3);
  for (std::uint64_t i = 0; i < 3; ++i) {
    events[i].provider_name = "Noise";
    events[i].time_created = evtxdiag::Timestamp{132'000'000'000'000'000ULL + i};
    events[i].event_record_id = i + 1;
  }
  auto bytes = evtxdiag::write_evtx(events);
  std::copy_n("ElfJunk", 7, bytes.begin() + 4096);
  std::vector<evtxdiag::evtx::LocatedRecord> located;
  CHECK(evtxdiag::evtx::walk_chunk(bytes.data(), bytes.size(), 0, located).state ==
        evtxdiag::evtx::ChunkState::signature_damaged);
  CHECK(located.size() == 3);
  CHECK(evtxdiag::evtx::anything_readable(bytes.data(), bytes.size()));
  // Without a plausible chunk header and records, nothing is readable.
  std::fill(bytes.begin() + 4096, bytes.end(), 0x5A);
  located.clear();
  CHECK(evtxdiag::evtx::walk_chunk(bytes.data(), bytes.size(), 0, located).state ==
        evtxdiag::evtx::ChunkState::unreadable);
  CHECK_FALSE(evtxdiag::evtx::anything_readable(bytes.data(), bytes.size()));
}
