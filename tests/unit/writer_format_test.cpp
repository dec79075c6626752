// EvtxWriter output checked at the byte level against libyal's EVTX format document:
// header fields and CRCs, chunk rollover, per-chunk name and template tables, determinism.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "evtxdiag/error.hpp"
#include "evtxdiag/writer.hpp"
#include "format/format.hpp"

using namespace evtxdiag;
using namespace evtxdiag::evtx;

namespace {

Event make_event(std::uint64_t record_id, int shape) {
  Event e;
  e.event_record_id = record_id;
  e.time_created = *Timestamp::parse_iso("2012-01-18T07:26:31.3100000Z");
  e.time_created.ticks += record_id * Timestamp::ticks_per_second;
  e.channel = "System";
  e.computer = "SRV01.contoso.local";
  if (shape == 0) {
    e.provider_name = "volsnap";
    e.event_id = 27;
    e.qualifiers = 49158;
    e.data = {{"1", "\\Device\\HarddiskVolumeShadowCopy7"}, {"2", "C:"}};
    e.binary_hex = "0000000001000000";
  } else {
    e.provider_name = "Microsoft-Windows-Backup";
    e.provider_guid = "{1db28f2e-8f80-4027-8c5a-a11f7f10f62d}";
    e.event_id = 5;
    e.data = {{"BackupTime", "2012-01-18T07:00:00Z"}, {"ErrorCode", "2155348165"}};
  }
  return e;
}

std::vector<std::uint8_t> write_events(std::size_t count, int shapes) {
  EvtxWriter writer;
  for (std::size_t i = 0; i < count; ++i)
    writer.add(make_event(1000 + i, static_cast<int>(i % static_cast<std::size_t>(shapes))));
  return writer.finish();
}

std::size_t chunk_count(const std::vector<std::uint8_t>& file) {
  return (file.size() - kFileHeaderBlockSize) / kChunkSize;
}
const std::uint8_t* chunk_at(const std::vector<std::uint8_t>& file, std::size_t k) {
  return file.data() + kFileHeaderBlockSize + k * kChunkSize;
}

// Template definitions reachable from the chunk's template table (python-evtx's check included:
// byte 10 before an entry is 0x0C and the u32 4 before it is the entry itself).
std::size_t count_templates(const std::uint8_t* chunk) {
  std::size_t count = 0;
  for (std::size_t b = 0; b < chunk_header::template_buckets; ++b) {
    for (std::uint32_t at = load_u32(chunk + chunk_header::template_table + 4 * b); at != 0;
         at = load_u32(chunk + at)) {
      REQUIRE(at < kChunkSize);
      CHECK(chunk[at - 10] == token::template_instance);
      CHECK(load_u32(chunk + at - 4) == at);
      ++count;
    }
  }
  return count;
}

}  // namespace

TEST_CASE("one-record file: header fields and checksums") {
  const auto file = write_events(1, 1);
  REQUIRE(file.size() == kFileHeaderBlockSize + kChunkSize);
  CHECK(std::string(reinterpret_cast<const char*>(file.data()), 8) == std::string(kFileSignature));
  CHECK(load_u64(&file[file_header::first_chunk_number]) == 0);
  CHECK(load_u64(&file[file_header::last_chunk_number]) == 0);
  CHECK(load_u64(&file[file_header::next_record_id]) == 1001);
  CHECK(load_u32(&file[file_header::header_size]) == 128);
  CHECK(load_u16(&file[file_header::minor_version]) == 1);
  CHECK(load_u16(&file[file_header::major_version]) == 3);
  CHECK(load_u16(&file[file_header::header_block_size]) == 4096);
  CHECK(load_u16(&file[file_header::chunk_count]) == 1);
  CHECK(load_u32(&file[file_header::flags]) == 0);
  CHECK(load_u32(&file[file_header::checksum]) == crc32(file.data(), 120));

  const std::uint8_t* chunk = chunk_at(file, 0);
  CHECK(std::string(reinterpret_cast<const char*>(chunk), 8) == std::string(kChunkSignature));
  CHECK(load_u64(chunk + chunk_header::first_record_number) == 1);
  CHECK(load_u64(chunk + chunk_header::last_record_number) == 1);
  CHECK(load_u64(chunk + chunk_header::first_record_id) == 1000);
  CHECK(load_u64(chunk + chunk_header::last_record_id) == 1000);
  CHECK(load_u32(chunk + chunk_header::header_size) == 128);
  CHECK(load_u32(chunk + chunk_header::last_record_offset) == 512);
  const std::uint32_t free_space = load_u32(chunk + chunk_header::free_space_offset);
  CHECK(load_u32(chunk + chunk_header::records_checksum) == crc32(chunk + 512, free_space - 512));
  CHECK(load_u32(chunk + chunk_header::header_checksum) == crc32(chunk + 128, 384, crc32(chunk, 120)));

  // The record: signature, size (multiple of 8) and its copy, id, written time = TimeCreated.
  const std::uint8_t* record = chunk + 512;
  const std::uint32_t size = load_u32(record + 4);
  CHECK(load_u32(record) == kRecordSignature);
  CHECK(size % 8 == 0);
  CHECK(512 + size == free_space);
  CHECK(load_u32(record + size - 4) == size);
  CHECK(load_u64(record + 8) == 1000);
  CHECK(load_u64(record + 16) == make_event(1000, 0).time_created.ticks);
  CHECK(record[24] == token::fragment_header);
  CHECK(record[28] == token::template_instance);
  for (std::size_t i = free_space; i < kChunkSize; ++i) REQUIRE(chunk[i] == 0);  // no slack for "recovery"
}

TEST_CASE("string table: each name once, correct hash and bucket, chains newest first") {
  const auto file = write_events(2, 2);
  const std::uint8_t* chunk = chunk_at(file, 0);
  std::set<std::u16string> names;
  for (std::size_t b = 0; b < chunk_header::string_buckets; ++b) {
    std::uint32_t previous = 0xFFFFFFFF;
    for (std::uint32_t at = load_u32(chunk + chunk_header::string_table + 4 * b); at != 0; at = load_u32(chunk + at)) {
      REQUIRE(at < kChunkSize);
      CHECK(at < previous);  // newest (highest offset) first
      previous = at;
      std::u16string name;
      for (std::uint16_t i = 0; i < load_u16(chunk + at + 6); ++i)
        name += static_cast<char16_t>(load_u16(chunk + at + 8 + 2 * i));
      CHECK(load_u16(chunk + at + 8 + 2 * name.size()) == 0);  // NUL terminator
      CHECK(load_u16(chunk + at + 4) == name_hash(name));
      CHECK(name_hash(name) % chunk_header::string_buckets == b);
      CHECK(names.insert(name).second);
    }
  }
  for (const char16_t* expected : {u"Event", u"xmlns", u"System", u"Provider", u"Name", u"Guid", u"EventID",
                                   u"Qualifiers", u"TimeCreated", u"SystemTime", u"EventData", u"Data", u"Binary"})
    CHECK(names.count(expected) == 1);
  CHECK(names.count(u"EventSourceName") == 0);  // no event had one: the attribute is left out
}

TEST_CASE("chunk rollover: records never cross chunks, counters and ids continue") {
  const auto file = write_events(1500, 2);
  const std::size_t chunks = chunk_count(file);
  REQUIRE(chunks >= 4);
  CHECK(load_u16(&file[file_header::chunk_count]) == chunks);
  CHECK(load_u64(&file[file_header::last_chunk_number]) == chunks - 1);
  CHECK(load_u64(&file[file_header::next_record_id]) == 2500);
  std::uint64_t expected_number = 1;
  for (std::size_t k = 0; k < chunks; ++k) {
    const std::uint8_t* chunk = chunk_at(file, k);
    const std::uint32_t free_space = load_u32(chunk + chunk_header::free_space_offset);
    CHECK(free_space <= 65528);
    CHECK(load_u32(chunk + chunk_header::records_checksum) == crc32(chunk + 512, free_space - 512));
    CHECK(load_u32(chunk + chunk_header::header_checksum) == crc32(chunk + 128, 384, crc32(chunk, 120)));
    CHECK(load_u64(chunk + chunk_header::first_record_number) == expected_number);
    // Walk the records: contiguous from 512 to the free space offset, ids = 999 + number.
    std::uint32_t at = 512, last = 0;
    while (at < free_space) {
      CHECK(load_u32(chunk + at) == kRecordSignature);
      CHECK(load_u64(chunk + at + 8) == 999 + expected_number);
      last = at;
      at += load_u32(chunk + at + 4);
      ++expected_number;
    }
    CHECK(at == free_space);
    CHECK(load_u32(chunk + chunk_header::last_record_offset) == last);
    CHECK(load_u64(chunk + chunk_header::last_record_number) == expected_number - 1);
    CHECK(load_u64(chunk + chunk_header::last_record_id) == 999 + expected_number - 1);
    // Two event shapes -> two System templates + two EventData templates, defined once per chunk.
    CHECK(count_templates(chunk) == 4);
  }
  CHECK(expected_number == 1501);
}

TEST_CASE("same events give identical bytes; empty log is one valid empty chunk") {
  CHECK(write_events(300, 2) == write_events(300, 2));
  const auto empty = write_evtx({});
  REQUIRE(empty.size() == kFileHeaderBlockSize + kChunkSize);
  const std::uint8_t* chunk = chunk_at(empty, 0);
  CHECK(load_u64(chunk + chunk_header::first_record_number) == 0);
  CHECK(load_u64(chunk + chunk_header::last_record_number) == 0);
  CHECK(load_u32(chunk + chunk_header::last_record_offset) == 0);
  CHECK(load_u32(chunk + chunk_header::free_space_offset) == 512);
  CHECK(load_u64(&empty[file_header::next_record_id]) == 1);
}

TEST_CASE("events that cannot be written are refused and leave the writer unchanged") {
  EvtxWriter writer;
  writer.add(make_event(10, 0));
  auto refused = [&writer](Event e, const std::string& message) {
    try {
      writer.add(e);
      FAIL("accepted: " << message);
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::invalid_input);
      CHECK(std::string(error.what()) == message);
    }
  };
  refused(make_event(10, 0), "cannot write event: record_id: 10 is not greater than the previous record's 10");
  Event bad = make_event(11, 0);
  bad.event_id = 70000;
  refused(bad, "cannot write event: event_id: 70000 is above 65535");
  bad = make_event(11, 1);
  bad.provider_guid = "{not-a-guid}";
  refused(bad, "cannot write event: guid: '{not-a-guid}' is not a GUID like {01234567-89AB-CDEF-0123-456789ABCDEF}");
  bad = make_event(11, 0);
  bad.data[0].value.assign(40000, 'x');
  refused(bad, "cannot write event: record 11 is larger than a 64 KiB chunk can hold");
  bad = make_event(11, 0);
  bad.provider_name.clear();
  refused(bad, "cannot write event: provider: missing");
  CHECK(writer.size() == 1);
  writer.add(make_event(11, 0));
  const auto file = writer.finish();
  CHECK(load_u64(chunk_at(file, 0) + chunk_header::last_record_number) == 2);
  CHECK(writer.size() == 0);
}
