// The --tz value: lenient forms engineers type, explained readings, ambiguity and suggestions,
// and a warning when the logs state another zone.
#include <doctest/doctest.h>

#include <string>

#include "evtxdiag/error.hpp"
#include "evtxdiag/timezone.hpp"

TEST_CASE("--tz takes what engineers type, and says how it read it") {
  using evtxdiag::TimeZone;
  struct Case {
    const char* spec;
    const char* iana;
    bool noted;
  };
  for (const Case& c :
       {Case{"JST", "Asia/Tokyo", true}, Case{"jst", "Asia/Tokyo", true},
        Case{"Tokyo", "Asia/Tokyo", false} /* also the French standard name */, Case{"kolkata", "Asia/Kolkata", true},
        Case{"Asia/tokyo", "Asia/Tokyo", true}, Case{"asia/tokyo", "Asia/Tokyo", true},
        Case{"new york", "America/New_York", true}, Case{"Sao_Paulo", "America/Sao_Paulo", true},
        Case{"EST", "America/New_York", true}, Case{"CET", "Europe/Berlin", true}, Case{"KST", "Asia/Seoul", true},
        Case{"Asia/Tokyo", "Asia/Tokyo", false}, Case{"tokyo standard time", "Asia/Tokyo", false}}) {
    const std::string spec = c.spec;
    CAPTURE(spec);
    std::string error, note;
    const auto zone = TimeZone::parse(c.spec, &error, &note);
    REQUIRE(zone);
    CHECK(zone->iana_name() == c.iana);
    CHECK(note.empty() != c.noted);
  }
  // EST means New York's clock with DST, not the tz database's fixed "EST".
  CHECK(TimeZone::parse("EST")->format_local(*evtxdiag::Timestamp::parse_iso("2020-07-01T12:00:00Z")) ==
        "2020-07-01T08:00:00.0000000-04:00");
}

TEST_CASE("--tz: POSIX Etc/GMT+N is explained, ambiguous and unknown names say what to give") {
  using evtxdiag::TimeZone;
  std::string error, note;
  const auto posix = TimeZone::parse("Etc/GMT+9", &error, &note);
  REQUIRE(posix);
  CHECK(posix->offset_minutes(*evtxdiag::Timestamp::parse_iso("2020-01-01T00:00:00Z")) == -9 * 60);
  CHECK(note.find("UTC-09:00") != std::string::npos);
  CHECK(note.find("+09:00") != std::string::npos);
  CHECK_FALSE(TimeZone::parse("CST", &error));
  CHECK(error.find("America/Chicago") != std::string::npos);
  CHECK(error.find("Asia/Shanghai") != std::string::npos);
  CHECK_FALSE(TimeZone::parse("Tokio", &error));
  CHECK(error.find("did you mean Asia/Tokyo") != std::string::npos);
  CHECK_FALSE(TimeZone::parse("Mars/Base", &error));
  CHECK(error.find("Accepted: auto, UTC") != std::string::npos);
}

TEST_CASE("a given zone that the logs contradict is used, with a warning naming the evidence") {
  evtxdiag::ZoneInferrer inferrer;
  evtxdiag::Event e;
  e.source_file = "System.evtx";
  e.provider_name = "EventLog";
  e.event_id = 6013;
  e.record_number = 98812;
  e.time_created = *evtxdiag::Timestamp::parse_iso("2012-01-16T03:00:00Z");
  e.data = {{"7", "-540 東京 (標準時)"}};
  inferrer.add(e);
  const auto ny = evtxdiag::ZoneResolution::from_request(*evtxdiag::ZoneRequest::parse("America/New_York"), inferrer);
  CHECK(ny.periods.front().zone.iana_name() == "America/New_York");
  REQUIRE(ny.warnings.size() == 1);
  CHECK(ny.warnings[0].find("the logs state Tokyo Standard Time") != std::string::npos);
  CHECK(evtxdiag::ZoneResolution::from_request(*evtxdiag::ZoneRequest::parse("+09:00"), inferrer).warnings.empty());
  // The machine's zone changed later: a zone that fits the later period is only noted.
  e.record_number = 98900;
  e.time_created = *evtxdiag::Timestamp::parse_iso("2012-02-16T03:00:00Z");
  e.data = {{"7", "300 Eastern Standard Time"}};
  inferrer.add(e);
  const auto moved =
      evtxdiag::ZoneResolution::from_request(*evtxdiag::ZoneRequest::parse("America/New_York"), inferrer);
  CHECK(moved.warnings.empty());
  REQUIRE(moved.notes.size() == 1);
  CHECK(moved.notes[0].find("Tokyo Standard Time") != std::string::npos);
  CHECK(evtxdiag::ZoneResolution::from_request(*evtxdiag::ZoneRequest::parse("auto"), inferrer)
            .periods.front()
            .zone.iana_name() == "Asia/Tokyo");
  std::string error;
  CHECK_FALSE(evtxdiag::ZoneRequest::parse("Mars/Base", &error));
  CHECK(!error.empty());
}

TEST_CASE("ZoneRequest: auto in any case, a zone with the words it was asked with, which zones need tz rules") {
  CHECK(evtxdiag::ZoneRequest().is_automatic());
  CHECK(evtxdiag::ZoneRequest::parse("AUTO")->is_automatic());
  CHECK(evtxdiag::ZoneRequest::parse("auto")->needs_zone_rules());
  const auto jst = evtxdiag::ZoneRequest::parse("JST");
  REQUIRE(jst);
  CHECK_FALSE(jst->is_automatic());
  CHECK(jst->spec() == "JST");
  CHECK(jst->zone()->iana_name() == "Asia/Tokyo");
  CHECK_FALSE(jst->lenient_note().empty());  // "JST is read as Asia/Tokyo"
  CHECK(jst->needs_zone_rules());
  CHECK(evtxdiag::ZoneRequest::parse("Asia/Tokyo")->lenient_note().empty());
  CHECK_FALSE(evtxdiag::ZoneRequest::parse("+09:00")->needs_zone_rules());
  CHECK_FALSE(evtxdiag::ZoneRequest(evtxdiag::TimeZone::utc()).needs_zone_rules());
  CHECK(evtxdiag::ZoneRequest(evtxdiag::TimeZone::utc()).spec() == "UTC");
}
