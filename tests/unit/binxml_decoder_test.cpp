// The built-in binary-XML decoder on hand-made records: every value type, arrays, nested
// BinXml, NULL handling, bounds violations and the nesting limits.
#include <doctest/doctest.h>

#include "binxml/record_decoder.hpp"
#include "binxml/values.hpp"
#include "binxml_test_builder.hpp"

using binxml_test::ChunkBuilder;
using binxml_test::le;
using binxml_test::utf16_bytes;
using evtxdiag::binxml::decode_record;

namespace {

constexpr std::uint64_t kTicks = 132'000'000'000'000'000ULL;  // 2019-04-17T18:40:00Z
constexpr std::uint64_t kRecordOffset = 4096 + 512;

// One record with the standard template and `payload` as value %3.
std::vector<std::uint8_t> record_with(const ChunkBuilder::Value& payload, bool payload_inline = true) {
  ChunkBuilder b;
  b.begin_record(42, kTicks);
  const std::size_t slot = b.begin_inline_template();
  binxml_test::event_template_body(b, payload_inline);
  b.end_definition(slot);
  b.values({{0x01, utf16_bytes("Prov")}, {0x06, le(7036, 2)}, {0x11, le(kTicks, 8)}, payload});
  b.end_record();
  return b.file();
}

std::string decoded_value(std::uint8_t type, const std::vector<std::uint8_t>& bytes) {
  const auto file = record_with({type, bytes});
  const auto result = decode_record(file.data(), file.size(), kRecordOffset, true);
  REQUIRE_MESSAGE(result.ok, result.error);
  REQUIRE(result.event.data.size() == 1);
  return result.event.data[0].value;
}

}  // namespace

TEST_CASE("a record's System fields and Data come out of the template instance") {
  const auto file = record_with({0x01, utf16_bytes("hello")});
  const auto result = decode_record(file.data(), file.size(), kRecordOffset, true);
  REQUIRE_MESSAGE(result.ok, result.error);
  const auto& e = result.event;
  CHECK(e.decoder == evtxdiag::DecoderKind::builtin);
  CHECK(e.record_number == 42);
  CHECK(e.file_offset == static_cast<std::int64_t>(kRecordOffset));
  CHECK(e.provider_name == "Prov");
  CHECK(e.event_id == 7036);
  CHECK(e.time_created.ticks == kTicks);
  CHECK(e.written_time.ticks == kTicks);
  REQUIRE(e.data.size() == 1);
  CHECK(e.data[0].name == "v");
  CHECK(e.data[0].value == "hello");
  CHECK(e.xml.find("<TimeCreated SystemTime=\"2019-04-17T18:40:00.000000000Z\"/>") != std::string::npos);
}

TEST_CASE("every scalar value type is formatted as libevtx formats it") {
  CHECK(decoded_value(0x01, {'a', 0, '&', 0, 0, 0}) == "a&");     // NUL ends the string
  CHECK(decoded_value(0x02, {'A', 0x80, 0}) == "A\xE2\x82\xAC");  // cp1252 euro sign
  CHECK(decoded_value(0x03, {0xFB}) == "-5");                     // libevtx prints -123 here (its bug)
  CHECK(decoded_value(0x04, {0xFB}) == "251");
  CHECK(decoded_value(0x05, le(0xFFFE, 2)) == "-2");
  CHECK(decoded_value(0x06, le(65535, 2)) == "65535");
  CHECK(decoded_value(0x07, le(0xFFFFFDE4, 4)) == "-540");
  CHECK(decoded_value(0x08, le(4000000000U, 4)) == "4000000000");
  CHECK(decoded_value(0x09, le(0xFFFFFFFFFFFFFFFFULL, 8)) == "-1");
  CHECK(decoded_value(0x0A, le(18446744073709551615ULL, 8)) == "18446744073709551615");
  CHECK(decoded_value(0x0B, le(0x3FC00000, 4)) == "1.500000e+000");
  CHECK(decoded_value(0x0C, le(0xC002000000000000ULL, 8)) == "-2.250000e+000");
  CHECK(decoded_value(0x0D, le(1, 4)) == "true");
  CHECK(decoded_value(0x0D, le(0, 4)) == "false");
  CHECK(decoded_value(0x0E, {0x01, 0xAB, 0xFF}) == "01ABFF");
  CHECK(decoded_value(0x0F, {0x67, 0x45, 0x23, 0x01, 0xAB, 0x89, 0xEF, 0xCD, 1, 2, 3, 4, 5, 6, 7, 0xFE}) ==
        "{01234567-89AB-CDEF-0102-0304050607FE}");
  CHECK(decoded_value(0x10, le(12345, 4)) == "12345");
  CHECK(decoded_value(0x10, le(1ULL << 40, 8)) == "1099511627776");
  CHECK(decoded_value(0x11, le(kTicks + 1234567, 8)) == "2019-04-17T18:40:00.123456700Z");
  std::vector<std::uint8_t> st;
  for (std::uint16_t v : {2024, 3, 5, 1, 12, 30, 45, 250})
    for (auto x : le(v, 2)) st.push_back(x);
  CHECK(decoded_value(0x12, st) == "2024-03-01T12:30:45.250Z");
  CHECK(decoded_value(0x13, {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0}) == "S-1-5-18");
  CHECK(decoded_value(0x14, le(0x1F, 4)) == "0x0000001f");
  CHECK(decoded_value(0x15, le(0x1F, 8)) == "0x000000000000001f");
}

TEST_CASE("wrong value sizes and unknown types fail the record with an offset") {
  for (const auto& bad :
       std::vector<ChunkBuilder::Value>{{0x08, {1, 2}}, {0x0F, {1}}, {0x13, {1, 5}}, {0x20, {}}, {0x10, {1, 2, 3}}}) {
    const auto file = record_with(bad);
    const auto result = decode_record(file.data(), file.size(), kRecordOffset, false);
    CHECK_FALSE(result.ok);
    CHECK(result.error_offset > static_cast<std::int64_t>(kRecordOffset));
  }
}

TEST_CASE("arrays repeat the enclosing element once per item") {
  const auto file = record_with({0x81, utf16_bytes(std::string("a\0bb\0", 5))});
  const auto result = decode_record(file.data(), file.size(), kRecordOffset, false);
  REQUIRE_MESSAGE(result.ok, result.error);
  REQUIRE(result.event.data.size() == 2);
  CHECK(result.event.data[0].value == "a");
  CHECK(result.event.data[1].value == "bb");
  const auto numbers = record_with({0x88, {1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0}});
  const auto r2 = decode_record(numbers.data(), numbers.size(), kRecordOffset, false);
  REQUIRE(r2.event.data.size() == 3);
  CHECK(r2.event.data[2].value == "3");
  // An empty array still renders its element once, empty (libevtx does; seen in RestartManager events).
  const auto empty = record_with({0x81, {}});
  const auto r3 = decode_record(empty.data(), empty.size(), kRecordOffset, false);
  REQUIRE(r3.event.data.size() == 1);
  CHECK(r3.event.data[0].value == "");
}

TEST_CASE("an optional NULL drops its element; a nested BinXml value becomes the payload") {
  const auto null_file = record_with({0x00, {}});
  const auto dropped = decode_record(null_file.data(), null_file.size(), kRecordOffset, true);
  REQUIRE(dropped.ok);
  CHECK(dropped.event.data.empty());
  CHECK(dropped.event.xml.find("<Data") == std::string::npos);

  // %3 is 0x21: fragment header + template instance <EventData><Data>%0</Data></EventData>.
  ChunkBuilder b;
  b.begin_record(7, kTicks);
  const std::size_t slot = b.begin_inline_template();
  binxml_test::event_template_body(b, false);
  b.end_definition(slot);
  // Values of the outer instance; the nested document is written in place as value 3.
  ChunkBuilder::Value provider{0x01, utf16_bytes("Nested")}, id{0x06, le(4624, 2)}, time{0x11, le(kTicks, 8)};
  b.u32(4);
  for (const auto* v : {&provider, &id, &time}) {
    b.u16(static_cast<std::uint16_t>(v->bytes.size()));
    b.u8(v->type);
    b.u8(0);
  }
  const std::size_t nested_size_slot = b.pos();
  b.u16(0);
  b.u8(0x21);
  b.u8(0);
  for (const auto* v : {&provider, &id, &time})
    for (auto x : v->bytes) b.u8(x);
  const std::size_t nested_start = b.pos();
  b.u32(0x0001010F);
  const std::size_t inner = b.begin_inline_template();
  const std::size_t event_data = b.open("EventData", false);
  b.close_start();
  const std::size_t data = b.open("Data", false);
  b.close_start();
  b.substitution(0, 0x01, false);
  b.end(data);
  b.end(event_data);
  b.end_definition(inner);
  b.values({{0x01, utf16_bytes("inside")}});
  b.u8(0x00);
  const std::size_t nested_size = b.pos() - nested_start;
  b.at(nested_size_slot) = nested_size & 0xFF;
  b.at(nested_size_slot + 1) = static_cast<std::uint8_t>(nested_size >> 8);
  b.end_record();
  const auto file = b.file();
  const auto result = decode_record(file.data(), file.size(), kRecordOffset, true);
  REQUIRE_MESSAGE(result.ok, result.error);
  CHECK(result.event.provider_name == "Nested");
  REQUIRE(result.event.data.size() == 1);
  CHECK(result.event.data[0].name == "1");
  CHECK(result.event.data[0].value == "inside");
}

TEST_CASE("bounds violations are errors with a file offset, never reads outside the chunk") {
  auto file = record_with({0x01, utf16_bytes("x")});
  SUBCASE("record size beyond the chunk") {
    evtxdiag::binxml::RecordDecodeResult r;
    file[kRecordOffset + 4] = 0xF0;
    file[kRecordOffset + 5] = 0xFF;
    r = decode_record(file.data(), file.size(), kRecordOffset, false);
    CHECK_FALSE(r.ok);
    CHECK(r.error_offset == static_cast<std::int64_t>(kRecordOffset + 4));
  }
  SUBCASE("template definition size beyond the record") {
    file[kRecordOffset + 24 + 4 + 10 + 20 + 1] = 0x7F;
    const auto r = decode_record(file.data(), file.size(), kRecordOffset, false);
    CHECK_FALSE(r.ok);
    CHECK(r.error_offset >= static_cast<std::int64_t>(kRecordOffset));
  }
  SUBCASE("value count larger than the data") {
    // Find the value count: after the inline definition (its size is at +20 of the definition).
    const std::size_t definition = kRecordOffset + 24 + 4 + 10;
    const std::size_t body = evtxdiag::evtx::load_u32(&file[definition + 20]);
    file[definition + 24 + body + 2] = 0x10;
    const auto r = decode_record(file.data(), file.size(), kRecordOffset, false);
    CHECK_FALSE(r.ok);
  }
  SUBCASE("every truncation of the record fails cleanly") {
    const std::uint32_t size = evtxdiag::evtx::load_u32(&file[kRecordOffset + 4]);
    for (std::uint32_t cut = 28; cut < size; cut += 3) {
      auto copy = file;
      for (std::size_t i = kRecordOffset + cut - 4; i < kRecordOffset + size; ++i) copy[i] = 0xEE;
      (void)decode_record(copy.data(), copy.size(), kRecordOffset, false);  // must not crash (ASan)
    }
  }
  SUBCASE("offsets outside the file") {
    CHECK_FALSE(decode_record(file.data(), file.size(), 100, false).ok);
    CHECK_FALSE(decode_record(file.data(), file.size(), file.size() + 10, false).ok);
    CHECK_FALSE(decode_record(file.data(), 5000, kRecordOffset, false).ok);
  }
}

TEST_CASE("nesting is limited: deep elements and self-referencing templates are errors") {
  ChunkBuilder deep;
  deep.begin_record(1, kTicks);
  const std::size_t slot = deep.begin_inline_template();
  std::vector<std::size_t> open;
  for (int i = 0; i < 200; ++i) {
    open.push_back(deep.open("E", false));
    deep.close_start();
  }
  for (auto it = open.rbegin(); it != open.rend(); ++it) deep.end(*it);
  deep.end_definition(slot);
  deep.values({});
  deep.end_record();
  const auto file = deep.file();
  const auto r = decode_record(file.data(), file.size(), kRecordOffset, false);
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("deeply") != std::string::npos);

  // A definition whose body instantiates itself.
  ChunkBuilder self;
  self.begin_record(1, kTicks);
  const std::size_t self_slot = self.begin_inline_template();
  const std::size_t definition = self_slot - 20;
  const std::size_t element = self.open("Loop", false);
  self.close_start();
  self.template_reference(definition);
  self.values({});
  self.end(element);
  self.end_definition(self_slot);
  self.values({});
  self.end_record();
  const auto self_file = self.file();
  const auto r2 = decode_record(self_file.data(), self_file.size(), kRecordOffset, false);
  CHECK_FALSE(r2.ok);
}

TEST_CASE("invalid UTF-16 surrogate pairs become one U+FFFD as in libevtx") {
  CHECK(decoded_value(0x01, {0x00, 0xD8, 0x41, 0x00, 0x42, 0x00}) ==
        "\xEF\xBF\xBD"
        "B");
  CHECK(decoded_value(0x01, {0x3D, 0xD8, 0x00, 0xDE}) == "\xF0\x9F\x98\x80");
}
