// scenario_yaml(): the YAML of a scenario loads back into events the writer writes byte for byte
// as the original ones (same System fields, same values and types, same payload tree), for the
// typed test scenario, for awkward text, and for children a mapping cannot hold in order.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "evtxdiag/event_shape.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/scenario.hpp"
#include "evtxdiag/writer.hpp"

using namespace evtxdiag;

namespace {

Scenario round_trip(const Scenario& scenario) {
  const std::string yaml = scenario_yaml(scenario, "header line\n\nsecond line");
  INFO(yaml);
  return parse_scenario(yaml, "exported.yaml");
}

void check_same_files(const Scenario& original, const Scenario& again) {
  REQUIRE(again.logs.size() == original.logs.size());
  for (std::size_t i = 0; i < original.logs.size(); ++i) {
    INFO("log " << original.logs[i].file);
    CHECK(again.logs[i].file == original.logs[i].file);
    REQUIRE(again.logs[i].events.size() == original.logs[i].events.size());
    for (std::size_t k = 0; k < original.logs[i].events.size(); ++k) {
      CHECK(again.logs[i].events[k].data == original.logs[i].events[k].data);
      CHECK(again.logs[i].events[k].channel == original.logs[i].events[k].channel);
    }
    CHECK(write_evtx(again.logs[i].events) == write_evtx(original.logs[i].events));
  }
}

Event event_with(PayloadElement payload) {
  Event event;
  event.provider_name = "P";
  event.event_id = 1;
  event.event_record_id = 1;
  event.source_file = "A.evtx";
  event.channel = "Application";
  event.time_created = *Timestamp::parse_iso("2020-01-01T00:00:00Z");
  auto shape = std::make_shared<EventShape>();
  flatten_payload(payload, event.data, event.binary_hex);
  shape->payload = std::move(payload);
  event.shape = shape;
  return event;
}

PayloadElement leaf(const std::string& name, const std::string& text) {
  return PayloadElement{name, {}, {}, {}, PayloadValue{ValueType::string, false, {text}}};
}

}  // namespace

TEST_CASE("the typed test scenario survives export and import unchanged") {
  const char* dir = std::getenv("EVTXDIAG_SOURCE_DIR");
  REQUIRE_MESSAGE(dir != nullptr, "EVTXDIAG_SOURCE_DIR is not set (run through ctest)");
  const Scenario original = load_scenario_file(std::string(dir) + "/testdata/scenarios/basic-typed.yaml");
  check_same_files(original, round_trip(original));
}

TEST_CASE("awkward text, children apart and a child called type come back in order") {
  PayloadElement root{"UserData", {}, {}, {}, std::nullopt};
  PayloadElement log{"Log",
                     {{"xmlns", "urn:x", std::nullopt}, {"n", {}, PayloadValue{ValueType::string, false, {"s"}}}},
                     {},
                     {},
                     std::nullopt};
  log.children.push_back(
      leaf("A", "quote \" backslash \\ tab\t newline\n cr\r ctl\x01 nel\xC2\x85 ls\xE2\x80\xA8 bom\xEF\xBB\xBF 東京"));
  log.children.push_back(leaf("B", "  spaces kept  "));
  log.children.push_back(leaf("A", "again, apart from the first A"));
  log.children.push_back(leaf("type", "a child a mapping key would mistake"));
  log.children.push_back(PayloadElement{"null", {}, {}, {}, PayloadValue{ValueType::uint32, false, {"0x10"}}});
  root.children.push_back(log);
  Scenario scenario;
  scenario.logs.push_back(ScenarioLog{"A.evtx", "Application", {event_with(root)}, 0, {}, {}, {}});

  const std::string yaml = scenario_yaml(scenario);
  CHECK(yaml.find("\"#children\":") != std::string::npos);
  const Scenario again = round_trip(scenario);
  check_same_files(scenario, again);
  const Event& read = again.logs[0].events[0];
  REQUIRE(read.shape.get() != nullptr);
  const PayloadElement& children = read.shape->payload->children[0];
  REQUIRE(children.children.size() == 5);
  CHECK(children.children[0].value->items[0] == log.children[0].value->items[0]);
  CHECK(children.children[3].name == "type");
  CHECK(children.attributes[1].value.has_value());  // a substituted String attribute stays substituted
}

TEST_CASE("#children in a scenario keeps the given order") {
  const Scenario scenario = parse_scenario(
      "logs:\n  - file: A.evtx\n    channel: Application\n    events:\n"
      "      - time: 2020-01-01T00:00:00Z\n        provider: P\n        event_id: 1\n        user_data:\n"
      "          Log:\n            \"#children\": [{A: '1'}, {B: '2'}, {A: '3'}, {type: {type: UInt8, value: 4}}]\n",
      "t.yaml");
  CHECK(scenario.logs[0].events[0].data == std::vector<DataField>{{"A", "1"}, {"B", "2"}, {"A", "3"}, {"type", "4"}});
  try {
    (void)parse_scenario(
        "logs:\n  - file: A.evtx\n    channel: Application\n    events:\n"
        "      - {time: 2020-01-01T00:00:00Z, provider: P, event_id: 1, user_data: {Log: {\"#children\": [{A: '1', B: "
        "'2'}]}}}\n",
        "t.yaml");
    FAIL("a two-key item was accepted");
  } catch (const std::exception& e) {
    CHECK(std::string(e.what()) ==
          "t.yaml:5:96: logs[0].events[0].user_data.Log.#children[0]: expected at most 1 keys, found 2");
  }
}

TEST_CASE("events of several files become one log per file, sorted by record id") {
  std::vector<Event> events(4);
  const char* files[] = {"/x/System.evtx", "/y/System.evtx", "/x/System.evtx", "odd"};
  const std::uint64_t ids[] = {7, 1, 3, 5};
  for (std::size_t i = 0; i < events.size(); ++i) {
    events[i].source_file = files[i];
    events[i].event_record_id = ids[i];
    events[i].channel = i == 3 ? "Setup" : "System";
    events[i].computer = i == 0 ? "A" : "B";
  }
  const Scenario scenario = scenario_from_events(events);
  REQUIRE(scenario.logs.size() == 3);
  CHECK(scenario.logs[0].file == "System.evtx");
  CHECK(scenario.logs[1].file == "System-2.evtx");
  CHECK(scenario.logs[2].file == "odd.evtx");
  CHECK(scenario.logs[0].events[0].event_record_id == 3);
  CHECK(scenario.logs[0].events[1].event_record_id == 7);
  CHECK(scenario.logs[2].channel == "Setup");
  CHECK(scenario.computer == "B");
}

TEST_CASE("a written log, read with its shapes and exported, is written back byte for byte") {
  const char* dir = std::getenv("EVTXDIAG_SOURCE_DIR");
  REQUIRE_MESSAGE(dir != nullptr, "EVTXDIAG_SOURCE_DIR is not set (run through ctest)");
  for (const char* name : {"basic-typed.yaml", "basic-classic.yaml", "basic-manifest.yaml", "basic-japanese.yaml"}) {
    const Scenario original = load_scenario_file(std::string(dir) + "/testdata/scenarios/" + name);
    for (const ScenarioLog& log : original.logs) {
      INFO(name << " " << log.file);
      const std::vector<std::uint8_t> bytes = write_evtx(log.events);
      EvtxReader reader = EvtxReader::open_buffer(bytes, log.file);
      ReadOptions options;
      options.decoder = DecoderChoice::builtin_only;
      options.keep_shape = true;
      std::vector<Event> read;
      reader.read(options, [&read](Event&& event) { read.push_back(std::move(event)); });
      const Scenario again = parse_scenario(scenario_yaml(scenario_from_events(read)), "exported.yaml");
      REQUIRE(again.logs.size() == 1);
      CHECK(write_evtx(again.logs[0].events) == bytes);
    }
  }
}
