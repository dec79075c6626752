// The parts of a rule file that are not rules: example events and the differential block.
#include <algorithm>

#include "rules/rule_yaml.hpp"
#include "evtxdiag/event_shape.hpp"

namespace evtxdiag::diag::rule_yaml {
namespace {

// An example's data value: a string, or {type: HexInt32, value: 0x807800A1} given as the text a
// reader shows for that type ("0x807800a1"), so that examples show each way a value arrives.
std::string example_value(const std::string& file, const YAML::Node& node) {
  if (!node.IsMap()) return scalar(file, node, "data");
  check_keys(file, node, {"type", "value"}, "typed example value");
  const auto type = node["type"] ? parse_value_type(scalar(file, node["type"], "type")) : std::nullopt;
  if (!type || !node["value"]) fail(file, node, "a typed example value is {type: <value type>, value: ...}");
  std::string why;
  const auto text = check_value_text(*type, scalar(file, node["value"], "value"), why);
  if (!text) fail(file, node["value"], why);
  return *text;
}

}  // namespace

Event example_event(const std::string& file, const YAML::Node& node, std::uint64_t ordinal) {
  check_keys(file, node, {"time", "provider", "event_id", "level", "channel", "record_id", "data", "binary", "computer"},
             "example event");
  Event event;
  event.source_file = "example.evtx";
  if (!node["time"] || !node["provider"] || !node["event_id"]) fail(file, node, "an example event needs time, provider and event_id");
  const auto time = Timestamp::parse_iso(scalar(file, node["time"], "time"));
  if (!time) fail(file, node["time"], "'time' is not an ISO-8601 time with Z or an offset");
  event.time_created = *time;
  event.written_time = *time;
  event.provider_name = scalar(file, node["provider"], "provider");
  event.event_id = node["event_id"].as<std::uint32_t>();
  event.level = node["level"] ? node["level"].as<std::uint8_t>() : 4;
  event.channel = node["channel"] ? scalar(file, node["channel"], "channel") : "";
  event.computer = node["computer"] ? scalar(file, node["computer"], "computer") : "EXAMPLE";
  event.record_number = node["record_id"] ? node["record_id"].as<std::uint64_t>() : ordinal;
  event.event_record_id = event.record_number;
  if (const auto data = node["data"]) {
    if (data.IsMap()) {
      for (const auto& entry : data) event.data.push_back({entry.first.as<std::string>(), example_value(file, entry.second)});
    } else if (data.IsSequence()) {
      std::size_t position = 1;
      for (const auto& item : data) event.data.push_back({std::to_string(position++), example_value(file, item)});
    } else {
      fail(file, data, "'data' must be a mapping or a list");
    }
  }
  if (node["binary"]) {
    event.binary_hex = scalar(file, node["binary"], "binary");
    std::transform(event.binary_hex.begin(), event.binary_hex.end(), event.binary_hex.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  }
  return event;
}

void load_differential(const std::string& file, const YAML::Node& node, Differential& out, std::string_view source) {
  check_keys(file, node, {"texts", "stages"}, "differential");
  const std::set<std::string> templates{"title", "title_no_code", "intro", "timing", "unknown_code", "checks"};
  check_keys(file, node["texts"], templates, "differential texts");
  for (const auto& name : templates) out.texts[name] = texts_of(file, node["texts"][name], "differential text " + name, source);
  if (!node["stages"] || !node["stages"].IsSequence()) fail(file, node, "differential needs a list of 'stages'");
  for (const auto& s : node["stages"]) {
    check_keys(file, s, {"id", "name", "checks"}, "differential stage");
    DifferentialStage stage;
    stage.id = scalar(file, s["id"], "id");
    stage.name = texts_of(file, s["name"], "stage " + stage.id + " name", source);
    if (!s["checks"] || !s["checks"].IsSequence()) fail(file, s, "stage " + stage.id + " needs 'checks'");
    for (const auto& c : s["checks"]) {
      check_keys(file, c, {"id", "text", "minutes_after_start"}, "differential check");
      DifferentialCheck check;
      check.id = scalar(file, c["id"], "id");
      check.text = texts_of(file, c["text"], "check " + check.id, source);
      if (const auto range = c["minutes_after_start"]) {
        if (!range.IsSequence() || range.size() != 2) fail(file, range, "'minutes_after_start' must be [from, to]");
        check.minutes_after_start = std::make_pair(range[0].as<double>(), range[1].as<double>());
      }
      stage.checks.push_back(std::move(check));
    }
    out.stages.push_back(std::move(stage));
  }
  if (std::none_of(out.stages.begin(), out.stages.end(), [](const DifferentialStage& s) { return s.id == "any"; }))
    fail(file, node, "differential needs a stage 'any' (the fallback)");
}

}  // namespace evtxdiag::diag::rule_yaml
