// TimeZone: every zone kind, DST transitions (US and EU), historical rule changes, the CLDR
// Windows mapping, localized Windows names, and independence from the analyst's TZ.
#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>

#include "evtxdiag/timezone.hpp"
#include "timezone/windows_names.hpp"

using evtxdiag::LocalTimeMatch;
using evtxdiag::Timestamp;
using evtxdiag::TimeZone;
using evtxdiag::ZoneKind;

namespace {

Timestamp utc(const char* iso) {
  auto t = Timestamp::parse_iso(iso);
  REQUIRE(t.has_value());
  return *t;
}

TimeZone zone(const char* spec) {
  std::string error;
  auto z = TimeZone::parse(spec, &error);
  INFO(spec << ": " << error);
  REQUIRE(z.has_value());
  return *z;
}

std::string local(const char* spec, const char* iso) { return zone(spec).format_local(utc(iso)); }

}  // namespace

TEST_CASE("UTC and fixed offsets print the offset with every local time") {
  CHECK(zone("UTC").kind() == ZoneKind::utc);
  CHECK(local("UTC", "2012-01-18T16:26:31.31Z") == "2012-01-18T16:26:31.3100000+00:00");
  CHECK(local("+09:00", "2012-01-18T16:26:31.31Z") == "2012-01-19T01:26:31.3100000+09:00");
  CHECK(local("-05:30", "2012-01-18T03:00:00Z") == "2012-01-17T21:30:00.0000000-05:30");
  CHECK(zone("+0900").name() == "+09:00");
  CHECK(zone("UTC+9").name() == "+09:00");
  CHECK(zone("GMT-3").name() == "-03:00");
  CHECK(zone("-05:30").kind() == ZoneKind::fixed_offset);
  CHECK(zone("-05:30").description() == "UTC-05:30 (fixed offset, no DST)");
  CHECK(TimeZone().format_local(Timestamp{}).empty());
}

TEST_CASE("malformed and unknown zones are rejected with a sentence") {
  std::string error;
  CHECK_FALSE(TimeZone::parse("+25:00", &error));
  CHECK(error.find("outside") != std::string::npos);
  CHECK_FALSE(TimeZone::parse("+9:7", &error));
  CHECK_FALSE(TimeZone::parse("Mars/Olympus_Mons", &error));
  CHECK(error.find("IANA") != std::string::npos);
  CHECK_FALSE(TimeZone::parse("", &error));
  CHECK_FALSE(TimeZone::parse("../../etc/passwd", &error));
}

TEST_CASE("IANA names and Windows zone ids through CLDR territory 001") {
  CHECK(zone("Asia/Tokyo").kind() == ZoneKind::iana);
  CHECK(local("Asia/Tokyo", "2012-01-18T16:26:31.31Z") == "2012-01-19T01:26:31.3100000+09:00");
  const TimeZone tokyo = zone("Tokyo Standard Time");
  CHECK(tokyo.kind() == ZoneKind::windows);
  CHECK(tokyo.iana_name() == "Asia/Tokyo");
  CHECK(tokyo.windows_id() == "Tokyo Standard Time");
  CHECK(tokyo.description() == "Tokyo Standard Time (Asia/Tokyo)");
  CHECK(zone("Pacific Standard Time").iana_name() == "America/Los_Angeles");
  CHECK(zone("pacific standard time").name() == "Pacific Standard Time");
  CHECK(zone("W. Europe Standard Time").iana_name() == "Europe/Berlin");
  CHECK(evtxdiag::windows_zone_to_iana("UTC-11") == std::optional<std::string>("Etc/GMT+11"));
  CHECK(zone("UTC-11").name() == "-11:00");  // read as an offset: the same rules, no lookup needed
  CHECK(evtxdiag::windows_zone_to_iana("Russian Standard Time") == std::optional<std::string>("Europe/Moscow"));
  CHECK_FALSE(evtxdiag::windows_zone_to_iana("Atlantis Standard Time"));
}

TEST_CASE("US DST: the skipped and the repeated hour (America/Los_Angeles, 2021)") {
  const TimeZone la = zone("Pacific Standard Time");
  CHECK(la.format_local(utc("2021-03-14T09:59:59Z")) == "2021-03-14T01:59:59.0000000-08:00");
  CHECK(la.format_local(utc("2021-03-14T10:00:00Z")) == "2021-03-14T03:00:00.0000000-07:00");
  CHECK(la.is_dst(utc("2021-03-14T10:00:00Z")));
  CHECK(la.abbreviation(utc("2021-07-01T00:00:00Z")) == "PDT");
  CHECK(la.standard_offset_minutes(utc("2021-07-01T00:00:00Z")) == -480);

  const auto skipped = la.from_local({2021, 3, 14, 2, 30, 0, 0});
  REQUIRE(skipped);
  CHECK(skipped->match == LocalTimeMatch::nonexistent);
  CHECK(skipped->utc.iso_utc() == "2021-03-14T10:30:00.0000000Z");  // read with the offset before the gap

  CHECK(la.format_local(utc("2021-11-07T08:30:00Z")) == "2021-11-07T01:30:00.0000000-07:00");
  CHECK(la.format_local(utc("2021-11-07T09:30:00Z")) == "2021-11-07T01:30:00.0000000-08:00");
  const auto repeated = la.from_local({2021, 11, 7, 1, 30, 0, 0});
  REQUIRE(repeated);
  CHECK(repeated->match == LocalTimeMatch::ambiguous);
  CHECK(repeated->utc.iso_utc() == "2021-11-07T08:30:00.0000000Z");
  CHECK(repeated->alternative.iso_utc() == "2021-11-07T09:30:00.0000000Z");
}

TEST_CASE("EU DST: the skipped and the repeated hour (Europe/Berlin, 2021)") {
  const TimeZone berlin = zone("Europe/Berlin");
  CHECK(berlin.format_local(utc("2021-03-28T00:59:59Z")) == "2021-03-28T01:59:59.0000000+01:00");
  CHECK(berlin.format_local(utc("2021-03-28T01:00:00Z")) == "2021-03-28T03:00:00.0000000+02:00");
  CHECK(berlin.from_local({2021, 3, 28, 2, 15, 0, 0})->match == LocalTimeMatch::nonexistent);
  CHECK(berlin.format_local(utc("2021-10-31T00:30:00Z")) == "2021-10-31T02:30:00.0000000+02:00");
  CHECK(berlin.format_local(utc("2021-10-31T01:30:00Z")) == "2021-10-31T02:30:00.0000000+01:00");
  const auto repeated = berlin.from_local({2021, 10, 31, 2, 30, 0, 0});
  CHECK(repeated->match == LocalTimeMatch::ambiguous);
  CHECK(repeated->utc.iso_utc() == "2021-10-31T00:30:00.0000000Z");
  const auto plain = berlin.from_local({2021, 6, 1, 12, 0, 0, 1234567});
  CHECK(plain->match == LocalTimeMatch::unique);
  CHECK(plain->utc.iso_utc() == "2021-06-01T10:00:00.1234567Z");
  CHECK_FALSE(berlin.from_local({2021, 2, 30, 12, 0, 0, 0}));
}

TEST_CASE("historical rule changes: US 2007 DST rules, Moscow 2011-2014") {
  const TimeZone la = zone("America/Los_Angeles");
  CHECK(la.offset_minutes(utc("2006-03-20T12:00:00Z")) == -480);  // old rules: DST from April
  CHECK(la.offset_minutes(utc("2007-03-20T12:00:00Z")) == -420);  // Energy Policy Act 2005: from March
  const TimeZone moscow = zone("Russian Standard Time");
  CHECK(moscow.format_local(utc("2013-01-15T12:00:00Z")) == "2013-01-15T16:00:00.0000000+04:00");
  CHECK(moscow.format_local(utc("2015-01-15T12:00:00Z")) == "2015-01-15T15:00:00.0000000+03:00");
  CHECK(moscow.format_local(utc("2010-07-15T12:00:00Z")) == "2010-07-15T16:00:00.0000000+04:00");  // MSD
}

TEST_CASE("localized Windows names map to Windows zone ids (Japanese and English)") {
  using evtxdiag::windows_zone_from_name;
  CHECK(evtxdiag::tz::zone_name_load_errors().empty());
  CHECK(evtxdiag::tz::localized_zone_name_count() > 30);
  CHECK(windows_zone_from_name("東京 (標準時)") == std::optional<std::string>("Tokyo Standard Time"));
  CHECK(windows_zone_from_name("東京（標準時）") == std::optional<std::string>("Tokyo Standard Time"));
  CHECK(windows_zone_from_name("\xE2\x80\x8E東京(標準時)") == std::optional<std::string>("Tokyo Standard Time"));
  CHECK(windows_zone_from_name("(UTC+09:00) 大阪、札幌、東京") == std::optional<std::string>("Tokyo Standard Time"));
  CHECK(windows_zone_from_name("(GMT+09:00) Osaka, Sapporo, Tokyo") ==
        std::optional<std::string>("Tokyo Standard Time"));
  CHECK(windows_zone_from_name("太平洋標準時") == std::optional<std::string>("Pacific Standard Time"));
  CHECK(windows_zone_from_name("Pacific Standard Time") == std::optional<std::string>("Pacific Standard Time"));
  CHECK(windows_zone_from_name("Jerusalem Standard Time") == std::optional<std::string>("Israel Standard Time"));
  CHECK(windows_zone_from_name("Coordinated Universal Time") == std::optional<std::string>("UTC"));
  CHECK(windows_zone_from_name("Russia TZ 2 Standard Time") == std::optional<std::string>("Russian Standard Time"));
  CHECK_FALSE(windows_zone_from_name("Middle Earth Standard Time"));
  CHECK_FALSE(windows_zone_from_name(""));
  CHECK(zone("東京 (標準時)").iana_name() == "Asia/Tokyo");
}

TEST_CASE("localized Windows names map to Windows zone ids (Turkish, French, Korean and others)") {
  using evtxdiag::windows_zone_from_name;
  const auto id = [](const char* name) { return windows_zone_from_name(name).value_or("(none)"); };
  CHECK(evtxdiag::tz::zone_name_load_errors().empty());
  CHECK(evtxdiag::tz::localized_zone_name_count() > 700);
  // Turkish: the 6013 text of the field report, its display name, and a trailing-blank shared name.
  CHECK(id("Türkiye Standart Saati") == "Turkey Standard Time");
  CHECK(id("(UTC+03:00) İstanbul") == "Turkey Standard Time");
  CHECK(id("Pasifik Standart Saati") == "Pacific Standard Time");
  CHECK(id("Orta Avrupa Standart Saati ") == "Central European Standard Time");
  // French: Windows names Romance "Paris, Madrid", the US zones by region only.
  CHECK(id("Paris, Madrid") == "Romance Standard Time");
  CHECK(id("Europe de l’Ouest") == "W. Europe Standard Time");
  CHECK(id("(UTC+01:00) Bruxelles, Copenhague, Madrid, Paris") == "Romance Standard Time");
  CHECK(id("Pacifique") == "Pacific Standard Time");
  // Korean
  CHECK(id("대한민국 표준시") == "Korea Standard Time");
  CHECK(id("(UTC+09:00) 서울") == "Korea Standard Time");
  CHECK(id("태평양 표준시") == "Pacific Standard Time");
  // A few of the other languages.
  CHECK(id("Hora estándar romance") == "Romance Standard Time");
  CHECK(id("RTZ 2 (зима)") == "Russian Standard Time");
  CHECK(id("台北標準時間") == "Taipei Standard Time");
  CHECK(id("Osteuropäische Zeit") == "GTB Standard Time");
  CHECK(id("マレー半島標準時") == "Singapore Standard Time");
  // Shared by zones with different rules: left to the bias.
  CHECK_FALSE(windows_zone_from_name("Ostaustralische Normalzeit"));
  CHECK(zone("Türkiye Standart Saati").iana_name() == "Europe/Istanbul");
}

TEST_CASE("the analyst's TZ is never used") {
  const char* saved = std::getenv("TZ");
  const std::string restore = saved ? saved : "";
  for (const char* analyst_zone : {"Pacific/Chatham", "America/New_York", "Asia/Kolkata", "UTC", "Europe/London"}) {
    CAPTURE(analyst_zone);
    setenv("TZ", analyst_zone, 1);
    tzset();
    CHECK(local("Tokyo Standard Time", "2021-11-07T09:30:00Z") == "2021-11-07T18:30:00.0000000+09:00");
    CHECK(local("America/Los_Angeles", "2021-11-07T09:30:00Z") == "2021-11-07T01:30:00.0000000-08:00");
    CHECK(local("UTC", "2021-11-07T09:30:00Z") == "2021-11-07T09:30:00.0000000+00:00");
    CHECK(zone("Europe/Berlin").from_local({2021, 6, 1, 12, 0, 0, 0})->utc.iso_utc() == "2021-06-01T10:00:00.0000000Z");
  }
  if (saved)
    setenv("TZ", restore.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
}
