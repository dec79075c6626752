// Zone inference from EventLog 6013 and Kernel-General 1/22/24, and its provenance.
#include <doctest/doctest.h>

#include "evtxdiag/timezone.hpp"

using evtxdiag::Event;
using evtxdiag::Timestamp;
using evtxdiag::ZoneOrigin;

namespace {

Timestamp utc(const char* iso) {
  auto t = Timestamp::parse_iso(iso);
  REQUIRE(t.has_value());
  return *t;
}

Event event_6013(const char* when, std::uint64_t record, const char* value, const char* provider = "EventLog") {
  Event e;
  e.source_file = "System.evtx";
  e.provider_name = provider;
  e.event_id = 6013;
  e.record_number = record;
  e.time_created = utc(when);
  e.data = {{"1", ""}, {"2", ""}, {"3", ""}, {"4", ""}, {"5", "131"}, {"6", "60"}, {"7", value}};
  return e;
}

Event kernel_general(std::uint32_t id, const char* when, std::uint64_t record, const char* field, const char* bias) {
  Event e;
  e.source_file = "System.evtx";
  e.provider_name = "Microsoft-Windows-Kernel-General";
  e.event_id = id;
  e.record_number = record;
  e.time_created = utc(when);
  e.data = {{"ExitReason", "0"}, {field, bias}};
  return e;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("English 6013: Pacific Standard Time, DST applied from the tz rules") {
  // The standard name stays "Pacific Standard Time" in summer (events.md 7.3): DST comes from the rules.
  const auto zones = evtxdiag::infer_zone({event_6013("2019-03-19T15:00:00Z", 42, "480 Pacific Standard Time")});
  REQUIRE(zones.periods.size() == 1);
  CHECK(zones.origin() == ZoneOrigin::inferred);
  CHECK(zones.periods[0].zone.iana_name() == "America/Los_Angeles");
  CHECK_FALSE(zones.periods[0].bias_only);
  CHECK(zones.format_local(utc("2019-03-19T15:00:00Z")) == "2019-03-19T08:00:00.0000000-07:00");
  CHECK(zones.format_local(utc("2019-01-19T15:00:00Z")) == "2019-01-19T07:00:00.0000000-08:00");
  REQUIRE(zones.periods[0].evidence);
  CHECK(zones.periods[0].evidence->record_number == 42);
  CHECK(contains(zones.summary(), "inferred from record 42 of System.evtx (EventLog 6013"));
  CHECK(zones.notes.empty());
}

TEST_CASE("Japanese 6013: -540 東京 (標準時)") {
  const auto zones = evtxdiag::infer_zone({event_6013("2020-08-07T03:50:29Z", 7, "-540 東京 (標準時)", "eventlog")});
  REQUIRE(zones.periods.size() == 1);
  CHECK(zones.periods[0].zone.windows_id() == "Tokyo Standard Time");
  CHECK(zones.format_local(utc("2020-08-07T03:50:29Z")) == "2020-08-07T12:50:29.0000000+09:00");
  CHECK(contains(zones.periods[0].explanation, "\"東京 (標準時)\" is the Windows zone Tokyo Standard Time"));
}

TEST_CASE("6013 variants: single value, unsigned bias, value not last") {
  Event e = event_6013("2020-01-01T00:00:00Z", 1, "");
  e.data = {{"1", "-540 Tokyo Standard Time"}, {"2", "0"}};
  CHECK(evtxdiag::infer_zone({e}).periods[0].zone.iana_name() == "Asia/Tokyo");
  e.data = {{"7", "4294966756 Tokyo Standard Time"}};
  CHECK(evtxdiag::infer_zone({e}).periods[0].zone.iana_name() == "Asia/Tokyo");
  e.data = {{"1", "garbage"}, {"2", "12345"}};
  CHECK(evtxdiag::infer_zone({e}).origin() == ZoneOrigin::fallback_utc);
}

TEST_CASE("bias only: a fixed offset, and the result says so") {
  const auto zones = evtxdiag::infer_zone({kernel_general(24, "2022-02-05T10:00:00Z", 9, "CurrentBias", "-540")});
  REQUIRE(zones.periods.size() == 1);
  CHECK(zones.periods[0].bias_only);
  CHECK(zones.periods[0].zone.name() == "+09:00");
  CHECK(zones.format_local(utc("2022-02-05T10:00:00Z")) == "2022-02-05T19:00:00.0000000+09:00");
  CHECK(contains(zones.summary(), "only the bias is known"));
  CHECK(contains(zones.summary(), "record 9 of System.evtx (Kernel-General 24"));
}

TEST_CASE("unknown zone name: fixed offset from its bias, with a note") {
  const auto zones = evtxdiag::infer_zone({event_6013("2020-01-01T00:00:00Z", 3, "-330 Somewhere Odd Time")});
  CHECK(zones.periods[0].zone.name() == "+05:30");
  CHECK(zones.periods[0].bias_only);
  REQUIRE(zones.notes.size() == 1);
  CHECK(contains(zones.notes[0], "not a known Windows zone name"));
}

TEST_CASE("name and bias disagree: the bias wins, with a note") {
  const auto zones = evtxdiag::infer_zone({event_6013("2020-01-01T00:00:00Z", 3, "-540 Pacific Standard Time")});
  CHECK(zones.periods[0].zone.name() == "+09:00");
  CHECK(contains(zones.summary(), "the bias is used"));
}

TEST_CASE("the zone changed: periods, dated by the Kernel-General 22 bias change") {
  const std::vector<Event> events{
      event_6013("2020-01-10T00:00:00Z", 10, "480 Pacific Standard Time"),
      event_6013("2020-01-12T00:00:00Z", 20, "480 Pacific Standard Time"),
      kernel_general(22, "2020-01-13T05:00:00Z", 25, "NewBias", "-540"),
      event_6013("2020-01-14T00:00:00Z", 30, "-540 東京 (標準時)"),
  };
  const auto zones = evtxdiag::infer_zone(events);
  REQUIRE(zones.periods.size() == 2);
  CHECK(zones.has_changes());
  CHECK(zones.periods[0].zone.iana_name() == "America/Los_Angeles");
  CHECK(zones.periods[1].zone.iana_name() == "Asia/Tokyo");
  CHECK(zones.periods[0].end == utc("2020-01-13T05:00:00Z"));
  CHECK(zones.periods[1].begin == utc("2020-01-13T05:00:00Z"));
  CHECK(zones.format_local(utc("2020-01-13T04:00:00Z")) == "2020-01-12T20:00:00.0000000-08:00");
  CHECK(zones.format_local(utc("2020-01-13T06:00:00Z")) == "2020-01-13T15:00:00.0000000+09:00");
  const std::string summary = zones.summary();
  CHECK(contains(summary, "2 periods"));
  CHECK(contains(summary, "The zone changed from Pacific Standard Time (America/Los_Angeles) to Tokyo Standard Time"));
  CHECK(contains(summary, "record 25 of System.evtx (Kernel-General 22"));
}

TEST_CASE("Kernel-General biases that contradict the named zone start periods") {
  const auto zones = evtxdiag::infer_zone({event_6013("2020-01-10T00:00:00Z", 1, "-540 Tokyo Standard Time"),
                                           kernel_general(24, "2020-01-11T00:00:00Z", 2, "CurrentBias", "480"),
                                           kernel_general(24, "2020-01-12T00:00:00Z", 3, "CurrentBias", "-540")});
  REQUIRE(zones.periods.size() == 3);
  CHECK(zones.periods[1].zone.name() == "-08:00");  // no zone named in the logs fits: the bias alone
  CHECK(zones.periods[1].bias_only);
  CHECK(zones.periods[2].zone.iana_name() == "Asia/Tokyo");
  CHECK(contains(zones.periods[2].explanation, "whose bias fits the zone named by record 1 of System.evtx"));
  CHECK(zones.evidence.size() == 3);
}

TEST_CASE("bias-only evidence that changes gives periods (Kernel-General 1 with a bias field)") {
  const auto zones =
      evtxdiag::infer_zone({kernel_general(1, "2021-03-01T00:00:00Z", 1, "CurrentTimeZoneBias", "-60"),
                            kernel_general(1, "2021-04-01T00:00:00Z", 2, "CurrentTimeZoneBias", "-120")});
  REQUIRE(zones.periods.size() == 2);
  CHECK(zones.periods[0].zone.name() == "+01:00");
  CHECK(zones.periods[1].zone.name() == "+02:00");
  CHECK(zones.periods[1].begin == utc("2021-04-01T00:00:00Z"));
}

TEST_CASE("nothing found: UTC, and the result says so") {
  Event other;
  other.provider_name = "Microsoft-Windows-Kernel-General";
  other.event_id = 12;
  const auto zones = evtxdiag::infer_zone({other});
  CHECK(zones.origin() == ZoneOrigin::fallback_utc);
  CHECK(zones.periods[0].zone.kind() == evtxdiag::ZoneKind::utc);
  CHECK(zones.summary() ==
        "Time zone: UTC, fallback: no time-zone evidence (EventLog 6013, Kernel-General 1/22/24) in the logs.");
}

TEST_CASE("given by the user") {
  const auto zones = evtxdiag::ZoneResolution::given_by_user(*evtxdiag::TimeZone::parse("Asia/Tokyo"), "Asia/Tokyo");
  CHECK(zones.origin() == ZoneOrigin::user);
  CHECK(zones.summary() == "Time zone: Asia/Tokyo, given by the user (--tz Asia/Tokyo).");
}

TEST_CASE("candidate filter") {
  using evtxdiag::ZoneInferrer;
  CHECK(ZoneInferrer::is_candidate("EventLog", 6013));
  CHECK(ZoneInferrer::is_candidate("eventlog", 6013));
  CHECK(ZoneInferrer::is_candidate("Microsoft-Windows-Kernel-General", 24));
  CHECK_FALSE(ZoneInferrer::is_candidate("Microsoft-Windows-Kernel-General", 12));
  CHECK_FALSE(ZoneInferrer::is_candidate("EventLog", 6005));
}

TEST_CASE("east of UTC: negative biases as Windows writes them and as libevtx renders them") {
  // Every zone east of UTC has a negative bias. Written as text (-480), as the unsigned Int32
  // (4294966816), or as libevtx 20181227 prints a negative Int32 (-(value & 0x7FFFFFFF)):
  // -480 -> "-2147483168", -60 -> "-2147483588". A Chinese log without 6013 is still UTC+08:00.
  for (const char* rendering : {"-480", "4294966816", "-2147483168"}) {
    CAPTURE(rendering);
    std::vector<Event> events;
    for (int i = 0; i < 52; ++i)
      events.push_back(
          kernel_general(24, "2021-01-13T00:00:00Z", 100 + static_cast<std::uint64_t>(i), "CurrentBias", rendering));
    const auto zones = evtxdiag::infer_zone(events);
    REQUIRE(zones.origin() == ZoneOrigin::inferred);
    CHECK(zones.periods.back().zone.name() == "+08:00");
    CHECK(zones.format_local(utc("2021-01-13T00:00:00Z")) == "2021-01-13T08:00:00.0000000+08:00");
  }
  // A move from UTC-07:00 to UTC+01:00 is a new period, not ignored.
  const auto moved = evtxdiag::infer_zone({kernel_general(24, "2020-06-01T00:00:00Z", 1, "CurrentBias", "420"),
                                           kernel_general(22, "2020-06-02T10:00:00Z", 2, "NewBias", "-2147483588"),
                                           kernel_general(24, "2020-06-03T00:00:00Z", 3, "CurrentBias", "-60")});
  REQUIRE(moved.periods.size() == 2);
  CHECK(moved.format_local(utc("2020-06-02T12:00:00Z")) == "2020-06-02T13:00:00.0000000+01:00");
  CHECK(moved.format_local(utc("2020-06-01T12:00:00Z")) == "2020-06-01T05:00:00.0000000-07:00");
}

TEST_CASE("a live record is cited before a recovered one saying the same") {
  Event recovered = event_6013("2020-09-17T10:00:00Z", 5, "480 Pacific Standard Time");
  recovered.origin = evtxdiag::RecordOrigin::recovered;
  recovered.source_file = "Microsoft-Windows-NetworkAccessProtection%4WHC.evtx";
  const auto zones =
      evtxdiag::infer_zone({recovered, event_6013("2020-09-17T15:52:48Z", 152, "480 Pacific Standard Time")});
  REQUIRE(zones.periods.size() == 1);
  REQUIRE(zones.periods[0].evidence);
  CHECK(zones.periods[0].evidence->record_number == 152);
  CHECK(zones.periods[0].evidence->source_file == "System.evtx");
  CHECK_FALSE(zones.periods[0].evidence->recovered);
  // Alone, a recovered record is still evidence (and says so).
  const auto alone = evtxdiag::infer_zone({recovered});
  CHECK(alone.periods[0].evidence->recovered);
}
