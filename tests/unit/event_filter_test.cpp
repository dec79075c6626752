// EventFilter / add_filter / EventMatcher: what `dump` and `timeline` keep for each option.
#include "evtxdiag/event_filter.hpp"
#include "evtxdiag/error.hpp"

#include <doctest/doctest.h>

using namespace evtxdiag;

namespace {

Event event(const char* provider, std::uint32_t id, std::uint8_t level, const char* computer, const char* iso_utc) {
  Event e;
  e.provider_name = provider;
  e.event_id = id;
  e.level = level;
  e.computer = computer;
  e.time_created = *Timestamp::parse_iso(iso_utc);
  return e;
}

EventFilter filter_of(std::initializer_list<std::pair<const char*, const char*>> options) {
  EventFilter filter;
  for (const auto& [name, value] : options) add_filter(filter, name, value);
  return filter;
}

const ZoneResolution kUtc = ZoneResolution::fallback_utc("test");

}  // namespace

TEST_CASE("an empty filter keeps everything") {
  const EventMatcher matcher(EventFilter{}, kUtc);
  CHECK(matcher.keeps_everything());
  CHECK(matcher.matches(event("x", 1, 4, "A", "2019-10-28T12:00:00Z")));
}

TEST_CASE("--from/--to: an instant with Z or an offset, else local time in the case's zone") {
  const Event e = event("x", 1, 4, "A", "2019-10-28T12:00:00Z");  // 21:00 in Tokyo
  CHECK(EventMatcher(filter_of({{"from", "2019-10-28T12:00:00Z"}}), kUtc).matches(e));
  CHECK_FALSE(EventMatcher(filter_of({{"from", "2019-10-28T12:00:00.0000001Z"}}), kUtc).matches(e));
  CHECK(EventMatcher(filter_of({{"from", "2019-10-28T21:00:00+09:00"}}), kUtc).matches(e));
  CHECK_FALSE(EventMatcher(filter_of({{"from", "2019-10-28T21:00:01+09:00"}}), kUtc).matches(e));

  const ZoneResolution tokyo = ZoneResolution::given_by_user(*TimeZone::parse("Asia/Tokyo"), "Asia/Tokyo");
  CHECK(EventMatcher(filter_of({{"from", "2019-10-28 21:00"}}), tokyo).matches(e));
  CHECK_FALSE(EventMatcher(filter_of({{"from", "2019-10-28 21:01"}}), tokyo).matches(e));
  // The same wall-clock bound read in UTC: 21:00 UTC is after the event.
  CHECK_FALSE(EventMatcher(filter_of({{"from", "2019-10-28 21:00"}}), kUtc).matches(e));
}

TEST_CASE("--to includes the whole last unit given") {
  const Event e = event("x", 1, 4, "A", "2019-10-28T23:59:59.9999999Z");
  CHECK(EventMatcher(filter_of({{"to", "2019-10-28"}}), kUtc).matches(e));
  CHECK(EventMatcher(filter_of({{"to", "2019-10-28 23:59"}}), kUtc).matches(e));
  CHECK(EventMatcher(filter_of({{"to", "2019-10-28T23:59:59Z"}}), kUtc).matches(e));
  CHECK_FALSE(EventMatcher(filter_of({{"to", "2019-10-28T23:59:59.5Z"}}), kUtc).matches(e));
  CHECK_FALSE(EventMatcher(filter_of({{"to", "2019-10-27"}}), kUtc).matches(e));
  const EventMatcher window(filter_of({{"from", "2019-10-28"}, {"to", "2019-10-28"}}), kUtc);
  CHECK(window.matches(event("x", 1, 4, "A", "2019-10-28T00:00:00Z")));
  CHECK_FALSE(window.matches(event("x", 1, 4, "A", "2019-10-29T00:00:00Z")));
  CHECK_FALSE(window.matches(event("x", 1, 4, "A", "2019-10-27T23:59:59Z")));
}

TEST_CASE("--provider: case-insensitive, Event Viewer's short name, knowledge aliases") {
  const EventMatcher backup(filter_of({{"provider", "backup"}}), kUtc);
  CHECK(backup.matches_provider("Microsoft-Windows-Backup"));
  CHECK_FALSE(backup.matches_provider("Microsoft-Windows-CloudBackup"));
  CHECK_FALSE(backup.matches_provider("Backup Exec"));
  CHECK(EventMatcher(filter_of({{"provider", "MICROSOFT-WINDOWS-BACKUP"}}), kUtc)
            .matches_provider("Microsoft-Windows-Backup"));
  // volsnap's aliases in knowledge/events/volsnap.yaml; CloudBackup is also logged as CBEngine.
  CHECK(EventMatcher(filter_of({{"provider", "VolSnap"}}), kUtc).matches_provider("volsnap"));
  CHECK(EventMatcher(filter_of({{"provider", "CBEngine"}}), kUtc).matches_provider("CloudBackup"));
  const EventMatcher two(filter_of({{"provider", "disk,volsnap"}}), kUtc);
  CHECK(two.matches_provider("Disk"));
  CHECK(two.matches_provider("volsnap"));
  CHECK_FALSE(two.matches_provider("Ntfs"));
}

TEST_CASE("--event-id: ids and ranges") {
  const EventMatcher ids(filter_of({{"event-id", "7,512-521"}, {"event-id", "4104"}}), kUtc);
  for (std::uint32_t id : {7u, 512u, 517u, 521u, 4104u})
    CHECK(ids.matches(event("x", id, 4, "A", "2019-10-28T00:00:00Z")));
  for (std::uint32_t id : {6u, 511u, 522u, 4103u})
    CHECK_FALSE(ids.matches(event("x", id, 4, "A", "2019-10-28T00:00:00Z")));
  EventFilter f;
  CHECK_THROWS_AS(add_filter(f, "event-id", "5x"), Error);
  CHECK_THROWS_AS(add_filter(f, "event-id", "521-512"), Error);
  CHECK_THROWS_AS(add_filter(f, "event-id", ""), Error);
}

TEST_CASE("--level: names as Event Viewer shows them, or numbers") {
  const EventMatcher errors(filter_of({{"level", "Critical,error"}}), kUtc);
  CHECK(errors.matches(event("x", 1, 1, "A", "2019-10-28T00:00:00Z")));
  CHECK(errors.matches(event("x", 1, 2, "A", "2019-10-28T00:00:00Z")));
  CHECK_FALSE(errors.matches(event("x", 1, 3, "A", "2019-10-28T00:00:00Z")));
  const EventMatcher information(filter_of({{"level", "information"}}), kUtc);
  CHECK(information.matches(event("x", 1, 0, "A", "2019-10-28T00:00:00Z")));  // LogAlways shows as Information
  CHECK(information.matches(event("x", 1, 4, "A", "2019-10-28T00:00:00Z")));
  CHECK(EventMatcher(filter_of({{"level", "3"}}), kUtc).matches(event("x", 1, 3, "A", "2019-10-28T00:00:00Z")));
  EventFilter f;
  CHECK_THROWS_AS(add_filter(f, "level", "fatal"), Error);
  CHECK_THROWS_AS(add_filter(f, "level", "6"), Error);
}

TEST_CASE("--computer: case-insensitive, with or without DNS suffix") {
  const EventMatcher short_name(filter_of({{"computer", "srv01"}}), kUtc);
  CHECK(short_name.matches(event("x", 1, 4, "SRV01.example.local", "2019-10-28T00:00:00Z")));
  CHECK(short_name.matches(event("x", 1, 4, "SRV01", "2019-10-28T00:00:00Z")));
  CHECK_FALSE(short_name.matches(event("x", 1, 4, "SRV011", "2019-10-28T00:00:00Z")));
  const EventMatcher fqdn(filter_of({{"computer", "srv01.example.local"}}), kUtc);
  CHECK(fqdn.matches(event("x", 1, 4, "SRV01", "2019-10-28T00:00:00Z")));
  CHECK_FALSE(fqdn.matches(event("x", 1, 4, "SRV01.other.local", "2019-10-28T00:00:00Z")));
}

TEST_CASE("malformed values and unknown options name the option") {
  EventFilter f;
  for (const char* bad : {"yesterday", "2019-13-01", "2019-10-28 25:00", "2019-10-28T21", "2019-10-28T21:00:00+9"}) {
    INFO(bad);
    CHECK_THROWS_WITH_AS(add_filter(f, "from", bad), doctest::Contains("--from"), Error);
  }
  CHECK_THROWS_AS(add_filter(f, "since", "2019-10-28"), Error);
  CHECK(f.empty());
}
