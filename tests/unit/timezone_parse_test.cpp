// Time strings inside events: BackupTime and EventLog 6008's localized date/time.
#include <doctest/doctest.h>

#include "evtxdiag/timezone.hpp"

using evtxdiag::parse_backup_time;
using evtxdiag::parse_localized_date_time;

namespace {
const char* const kLrm = "\xE2\x80\x8E";  // U+200E LEFT-TO-RIGHT MARK

std::string with_marks(const std::string& text) {  // "8/7/2020" -> LRM before every number
  std::string out;
  bool in_number = false;
  for (char c : text) {
    const bool digit = c >= '0' && c <= '9';
    if (digit && !in_number) out += kLrm;
    in_number = digit;
    out += c;
  }
  return out;
}

evtxdiag::CivilTime civil(int y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s) {
  return {y, mo, d, h, mi, s, 0};
}
}  // namespace

TEST_CASE("BackupTime: nine fractional digits, UTC") {
  CHECK(parse_backup_time("2019-10-10T00:00:15.177132000Z")->iso_utc() == "2019-10-10T00:00:15.1771320Z");
  CHECK(parse_backup_time(" \xE2\x80\x8E"
                          "2019-10-10T00:00:15.177132000Z ")
            ->iso_utc() == "2019-10-10T00:00:15.1771320Z");
  CHECK(parse_backup_time("2011-05-01T17:00:00.000Z")->iso_utc() == "2011-05-01T17:00:00.0000000Z");
  CHECK_FALSE(parse_backup_time("2019-10-10T00:00:15.177132000"));  // no zone: refuse to guess
  CHECK_FALSE(parse_backup_time("2019-10-10T00:00:15.1771320001Z"));
  CHECK_FALSE(parse_backup_time("yesterday"));
}

TEST_CASE("6008 texts: English (US) with U+200E marks") {
  auto parsed = parse_localized_date_time(with_marks("12:50:29 PM"), with_marks("8/7/2020"));
  REQUIRE(parsed);
  CHECK(parsed->local == civil(2020, 8, 7, 12, 50, 29));
  CHECK(parsed->order_guessed);  // 8/7 could be 7 August elsewhere
  parsed = parse_localized_date_time("12:05:00 AM", "8/13/2020");
  CHECK(parsed->local == civil(2020, 8, 13, 0, 5, 0));
  CHECK_FALSE(parsed->order_guessed);
  CHECK(parse_localized_date_time("6:00:53 PM", "1/3/2026")->local == civil(2026, 1, 3, 18, 0, 53));
}

TEST_CASE("6008 texts: Japanese and ISO forms") {
  CHECK(parse_localized_date_time("12:50:29", "2020/08/07")->local == civil(2020, 8, 7, 12, 50, 29));
  CHECK(parse_localized_date_time("午後 0:50:29", "2020年8月7日")->local == civil(2020, 8, 7, 12, 50, 29));
  CHECK(parse_localized_date_time("午前 0:50:29", "2020/8/7")->local == civil(2020, 8, 7, 0, 50, 29));
  CHECK(parse_localized_date_time(with_marks("23:01:02"), with_marks("2020-11-13"))->local ==
        civil(2020, 11, 13, 23, 1, 2));
  CHECK_FALSE(parse_localized_date_time("12:50:29", "2020/08/07")->order_guessed);
}

TEST_CASE("6008 texts: day-first locales and explicit order") {
  CHECK(parse_localized_date_time("18:00:53", "13.11.2020")->local == civil(2020, 11, 13, 18, 0, 53));
  CHECK(parse_localized_date_time("18:00:53", "08/07/2020", evtxdiag::DateOrder::day_month_year)->local ==
        civil(2020, 7, 8, 18, 0, 53));
}

TEST_CASE("6008 texts: malformed input is refused") {
  CHECK_FALSE(parse_localized_date_time("25:00:00", "1/1/2020"));
  CHECK_FALSE(parse_localized_date_time("13:00:00 PM", "1/1/2020"));
  CHECK_FALSE(parse_localized_date_time("1:00 PM", "2/30/2020"));
  CHECK_FALSE(parse_localized_date_time("", ""));
  CHECK_FALSE(parse_localized_date_time("1:00:00", "2020/1"));
  CHECK_FALSE(parse_localized_date_time("1:00:00", "123456789/1/1"));
}

TEST_CASE("6008 event: local shutdown time converted with the machine's zone") {
  evtxdiag::Event e;
  e.provider_name = "EventLog";
  e.event_id = 6008;
  e.time_created = *evtxdiag::Timestamp::parse_iso("2020-08-07T04:00:00Z");
  e.data = {{"1", with_marks("12:50:29 PM")}, {"2", with_marks("8/7/2020")}, {"3", ""}, {"4", ""}, {"5", "520643"}};
  const auto tokyo = evtxdiag::ZoneResolution::given_by_user(*evtxdiag::TimeZone::parse("Tokyo Standard Time"), "x");
  auto shutdown = evtxdiag::unexpected_shutdown_time(e, tokyo);
  REQUIRE(shutdown);
  CHECK(shutdown->utc.utc.iso_utc() == "2020-08-07T03:50:29.0000000Z");
  CHECK(shutdown->zone_name == "Tokyo Standard Time");
  // The same text on a UTC+2 machine (events.md S-PWR example shape).
  const auto plus2 = evtxdiag::ZoneResolution::given_by_user(*evtxdiag::TimeZone::parse("+02:00"), "+02:00");
  CHECK(evtxdiag::unexpected_shutdown_time(e, plus2)->utc.utc.iso_utc() == "2020-08-07T10:50:29.0000000Z");
  e.event_id = 6005;
  CHECK_FALSE(evtxdiag::unexpected_shutdown_time(e, tokyo));
}
