// The parts of a rule file that are not rules: example events and the differential block.
// Their shape is checked by knowledge/schema/rules.schema.yaml before they are read here.
#include <algorithm>

#include "evtxdiag/event_shape.hpp"
#include "rules/rule_yaml.hpp"

namespace evtxdiag::diag::rule_yaml {
namespace {

// An example's data value: a string, or {type: HexInt32, value: 0x807800A1} given as the text a
// reader shows for that type ("0x807800a1"), so that examples show each way a value arrives.
// Kept here, not in the schema: whether a value fits its type is the writer's own knowledge
// (check_value_text), and type names are matched in any case.
std::string example_value(const std::string& file, const YAML::Node& node, const std::string& where) {
  if (!node.IsMap()) return node.Scalar();
  const auto type = parse_value_type(node["type"].Scalar());
  if (!type) fail(file, node["type"], where + ".type: '" + node["type"].Scalar() + "' is not a value type");
  std::string why;
  const auto text = check_value_text(*type, node["value"].Scalar(), why);
  if (!text) fail(file, node["value"], where + ".value: " + why);
  return *text;
}

}  // namespace

Event example_event(const std::string& file, const YAML::Node& node, std::uint64_t ordinal, const std::string& where) {
  Event event;
  event.source_file = "example.evtx";
  // The schema checked the syntax; the calendar (a 31st of February) is Timestamp's to refuse.
  const auto time = Timestamp::parse_iso(node["time"].Scalar());
  if (!time) fail(file, node["time"], where + ".time: not an ISO-8601 time with Z or an offset");
  event.time_created = *time;
  event.written_time = *time;
  event.provider_name = node["provider"].Scalar();
  event.event_id = node["event_id"].as<std::uint32_t>();
  event.level = node["level"] ? node["level"].as<std::uint8_t>() : 4;
  event.channel = node["channel"] ? node["channel"].Scalar() : "";
  event.computer = node["computer"] ? node["computer"].Scalar() : "EXAMPLE";
  event.record_number = node["record_id"] ? node["record_id"].as<std::uint64_t>() : ordinal;
  event.event_record_id = event.record_number;
  if (const auto data = node["data"]) {
    if (data.IsMap()) {
      for (const auto& entry : data)
        event.data.push_back(
            {entry.first.Scalar(), example_value(file, entry.second, where + ".data." + entry.first.Scalar())});
    } else {
      for (std::size_t i = 0; i < data.size(); ++i)  // unnamed (classic) values are %1, %2, ...
        event.data.push_back(
            {std::to_string(i + 1), example_value(file, data[i], where + ".data[" + std::to_string(i) + "]")});
    }
  }
  if (node["binary"]) {
    event.binary_hex = node["binary"].Scalar();
    std::transform(event.binary_hex.begin(), event.binary_hex.end(), event.binary_hex.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  }
  return event;
}

void load_differential(const YAML::Node& node, Differential& out, std::string_view source) {
  for (const auto& entry : node["texts"]) out.texts[entry.first.Scalar()] = texts_of(entry.second, source);
  for (const auto& s : node["stages"]) {
    DifferentialStage stage;
    stage.id = s["id"].Scalar();
    stage.name = texts_of(s["name"], source);
    for (const auto& c : s["checks"]) {
      DifferentialCheck check;
      check.id = c["id"].Scalar();
      check.text = texts_of(c["text"], source);
      if (const auto range = c["minutes_after_start"])
        check.minutes_after_start = std::make_pair(range[0].as<double>(), range[1].as<double>());
      stage.checks.push_back(std::move(check));
    }
    out.stages.push_back(std::move(stage));
  }
}

}  // namespace evtxdiag::diag::rule_yaml
