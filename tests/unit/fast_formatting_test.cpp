// The hand-written formatters of dump's hot path print exactly what the printf formats and
// nlohmann's serialiser they replaced print: times (UTC, local with offset, FILETIME and
// SYSTEMTIME values), GUIDs, hex values, integers, and JSON strings of any bytes.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <cinttypes>
#include <cstdio>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>

#include <date/date.h>

#include "binxml/chunk.hpp"
#include "binxml/event_builder.hpp"
#include "binxml/values.hpp"
#include "core/system_fields.hpp"
#include "core/utf8.hpp"
#include "evtxdiag/event_output.hpp"
#include "evtxdiag/timezone.hpp"
#include "format/format.hpp"
#include "report/json_text.hpp"

namespace {

namespace vt = evtxdiag::evtx::value_type;

// The printf versions the formatters replaced, as they were.
std::string printf_iso_utc(std::uint64_t ticks) {
  const evtxdiag::Timestamp t{ticks};
  const std::int64_t secs = t.unix_seconds();
  std::int64_t days = secs / 86'400;
  std::int64_t rem = secs % 86'400;
  if (rem < 0) {
    rem += 86'400;
    --days;
  }
  const date::year_month_day ymd{date::sys_days{date::days{days}}};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%07uZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(rem / 3600),
                static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60), t.subsecond_ticks());
  return buf;
}

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm; date::year stops at 32767).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

std::string printf_filetime(std::uint64_t ticks) {
  const std::uint64_t seconds = ticks / 10'000'000ULL;
  const std::uint64_t fraction = ticks % 10'000'000ULL;
  const std::int64_t days = static_cast<std::int64_t>(seconds / 86400) - 134774;  // 1601 -> 1970
  const std::uint64_t in_day = seconds % 86400;
  std::int64_t year = 0;
  unsigned month = 0, day = 0;
  civil_from_days(days, year, month, day);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04" PRId64 "-%02u-%02uT%02u:%02u:%02u.%09" PRIu64 "Z", year, month, day,
                static_cast<unsigned>(in_day / 3600), static_cast<unsigned>(in_day / 60 % 60),
                static_cast<unsigned>(in_day % 60), fraction * 100);
  return buffer;
}

std::string formatted(std::uint8_t type, const std::vector<std::uint8_t>& bytes) {
  std::string out, error;
  REQUIRE(evtxdiag::binxml::format_value(type, bytes.data(), bytes.size(), out, error));
  return out;
}

// The size of a fixed-size value type.
std::size_t formatted_size(std::uint8_t type) {
  for (const std::size_t size : {1, 2, 4, 8, 16}) {
    std::string out, error;
    const std::vector<std::uint8_t> zeros(size);
    if (evtxdiag::binxml::format_value(type, zeros.data(), size, out, error)) return size;
  }
  FAIL("no fixed size for type " << int{type});
  return 0;
}

std::vector<std::uint8_t> le(std::uint64_t value, std::size_t size) {
  std::vector<std::uint8_t> out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
  return out;
}

// Random tick counts over the whole FILETIME range, with extra weight on plausible log times.
std::vector<std::uint64_t> sample_ticks() {
  std::mt19937_64 random(20261206);
  std::vector<std::uint64_t> ticks = {1,
                                      9'999'999,
                                      10'000'000,
                                      116'444'736'000'000'000ULL,
                                      0x7FFFFFFFFFFFFFFFULL,
                                      2'650'467'743'999'999'999ULL,  // 9999-12-31T23:59:59.9999999
                                      2'650'467'744'000'000'000ULL,  // 10000-01-01: printf's widths
                                      ~0ULL};
  for (int i = 0; i < 2000; ++i) ticks.push_back(random() | 1);
  for (int i = 0; i < 2000; ++i) ticks.push_back(125'000'000'000'000'000ULL + random() % 20'000'000'000'000'000ULL);
  return ticks;
}

}  // namespace

TEST_CASE("Timestamp::iso_utc prints what %04d-%02u-%02uT%02d:%02d:%02d.%07uZ printed") {
  for (const std::uint64_t ticks : sample_ticks()) CHECK(evtxdiag::Timestamp{ticks}.iso_utc() == printf_iso_utc(ticks));
}

TEST_CASE("TimeZone::format_local gives the civil time of to_local and the offset, in any zone") {
  std::vector<evtxdiag::TimeZone> zones = {evtxdiag::TimeZone::utc(), *evtxdiag::TimeZone::fixed_offset(9 * 60),
                                           *evtxdiag::TimeZone::fixed_offset(-(3 * 60 + 30))};
  for (const char* name : {"Asia/Tokyo", "America/New_York", "Australia/Lord_Howe"})
    if (auto zone = evtxdiag::TimeZone::from_iana(name)) zones.push_back(*zone);
  for (const evtxdiag::TimeZone& zone : zones)
    for (const std::uint64_t ticks : sample_ticks()) {
      const evtxdiag::Timestamp t{ticks};
      const evtxdiag::CivilTime c = zone.to_local(t);
      const int offset = zone.offset_minutes(t);
      const int magnitude = offset < 0 ? -offset : offset;
      char buf[96];
      std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02u.%07u%c%02d:%02d", c.year, c.month, c.day, c.hour,
                    c.minute, c.second, c.ticks, offset < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
      CHECK(zone.format_local(t) == buf);
    }
}

TEST_CASE("binary-XML values print as libevtx's printf formats did") {
  std::mt19937_64 random(7);
  for (int i = 0; i < 3000; ++i) {
    const std::uint64_t value = random();
    std::vector<std::uint8_t> guid = le(value, 8);
    for (const std::uint8_t b : le(random(), 8)) guid.push_back(b);
    char expected[64];
    std::snprintf(expected, sizeof expected, "{%08" PRIX32 "-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                  evtxdiag::evtx::load_u32(guid.data()), evtxdiag::evtx::load_u16(guid.data() + 4),
                  evtxdiag::evtx::load_u16(guid.data() + 6), guid[8], guid[9], guid[10], guid[11], guid[12], guid[13],
                  guid[14], guid[15]);
    CHECK(formatted(vt::guid, guid) == expected);

    std::snprintf(expected, sizeof expected, "0x%08" PRIx64, value & 0xFFFFFFFF);
    CHECK(formatted(vt::hex_int32, le(value, 4)) == expected);
    std::snprintf(expected, sizeof expected, "0x%016" PRIx64, value);
    CHECK(formatted(vt::hex_int64, le(value, 8)) == expected);
    CHECK(formatted(vt::int64, le(value, 8)) == std::to_string(static_cast<std::int64_t>(value)));
    CHECK(formatted(vt::uint64, le(value, 8)) == std::to_string(value));
    CHECK(formatted(vt::int32, le(value, 4)) == std::to_string(static_cast<std::int32_t>(value)));
    CHECK(formatted(vt::int16, le(value, 2)) == std::to_string(static_cast<std::int16_t>(value)));
    CHECK(formatted(vt::int8, le(value, 1)) == std::to_string(static_cast<std::int8_t>(value)));

    // SYSTEMTIME: any field values, in range or not (a damaged value keeps printf's widths).
    std::vector<std::uint8_t> st;
    for (int k = 0; k < 8; ++k)
      for (const std::uint8_t b : le(random() % (k == 0 ? 12000 : (i % 3 == 0 ? 65536 : 1000)), 2)) st.push_back(b);
    const auto u16 = [&st](int at) { return unsigned{evtxdiag::evtx::load_u16(st.data() + at)}; };
    std::snprintf(expected, sizeof expected, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", u16(0), u16(2), u16(6), u16(8),
                  u16(10), u16(12), u16(14));
    CHECK(formatted(vt::systemtime, st) == expected);
  }
  // FILETIME: nanoseconds, 9 digits.
  for (const std::uint64_t ticks : sample_ticks())
    CHECK(formatted(vt::filetime, le(ticks, 8)) == printf_filetime(ticks));
}

TEST_CASE("JSON strings of dump are nlohmann's, for any bytes") {
  std::mt19937_64 random(11);
  const std::vector<std::string> pieces = {"a",
                                           " ",
                                           "\"",
                                           "\\",
                                           "\t",
                                           "\n",
                                           "\r",
                                           "\b",
                                           "\f",
                                           "\x01",
                                           "\x1F",
                                           "\x7F",
                                           "日本語",
                                           "é",
                                           "\xF0\x9F\x98\x80",
                                           "\xFF",
                                           "\xC3",
                                           "\xED\xA0\x80",
                                           "\xC0\xAF",
                                           "\xF4\x90\x80\x80",
                                           "\xE2\x82",
                                           "/",
                                           "<"};
  const evtxdiag::ZoneResolution zones = evtxdiag::ZoneResolution::fallback_utc("test");
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    const int count = static_cast<int>(random() % 12);
    for (int k = 0; k < count; ++k) text += pieces[random() % pieces.size()];
    evtxdiag::Event event;
    event.message = text;
    event.data = {{text, "v", std::nullopt, "EventData/Data"}};
    const std::string line = evtxdiag::event_to_json(event, zones);
    const std::string expected = nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    CHECK(line.find("\"message\":" + expected + ",") != std::string::npos);
    CHECK(line.find("[{\"name\":" + expected + ",") != std::string::npos);
  }
}

// JsonText::string copies runs of plain ASCII 8 bytes at a time and looks at single bytes only
// around a byte that needs escaping or checking: every such byte is tried at every position
// of a word and across word boundaries, inside long ASCII runs, against nlohmann.
TEST_CASE("JSON strings of the raw buffer are nlohmann's at every position of a word") {
  const std::vector<std::string> awkward = {"\"",
                                            "\\",
                                            "\t",
                                            "\n",
                                            "\x01",
                                            "\x1F",
                                            "\x7F",
                                            " ",
                                            "\xEF\xBF\xBF",  // U+FFFF
                                            "日",
                                            "\xF0\x9F\x98\x80",  // 4 bytes
                                            "\xED\xA0\x80",      // a surrogate
                                            "\xED\xBF\xBF",
                                            "\xFF",
                                            "\xC3",
                                            "\xE2\x82",
                                            "\xC0\xAF",
                                            "\xF4\x90\x80\x80",
                                            std::string(1, '\0')};
  evtxdiag::report::JsonText json;
  const auto expected_json = [](const std::string& text) {
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  const std::string run = "The quick brown fox jumps over the lazy dog 0123456789 {[()]}#$%&'*+,-./:;<=>?@^_`|~";
  for (const std::string& piece : awkward)
    for (std::size_t before = 0; before <= 17; ++before)
      for (const std::size_t after :
           {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{8}, std::size_t{30}}) {
        const std::string text = run.substr(0, before) + piece + run.substr(0, after);
        json.clear();
        json.string(text);
        CHECK_MESSAGE(std::string(json.view()) == expected_json(text), "text: " << text);
        const std::string twice = text + run + piece + run;  // a second awkward byte after a long run
        json.clear();
        json.string(twice);
        CHECK_MESSAGE(std::string(json.view()) == expected_json(twice), "text: " << twice);
      }
  // Long text of random pieces (runs of plain ASCII longer than a word between them), and
  // several strings one after another in one buffer that grows.
  std::mt19937_64 random(23);
  json.clear();
  std::string all;
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    const int count = static_cast<int>(random() % 20);
    for (int k = 0; k < count; ++k)
      text += random() % 2 ? awkward[random() % awkward.size()] : run.substr(0, random() % run.size());
    json.string(text);
    all += expected_json(text);
  }
  CHECK(std::string(json.view()) == all);
  json.clear();
  json.string(std::string(100'000, 'x'));
  CHECK(json.view().size() == 100'002);
}

// The built-in decoder sets System numbers from the typed value (binxml::unsigned_value)
// instead of formatting it and parsing the text back: for every type and size, the number must
// be what the text reads as, and for integer types it must be there whenever the text reads.
TEST_CASE("System numbers from typed values are what their text reads as") {
  std::mt19937_64 random(7);
  std::vector<std::uint64_t> values = {0,
                                       1,
                                       9,
                                       10,
                                       0x7F,
                                       0x80,
                                       0xFF,
                                       0x100,
                                       0x7FFF,
                                       0x8000,
                                       0xFFFF,
                                       0x7FFFFFFF,
                                       0x80000000,
                                       0xFFFFFFFF,
                                       0x100000000ULL,
                                       0x7FFFFFFFFFFFFFFFULL,
                                       0x8000000000000000ULL,
                                       ~0ULL};
  for (int i = 0; i < 300; ++i) values.push_back(random() >> (random() % 64));
  const std::set<std::uint8_t> integers = {vt::int8,  vt::uint8,  vt::int16,     vt::uint16,    vt::int32,  vt::uint32,
                                           vt::int64, vt::uint64, vt::hex_int32, vt::hex_int64, vt::size_t_};
  for (std::uint8_t type = 0; type <= 0x15; ++type)
    for (const std::size_t size : {1, 2, 4, 8, 16})
      for (const std::uint64_t value : values) {
        std::vector<std::uint8_t> bytes = le(value, std::min<std::size_t>(size, 8));
        bytes.resize(size, static_cast<std::uint8_t>(value));
        if (type == vt::sid && size >= 2) bytes[1] = 0;  // a SID with no sub-authorities
        std::string text, error;
        unsigned long long parsed = 0;
        const bool text_reads = evtxdiag::binxml::format_value(type, bytes.data(), size, text, error) &&
                                evtxdiag::core::parse_unsigned_text(text, parsed);
        unsigned long long typed = 0;
        const bool typed_reads = evtxdiag::binxml::unsigned_value(type, bytes.data(), size, typed);
        CAPTURE(int{type});
        CAPTURE(size);
        CAPTURE(text);
        if (typed_reads) CHECK((text_reads && typed == parsed));
        if (integers.count(type)) CHECK(typed_reads == text_reads);
      }
}

// The same through the event builder: each numeric place of <System> given a typed value and
// given the value's text as a literal of the template fill the Event alike.
TEST_CASE("System fields of the built-in decoder from typed values equal those from text") {
  using evtxdiag::binxml::Content;
  using evtxdiag::binxml::Piece;
  const std::vector<std::pair<std::string, std::string>> places = {{"EventID", ""},
                                                                   {"EventID", "Qualifiers"},
                                                                   {"Version", ""},
                                                                   {"Level", ""},
                                                                   {"Task", ""},
                                                                   {"Opcode", ""},
                                                                   {"Keywords", ""},
                                                                   {"EventRecordID", ""},
                                                                   {"Computer", ""},
                                                                   {"Execution", "ProcessID"},
                                                                   {"Execution", "ThreadID"},
                                                                   {"Channel", ""},
                                                                   {"Provider", "Name"},
                                                                   {"TimeCreated", "SystemTime"}};
  const auto fill = [](evtxdiag::Event& event, const std::pair<std::string, std::string>& place, const Piece& piece) {
    evtxdiag::binxml::EventBuilder builder(event);
    const std::string event_name = "Event", system = "System";
    builder.start_element(event_name);
    builder.start_element(system);
    builder.start_element(place.first);
    const Content content{&piece, 1};
    if (place.second.empty())
      builder.text(content);
    else
      builder.attribute(place.second, content);
  };
  std::mt19937_64 random(5);
  for (const std::uint8_t type : {vt::int8, vt::uint8, vt::int16, vt::uint16, vt::int32, vt::uint32, vt::int64,
                                  vt::uint64, vt::hex_int32, vt::hex_int64, vt::size_t_, vt::boolean, vt::filetime})
    for (const auto& place : places)
      for (int i = 0; i < 40; ++i) {
        const std::size_t size = type == vt::size_t_ ? (i % 2 ? 4 : 8) : formatted_size(type);
        const std::vector<std::uint8_t> bytes = le(i < 4 ? ~0ULL >> (16 * i) : random() >> (random() % 64), size);
        const std::string text = formatted(type, bytes);
        evtxdiag::Event typed, from_text;
        fill(typed, place, Piece{nullptr, type, bytes.data(), bytes.size()});
        fill(from_text, place, Piece{&text, 0, nullptr, 0});
        CAPTURE(int{type});
        CAPTURE(place.first + "/" + place.second);
        CAPTURE(text);
        CHECK(evtxdiag::event_to_json(typed, evtxdiag::ZoneResolution::fallback_utc("t")) ==
              evtxdiag::event_to_json(from_text, evtxdiag::ZoneResolution::fallback_utc("t")));
      }
}

// UTF-16LE to UTF-8 appends runs of ASCII at once; the character-by-character conversion it
// replaced, as it was, is the reference for any units (NULs, surrogates, runs longer than the
// run buffer).
TEST_CASE("UTF-16LE text converts as one character at a time did") {
  const auto reference = [](const std::vector<std::uint8_t>& bytes, std::size_t units, bool stop_at_nul) {
    std::string out;
    for (std::size_t i = 0; i < units; ++i) {
      const std::uint32_t unit = bytes[2 * i] | bytes[2 * i + 1] << 8;
      if (unit == 0 && stop_at_nul) break;
      if (unit < 0x80) {
        out.push_back(static_cast<char>(unit));
        continue;
      }
      if (unit >= 0xD800 && unit < 0xDC00 && i + 1 < units) {
        const std::uint32_t low = bytes[2 * i + 2] | bytes[2 * i + 3] << 8;
        ++i;
        evtxdiag::core::append_utf8(
            out, low >= 0xDC00 && low < 0xE000 ? 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD);
        continue;
      }
      evtxdiag::core::append_utf8(out, unit >= 0xD800 && unit < 0xE000 ? 0xFFFD : unit);
    }
    return out;
  };
  const std::vector<std::uint16_t> awkward = {0, 0x7F, 0x80, 0xE9, 0x65E5, 0xD83D, 0xDE00, 0xDC00, 0xFFFF, 0xFFFD};
  std::mt19937_64 random(16);
  for (int i = 0; i < 3000; ++i) {
    std::vector<std::uint16_t> units;
    const int pieces = static_cast<int>(random() % 8);
    for (int k = 0; k < pieces; ++k) {
      if (random() % 2) {
        units.push_back(awkward[random() % awkward.size()]);
      } else {
        const std::size_t run = random() % 140;  // across the 64-character run buffer
        for (std::size_t c = 0; c < run; ++c) units.push_back(static_cast<std::uint16_t>(0x20 + random() % 0x5F));
      }
    }
    std::vector<std::uint8_t> bytes;
    for (const std::uint16_t unit : units)
      bytes.insert(bytes.end(), {static_cast<std::uint8_t>(unit), static_cast<std::uint8_t>(unit >> 8)});
    for (const bool stop_at_nul : {false, true}) {
      std::string converted = "prefix";
      evtxdiag::binxml::append_utf16le(bytes.data(), units.size(), converted, stop_at_nul);
      CHECK(converted == "prefix" + reference(bytes, units.size(), stop_at_nul));
    }
  }
}

// The JSON line writes its times straight into its buffer (core/time_text.hpp); they must be
// what format_time and ZoneResolution::format_local print, also where the writers give up
// (no time, years past 9999) and in zones with offsets either side of UTC.
TEST_CASE("Times of the JSON line are format_time's and format_local's") {
  std::vector<evtxdiag::TimeZone> zones = {evtxdiag::TimeZone::utc(), *evtxdiag::TimeZone::fixed_offset(9 * 60),
                                           *evtxdiag::TimeZone::fixed_offset(-(3 * 60 + 30))};
  if (auto new_york = evtxdiag::TimeZone::from_iana("America/New_York")) zones.push_back(*new_york);
  std::vector<std::uint64_t> ticks = sample_ticks();
  ticks.resize(400);
  ticks.push_back(0);  // no time: ""
  for (const evtxdiag::TimeZone& zone : zones) {
    const evtxdiag::ZoneResolution resolution = evtxdiag::ZoneResolution::given_by_user(zone, "test");
    for (const std::uint64_t t : ticks) {
      evtxdiag::Event event;
      event.time_created = evtxdiag::Timestamp{t};
      event.written_time = evtxdiag::Timestamp{t / 3};
      const std::string line = evtxdiag::event_to_json(event, resolution);
      CAPTURE(t);
      CHECK(line.find("\"time_created\":\"" + evtxdiag::format_time(event.time_created) + "\",") != std::string::npos);
      CHECK(line.find("\"time_created_local\":\"" + resolution.format_local(event.time_created) + "\",") !=
            std::string::npos);
      CHECK(line.find("\"written_time\":\"" + evtxdiag::format_time(event.written_time) + "\",") != std::string::npos);
    }
  }
  // ...and written by the direct writer: when it differs from to_json on its probe event,
  // dump falls back to nlohmann (right, slow) and says so on stderr.
  std::ostringstream out, err;
  std::streambuf* const stderr_buffer = std::cerr.rdbuf(err.rdbuf());
  {
    evtxdiag::EventWriter writer(out, evtxdiag::EventFormat::jsonl);
    writer.write(evtxdiag::Event{});
  }
  std::cerr.rdbuf(stderr_buffer);
  CHECK(err.str().empty());
}
