// The loader's key lists, knowledge/schema/scenario.schema.yaml and the key tables of
// testdata/README.md must name the same keys; the README example must load.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "evtxdiag/event_shape.hpp"
#include "evtxdiag/scenario.hpp"
#include "scenario/scenario_keys.hpp"

namespace {

std::string source_dir() {
  const char* dir = std::getenv("EVTXDIAG_SOURCE_DIR");
  REQUIRE_MESSAGE(dir != nullptr, "EVTXDIAG_SOURCE_DIR is not set (run through ctest)");
  return dir;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> schema_keys(const YAML::Node& object) {
  std::set<std::string> keys;
  for (const auto& entry : object["properties"]) keys.insert(entry.first.as<std::string>());
  return keys;
}

template <std::size_t N>
std::set<std::string> loader_keys(const std::array<std::string_view, N>& keys) {
  return std::set<std::string>(keys.begin(), keys.end());
}

// Keys in the first column of the README tables: lines starting with "| `key` |".
std::set<std::string> readme_section_keys(const std::string& readme, const std::string& heading) {
  const std::size_t start = readme.find(heading);
  REQUIRE_MESSAGE(start != std::string::npos, "README has no section " << heading);
  const std::size_t end = readme.find("\n#", start + heading.size());
  std::istringstream lines(readme.substr(start, end == std::string::npos ? std::string::npos : end - start));
  std::set<std::string> keys;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    const std::size_t close = line.find('`', 3);
    keys.insert(line.substr(3, close - 3));
  }
  return keys;
}

}  // namespace

TEST_CASE("loader keys, JSON schema and README key tables agree") {
  const YAML::Node schema = YAML::LoadFile(source_dir() + "/knowledge/schema/scenario.schema.yaml");
  const std::string readme = read_text(source_dir() + "/testdata/README.md");
  using namespace evtxdiag::scenario;
  CHECK(schema_keys(schema) == loader_keys(kTopLevelKeys));
  CHECK(schema_keys(schema["$defs"]["log"]) == loader_keys(kLogKeys));
  CHECK(schema_keys(schema["$defs"]["event"]) == loader_keys(kEventKeys));
  CHECK(schema_keys(schema["$defs"]["event"]["properties"]["repeat"]) == loader_keys(kRepeatKeys));
  CHECK(readme_section_keys(readme, "### Top level") == loader_keys(kTopLevelKeys));
  CHECK(readme_section_keys(readme, "### A log") == loader_keys(kLogKeys));
  CHECK(readme_section_keys(readme, "### An event") == loader_keys(kEventKeys));
  CHECK(schema_keys(schema["$defs"]["typed_value"]) == loader_keys(kTypedValueKeys));
  CHECK(readme_section_keys(readme, "### A typed value") == loader_keys(kTypedValueKeys));
  // Required keys: the schema's lists match what the loader insists on (see scenario_loader_test).
  CHECK(schema["required"].as<std::vector<std::string>>() == std::vector<std::string>{"logs"});
  CHECK(schema["$defs"]["event"]["required"].as<std::vector<std::string>>() ==
        std::vector<std::string>{"time", "provider", "event_id"});
}

TEST_CASE("the schema names every value type the loader knows") {
  const YAML::Node schema = YAML::LoadFile(source_dir() + "/knowledge/schema/scenario.schema.yaml");
  std::set<std::string> known;
  for (int t = 0; t <= static_cast<int>(evtxdiag::ValueType::hex_int64); ++t)
    known.insert(evtxdiag::to_string(static_cast<evtxdiag::ValueType>(t)));
  // oneOf: null (`type: Null` written plain is YAML's null), or one of the names.
  const YAML::Node forms = schema["$defs"]["typed_value"]["properties"]["type"]["oneOf"];
  CHECK(forms[0]["type"].as<std::string>() == "null");
  const auto listed = forms[1]["enum"].as<std::vector<std::string>>();
  CHECK(std::set<std::string>(listed.begin(), listed.end()) == known);
  for (const std::string& name : listed) CHECK(evtxdiag::parse_value_type(name).has_value());
}

TEST_CASE("the README example is a valid scenario") {
  const std::string readme = read_text(source_dir() + "/testdata/README.md");
  const std::size_t begin = readme.find("```yaml\n", readme.find("scenario-example: begin"));
  const std::size_t end = readme.find("```\n", begin + 8);
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  const evtxdiag::Scenario scenario = evtxdiag::parse_scenario(readme.substr(begin + 8, end - begin - 8), "README");
  REQUIRE(scenario.logs.size() == 1);
  CHECK(scenario.logs[0].events.size() == 4);  // one classic event + a repeat of 3
  CHECK(scenario.logs[0].events[3].event_record_id == 1004);
}
