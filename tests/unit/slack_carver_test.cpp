// The slack-space carver on hand-made chunks: whole records after the live ones,
// fragments with their reason, chunks with a bad signature, and the reader joining libevtx's
// recovered list with the carver (real offsets, built-in fallback, fragments counted apart).
#include <doctest/doctest.h>

#include "binxml/record_decoder.hpp"
#include "binxml_test_builder.hpp"
#include "carve/slack_carver.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/writer.hpp"

using binxml_test::ChunkBuilder;
using binxml_test::le;
using binxml_test::utf16_bytes;
using evtxdiag::carve::carve_chunk;
using evtxdiag::carve::carve_file;

namespace {

constexpr std::uint64_t kTicks = 132'000'000'000'000'000ULL;  // 2019-04-17T18:40:00Z
constexpr std::size_t kChunk = 4096;                          // file offset of chunk 0

struct SlackFile {
  std::vector<std::uint8_t> bytes;
  std::vector<std::size_t> records;  // chunk offsets of records 1..3
  std::size_t definition = 0;        // chunk offset of the inline template definition
};

// Three records (ids 10, 11, 12), the first defining the template, the others referencing it;
// the chunk header then claims only the first, so records 11 and 12 lie in slack space.
SlackFile three_records_two_in_slack() {
  ChunkBuilder b;
  SlackFile out;
  std::size_t definition = 0;
  for (std::uint64_t id = 10; id <= 12; ++id) {
    out.records.push_back(b.begin_record(id, kTicks + id));
    if (id == 10) {
      const std::size_t slot = b.begin_inline_template();
      definition = slot - 20;
      binxml_test::event_template_body(b);
      b.end_definition(slot);
    } else {
      b.template_reference(definition);
    }
    b.values({{0x01, utf16_bytes("Prov")}, {0x06, le(7000 + id, 2)}, {0x11, le(kTicks, 8)}, {0x01, utf16_bytes("x")}});
    b.end_record();
  }
  out.bytes = b.file(10);
  out.definition = definition;
  auto put32 = [&](std::size_t chunk_offset, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.bytes[kChunk + chunk_offset + i] = static_cast<std::uint8_t>(v >> (8 * i));
  };
  namespace ch = evtxdiag::evtx::chunk_header;
  put32(ch::last_record_offset, static_cast<std::uint32_t>(out.records[0]));
  put32(ch::free_space_offset, static_cast<std::uint32_t>(out.records[1]));
  out.bytes[kChunk + ch::last_record_number] = 1;
  return out;
}

// The project's writer makes records libevtx reads too: three events of one template, then
// the chunk header is cut back to the first record, leaving records 2 and 3 in slack space.
SlackFile written_file_two_in_slack() {
  std::vector<evtxdiag::Event> events;
  for (std::uint64_t id = 10; id <= 12; ++id) {
    evtxdiag::Event e;
    e.provider_name = "Prov";
    e.event_id = static_cast<std::uint32_t>(7000 + id);
    e.time_created = evtxdiag::Timestamp{kTicks + id};
    e.event_record_id = id;
    e.data.push_back({"v", "x" + std::to_string(id)});
    events.push_back(e);
  }
  SlackFile out;
  out.bytes = evtxdiag::write_evtx(events);
  std::size_t at = evtxdiag::evtx::chunk_header::size;
  for (int i = 0; i < 3; ++i) {
    out.records.push_back(at);
    at += evtxdiag::evtx::load_u32(out.bytes.data() + kChunk + at + 4);
  }
  namespace ch = evtxdiag::evtx::chunk_header;
  for (int i = 0; i < 4; ++i) {
    out.bytes[kChunk + ch::last_record_offset + i] = static_cast<std::uint8_t>(out.records[0] >> (8 * i));
    out.bytes[kChunk + ch::free_space_offset + i] = static_cast<std::uint8_t>(out.records[1] >> (8 * i));
  }
  out.bytes[kChunk + ch::last_record_number] = out.bytes[kChunk + ch::first_record_number];
  return out;
}

void put32(std::vector<std::uint8_t>& bytes, std::size_t file_offset, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[file_offset + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

evtxdiag::ReadSummary read(const std::vector<std::uint8_t>& bytes, evtxdiag::DecoderChoice choice,
                           std::vector<evtxdiag::Event>& events) {
  evtxdiag::EvtxReader reader = evtxdiag::EvtxReader::open_buffer(bytes, "slack.evtx");
  evtxdiag::ReadOptions options;
  options.recovered = true;
  options.decoder = choice;
  return reader.read(options, [&](evtxdiag::Event&& e) { events.push_back(std::move(e)); });
}

}  // namespace

TEST_CASE("records after the live ones are carved with offset, id, size and time") {
  const SlackFile f = three_records_two_in_slack();
  const auto found = carve_file(f.bytes.data(), f.bytes.size());
  REQUIRE(found.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(found[i].chunk_index == 0);
    CHECK(found[i].file_offset == kChunk + f.records[i + 1]);
    CHECK(found[i].record_id == 11 + i);
    CHECK(found[i].written_time == kTicks + 11 + i);
    CHECK(found[i].size == f.records[2] - f.records[1]);
    CHECK(found[i].intact);
    CHECK(found[i].libevtx_visible);
    CHECK(found[i].reason.empty());
  }
}

TEST_CASE("fragments are named with their reason and the search goes on after them") {
  SlackFile f = three_records_two_in_slack();
  SUBCASE("size copy overwritten") {
    const std::size_t end = f.records[2];
    put32(f.bytes, kChunk + end - 4, 0x12345678);  // record 11's size copy
    const auto found = carve_file(f.bytes.data(), f.bytes.size());
    REQUIRE(found.size() == 2);
    CHECK_FALSE(found[0].intact);
    CHECK_FALSE(found[0].libevtx_visible);
    CHECK(found[0].reason.find("size copy") != std::string::npos);
    CHECK(found[0].reason.find("overwritten") != std::string::npos);
    CHECK(found[1].intact);  // record 12 still found: the fragment was not stepped over
  }
  SUBCASE("size past the end of the chunk") {
    put32(f.bytes, kChunk + f.records[2] + 4, 70000);
    const auto found = carve_file(f.bytes.data(), f.bytes.size());
    REQUIRE(found.size() == 2);
    CHECK(found[1].reason.find("past the end of the chunk") != std::string::npos);
  }
  SUBCASE("size smaller than a record") {
    put32(f.bytes, kChunk + f.records[2] + 4, 20);
    CHECK(carve_file(f.bytes.data(), f.bytes.size())[1].reason.find("smaller than a record") != std::string::npos);
  }
  SUBCASE("implausible record id and written time") {
    put32(f.bytes, kChunk + f.records[1] + 8, 0);
    put32(f.bytes, kChunk + f.records[2] + 20, 0xFFFFFFFF);
    const auto found = carve_file(f.bytes.data(), f.bytes.size());
    REQUIRE(found.size() == 2);
    CHECK(found[0].reason.find("implausible record id") != std::string::npos);
    CHECK(found[0].libevtx_visible);  // libevtx does not judge ids: it still lists the record
    CHECK(found[1].reason.find("implausible written time") != std::string::npos);
  }
}

TEST_CASE("chunks with a bad signature are carved whole; zero chunks and missing chunks give nothing") {
  SlackFile f = three_records_two_in_slack();
  f.bytes[kChunk] = 'X';
  const auto found = carve_chunk(f.bytes.data(), f.bytes.size(), 0);
  REQUIRE(found.size() == 3);
  CHECK(found[0].file_offset == kChunk + f.records[0]);
  CHECK(carve_chunk(f.bytes.data(), f.bytes.size(), 1).empty());
  std::vector<std::uint8_t> zero(kChunk + evtxdiag::evtx::kChunkSize, 0);
  CHECK(carve_file(zero.data(), zero.size()).empty());
  CHECK(carve_file(nullptr, 0).empty());
}

TEST_CASE("a slack record whose template definition was overwritten is reported as such") {
  SlackFile f = three_records_two_in_slack();
  const std::uint64_t slack_record = kChunk + f.records[1];
  const auto intact = evtxdiag::binxml::decode_record(f.bytes.data(), f.bytes.size(), slack_record, false, true);
  REQUIRE_MESSAGE(intact.ok, intact.error);
  CHECK(intact.event.event_id == 7011);
  // A newer record written over the definition: its GUID no longer starts with the template id.
  put32(f.bytes, kChunk + f.definition + 4, 0xDEADBEEF);
  const auto damaged = evtxdiag::binxml::decode_record(f.bytes.data(), f.bytes.size(), slack_record, false, true);
  CHECK_FALSE(damaged.ok);
  CHECK(damaged.error.find("is overwritten") != std::string::npos);
  CHECK(damaged.error_offset == static_cast<std::int64_t>(kChunk + f.definition));
}

TEST_CASE("a slack record using a name whose stored hash no longer matches is reported as overwritten") {
  SlackFile f = three_records_two_in_slack();
  const std::uint64_t slack_record = kChunk + f.records[1];
  // The first name of the chunk ("Event") sits inline in the definition; break its hash.
  const std::size_t name = f.definition + 24 + 4 + 1 + 2 + 4 + 4;  // body: fragment header, 0x01, dep id, size, offset
  REQUIRE(evtxdiag::evtx::load_u16(f.bytes.data() + kChunk + name + 6) == 5);  // "Event"
  f.bytes[kChunk + name + 4] ^= 0xFF;
  const auto live = evtxdiag::binxml::decode_record(f.bytes.data(), f.bytes.size(), kChunk + f.records[0], false);
  CHECK_MESSAGE(live.ok, live.error);  // live records are not judged by name hashes
  const auto damaged = evtxdiag::binxml::decode_record(f.bytes.data(), f.bytes.size(), slack_record, false, true);
  CHECK_FALSE(damaged.ok);
  CHECK(damaged.error.find("name at chunk offset") != std::string::npos);
  CHECK(damaged.error.find("stored hash") != std::string::npos);
}

TEST_CASE("the reader joins libevtx's recovered records with the carver's offsets") {
  const SlackFile f = written_file_two_in_slack();
  for (const auto choice : {evtxdiag::DecoderChoice::automatic, evtxdiag::DecoderChoice::builtin_only,
                            evtxdiag::DecoderChoice::libevtx_only}) {
    CAPTURE(static_cast<int>(choice));
    std::vector<evtxdiag::Event> events;
    const auto summary = read(f.bytes, choice, events);
    CHECK(summary.live_decoded == 1);
    CHECK(summary.recovered_records == 2);
    CHECK(summary.recovered_decoded == 2);
    CHECK(summary.undecodable == 0);
    REQUIRE(events.size() == 3);
    CHECK(events[1].origin == evtxdiag::RecordOrigin::recovered);
    CHECK(events[1].file_offset == static_cast<std::int64_t>(kChunk + f.records[1]));
    CHECK(events[2].file_offset == static_cast<std::int64_t>(kChunk + f.records[2]));
    CHECK(events[2].event_id == 7012);
    // The built-in decoder decodes by default; libevtx only when chosen alone.
    CHECK(events[2].decoder == (choice == evtxdiag::DecoderChoice::libevtx_only ? evtxdiag::DecoderKind::libevtx
                                                                                : evtxdiag::DecoderKind::builtin));
  }
}

TEST_CASE("fragments are counted apart from undecodable records, with file, chunk and offset") {
  SlackFile f = written_file_two_in_slack();
  put32(f.bytes, kChunk + f.records[2] - 4, 0x12345678);  // record 11 becomes a fragment
  std::vector<evtxdiag::Event> events;
  const auto summary = read(f.bytes, evtxdiag::DecoderChoice::automatic, events);
  CHECK(summary.recovered_records == 1);
  CHECK(summary.recovered_fragments == 1);
  CHECK(summary.undecodable == 0);
  CHECK(events.size() == 2);
  bool reported = false;
  for (const auto& d : summary.diagnostics)
    if (d.message.find("fragment: size copy") != std::string::npos) {
      reported = true;
      CHECK(d.file == "slack.evtx");
      CHECK(d.chunk_index == std::optional<std::uint64_t>(0));
      CHECK(d.record_id == std::optional<std::uint64_t>(11));
      CHECK(d.offset == std::optional<std::int64_t>(kChunk + f.records[1]));
      CHECK(d.severity == evtxdiag::Severity::warning);
    }
  CHECK(reported);
}

TEST_CASE("a slack record no decoder reads is undecodable with its real offset and the reason") {
  SlackFile f = written_file_two_in_slack();
  // Record 12 refers to a definition at the start of record 11's data instead: not a template.
  put32(f.bytes, kChunk + f.records[2] + 24 + 4 + 6, static_cast<std::uint32_t>(f.records[1] + 8));
  std::vector<evtxdiag::Event> events;
  const auto summary = read(f.bytes, evtxdiag::DecoderChoice::automatic, events);
  CHECK(summary.recovered_undecodable == 1);
  CHECK(summary.recovered_fragments == 0);
  bool reported = false;
  for (const auto& d : summary.diagnostics)
    if (d.offset == std::optional<std::int64_t>(kChunk + f.records[2])) {
      reported = true;
      CHECK(d.record_id == std::optional<std::uint64_t>(12));
      CHECK(d.message.find("overwritten") != std::string::npos);
    }
  CHECK(reported);
}
