// Scenario loader: defaults, value conversion, and each refusal with its exact message.
#include <doctest/doctest.h>

#include <string>

#include "evtxdiag/error.hpp"
#include "evtxdiag/scenario.hpp"

using evtxdiag::parse_scenario;

namespace {

const char* const kHead = "computer: SRV01\nlogs:\n  - file: System.evtx\n    channel: System\n    events:\n";

// The loader's message for `events` (starting at line 6), or "" when it loads.
std::string error_for(const std::string& events) {
  try {
    (void)parse_scenario(std::string(kHead) + events, "t.yaml");
  } catch (const evtxdiag::Error& e) {
    CHECK(e.kind() == evtxdiag::ErrorKind::invalid_input);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("defaults, record id numbering, offsets and data forms") {
  const evtxdiag::Scenario s =
      parse_scenario(std::string(kHead) +
                         "      - {time: 2012-01-18T16:26:31.31+09:00, provider: volsnap, event_id: 27,"
                         " qualifiers: 49158, data: [a, '', \"x y\"], binary: 00ff}\n"
                         "      - time: 2012-01-18T07:26:32Z\n"
                         "        provider: Microsoft-Windows-Backup\n"
                         "        event_id: 5\n"
                         "        computer: OTHER\n"
                         "        keywords: '0x8000000000000000'\n"
                         "        data: {ErrorCode: 2155348165, Empty: \"\"}\n",
                     "t.yaml");
  REQUIRE(s.logs.size() == 1);
  const auto& events = s.logs[0].events;
  REQUIRE(events.size() == 2);
  CHECK(events[0].time_created.iso_utc() == "2012-01-18T07:26:31.3100000Z");
  CHECK(events[0].written_time == events[0].time_created);
  CHECK(events[0].event_record_id == 1);
  CHECK(events[1].event_record_id == 2);
  CHECK(events[0].level == 4);
  CHECK(events[0].computer == "SRV01");
  CHECK(events[1].computer == "OTHER");
  CHECK(events[0].channel == "System");
  CHECK(events[0].source_file == "System.evtx");
  CHECK(events[0].qualifiers == std::optional<std::uint16_t>(49158));
  CHECK_FALSE(events[1].qualifiers.has_value());
  CHECK(events[0].binary_hex == "00FF");
  REQUIRE(events[0].data.size() == 3);
  CHECK(events[0].data[0] == evtxdiag::DataField{"1", "a"});
  CHECK(events[0].data[1] == evtxdiag::DataField{"2", ""});
  CHECK(events[0].data[2] == evtxdiag::DataField{"3", "x y"});
  CHECK(events[1].keywords == 0x8000000000000000ULL);
  REQUIRE(events[1].data.size() == 2);
  CHECK(events[1].data[0] == evtxdiag::DataField{"ErrorCode", "2155348165"});
  CHECK(events[1].data[1] == evtxdiag::DataField{"Empty", ""});
}

TEST_CASE("repeat writes consecutive records at the interval") {
  const evtxdiag::Scenario s = parse_scenario(
      std::string(kHead) +
          "      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, record_id: 10,"
          " repeat: {count: 3, interval_ms: 1500}}\n      - {time: 2020-01-01T01:00:00Z, provider: b, event_id: 2}\n",
      "t.yaml");
  const auto& events = s.logs[0].events;
  REQUIRE(events.size() == 4);
  CHECK(events[2].event_record_id == 12);
  CHECK(events[2].time_created.iso_utc() == "2020-01-01T00:00:03.0000000Z");
  CHECK(events[3].event_record_id == 13);
}

TEST_CASE("description and free-form expect are accepted") {
  const evtxdiag::Scenario s =
      parse_scenario("description: a case\nexpect:\n  jobs: [{result: failed}]\n  anything: {nested: true}\n" +
                         std::string(kHead) + "      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1}\n",
                     "t.yaml");
  CHECK(s.description == "a case");
}

TEST_CASE("each bad scenario is refused with file, line, column and key") {
  CHECK(error_for("      - time: 2012-01-18T07:26:31Z\n        provider: a\n        event_id: 1\n        colour: red\n")
            .rfind("t.yaml:9:9: logs[0].events[0]: unknown key 'colour' (allowed here: activity_id, binary,", 0) == 0);
  CHECK(error_for("      - {time: 2012-01-18T07:26:31, provider: a, event_id: 1}\n")
            .rfind("t.yaml:6:16: logs[0].events[0].time: expected an ISO time in UTC with Z or local with an explicit "
                   "offset",
                   0) == 0);
  CHECK(error_for("      - {time: 2012-02-30T07:26:31Z, provider: a, event_id: 1}\n")
            .rfind("t.yaml:6:16: logs[0].events[0].time: '2012-02-30T07:26:31Z' is not an ISO time", 0) == 0);
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, event_id: 1}\n") ==
        "t.yaml:6:9: logs[0].events[0]: missing required key 'provider'");
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, provider: a}\n") ==
        "t.yaml:6:9: logs[0].events[0]: missing required key 'event_id'");
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: abc}\n") ==
        "t.yaml:6:61: logs[0].events[0].event_id: expected an integer, found 'abc'");
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: 70000}\n") ==
        "t.yaml:6:61: logs[0].events[0].event_id: 70000 is above the maximum 65535");
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, provider: [a], event_id: 1}\n") ==
        "t.yaml:6:48: logs[0].events[0].provider: expected a string, found a list");
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: 1, data: {X: [1]}}\n") ==
        "t.yaml:6:74: logs[0].events[0].data.X: expected a string or {type: T, value: V} (quote it if it looks like a "
        "list or "
        "mapping), found a list");
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: 1, data: {X: }}\n")
            .rfind("t.yaml:6:", 0) == 0);
  CHECK(
      error_for("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: 1, guid: nope}\n") ==
      "t.yaml:6:70: logs[0].events[0].guid: expected a GUID like {01234567-89ab-cdef-0123-456789abcdef}, found 'nope'");
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: 1, binary: abc}\n") ==
        "t.yaml:6:72: logs[0].events[0].binary: expected an even number of hex digits, found 'abc'");
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: 1, record_id: 5}\n"
                  "      - {time: 2012-01-18T07:26:32Z, provider: a, event_id: 1, record_id: 5}\n") ==
        "t.yaml:7:75: logs[0].events[1].record_id: record_id 5 is already used by the event at line 6");
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: 1, record_id: 5}\n"
                  "      - {time: 2012-01-18T07:26:32Z, provider: a, event_id: 1, record_id: 4}\n") ==
        "t.yaml:7:75: logs[0].events[1].record_id: record_id 4 must be greater than the previous event's 5 "
        "(record ids rise through a log)");
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: 1, event_id: 2}\n") ==
        "t.yaml:6:64: logs[0].events[0]: duplicate key 'event_id'");
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: 1\n").rfind("t.yaml:", 0) == 0);
}

TEST_CASE("a scenario goes through knowledge/schema/scenario.schema.yaml before it is read") {
  // Values the loader's own reading would take (a quoted number, an unknown type name in any
  // case) are refused by the schema, with the key path the loader uses.
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: '7'}\n") ==
        "t.yaml:6:61: logs[0].events[0].event_id: expected an integer, found '7'");
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: 1, repeat: {count: 0}}\n") ==
        "t.yaml:6:80: logs[0].events[0].repeat.count: 0 is below the minimum 1");
  CHECK(error_for("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: 1, keywords: 0xZZ}\n") ==
        "t.yaml:6:74: logs[0].events[0].keywords: expected a 0x-prefixed hex number, found '0xZZ'");
}

TEST_CASE("log-level and top-level refusals") {
  auto error_of = [](const std::string& text) -> std::string {
    try {
      (void)parse_scenario(text, "s.yaml");
    } catch (const evtxdiag::Error& e) {
      return e.what();
    }
    return "";
  };
  CHECK(error_of("computer: X\n") == "s.yaml:1:1: scenario: missing required key 'logs'");
  CHECK(error_of("logs: []\n") == "s.yaml:1:7: logs: expected at least 1 items, found 0");
  CHECK(error_of("logs:\n  - {file: ../x.evtx, channel: System, events: []}\n") ==
        "s.yaml:2:12: logs[0].file: expected a plain file name ending in .evtx, found '../x.evtx'");
  CHECK(error_of("logs:\n  - {file: a.evtx, channel: S, events: []}\n  - {file: a.evtx, channel: T, events: []}\n") ==
        "s.yaml:3:12: logs[1].file: 'a.evtx' is already written by the log at line 2");
  CHECK(error_of("logs:\n  - {file: a.evtx, events: []}\n") == "s.yaml:2:5: logs[0]: missing required key 'channel'");
  CHECK(error_of("mta: x\nlogs: []\n")
            .rfind("s.yaml:1:1: scenario: unknown key 'mta' (allowed here: computer, description, expect, logs)", 0) ==
        0);
  CHECK(error_of("- a\n") == "s.yaml:1:1: scenario: expected a mapping with 'logs:' at the top");
}

TEST_CASE("a missing scenario file is an io error") {
  CHECK_THROWS_AS(evtxdiag::load_scenario_file("/nonexistent/scenario.yaml"), evtxdiag::Error);
}
