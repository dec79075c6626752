// Scenario YAML -> Scenario. The shape (keys, types, ranges, patterns) is checked first against
// knowledge/schema/scenario.schema.yaml by the library's one schema checker (lib/src/schema/);
// the checks below are what a schema cannot say (a real calendar date, UTF-8 text, a typed
// value its type can hold, record ids that rise, file names used once, display names only with
// an MTA). Every check names file, line, column and key path, and the whole scenario is refused
// on the first error (so synth writes nothing from a bad scenario).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "evtxdiag/error.hpp"
#include "evtxdiag/scenario.hpp"
#include "scenario/scenario_keys.hpp"
#include "scenario/scenario_payload.hpp"
#include "scenario/yaml_context.hpp"
#include "schema/json_schema.hpp"
#include "schema/shipped_schemas.hpp"
#include "writer/value_encoding.hpp"

namespace evtxdiag {
namespace {

class Loader : public scenario::YamlContext {
 public:
  explicit Loader(std::string name) : YamlContext(std::move(name)) {}

  Scenario load(std::string_view text) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      throw Error(ErrorKind::invalid_input, where(e.mark) + "not valid YAML: " + e.msg);
    }
    if (!root.IsMap()) fail(root, "scenario", "expected a mapping with 'logs:' at the top");
    check_shape(root);
    Scenario scenario;
    scenario.source = name();
    check_keys(root, "", scenario::kTopLevelKeys);
    if (const YAML::Node computer = root["computer"]) scenario.computer = text_of(computer, "computer");
    if (const YAML::Node description = root["description"]) scenario.description = text_of(description, "description");
    if (const YAML::Node expect = root["expect"]; expect && !expect.IsMap())
      fail(expect, "expect", "expected a mapping");  // free-form otherwise: read by the diagnosis goldens
    const YAML::Node logs = require(root, "logs", "");
    if (!logs.IsSequence() || logs.size() == 0) fail(logs, "logs", "expected a non-empty list of logs");
    std::map<std::string, std::size_t> file_lines;
    for (std::size_t i = 0; i < logs.size(); ++i) {
      ScenarioLog log = load_log(logs[i], "logs[" + std::to_string(i) + "]", scenario.computer);
      const auto [it, fresh] = file_lines.emplace(log.file, log.line);
      if (!fresh)
        fail(logs[i]["file"], "logs[" + std::to_string(i) + "].file",
             "'" + log.file + "' is already written by the log at line " + std::to_string(it->second));
      scenario.logs.push_back(std::move(log));
    }
    return scenario;
  }

 private:
  // The first schema violation, with the loader's key paths ("logs[0].time", "scenario" at the top).
  void check_shape(const YAML::Node& root) const {
    std::vector<schema::Problem> problems;
    schema::shipped_schema("scenario").validate(root, name(), problems, "scenario");
    if (problems.empty()) return;
    const schema::Problem& first = problems.front();
    const std::string prefix = "scenario.";
    const std::string path = first.path.rfind(prefix, 0) == 0 ? first.path.substr(prefix.size()) : first.path;
    const std::string position =
        first.line > 0 ? ":" + std::to_string(first.line) + ":" + std::to_string(first.column) : std::string();
    throw Error(ErrorKind::invalid_input, name() + position + ": " + path + first.message.substr(first.path.size()));
  }

  ScenarioLog load_log(const YAML::Node& node, const std::string& path, const std::string& default_computer) {
    if (!node.IsMap()) fail(node, path, "expected a mapping with file, channel and events");
    check_keys(node, path, scenario::kLogKeys);
    ScenarioLog log;
    log.line = node.Mark().line + 1;
    const YAML::Node file = require(node, "file", path);
    log.file = text_of(file, path + ".file");
    const bool plain_name = log.file.find_first_of("/\\") == std::string::npos && log.file.size() > 5 &&
                            log.file.compare(log.file.size() - 5, 5, ".evtx") == 0 && log.file[0] != '.';
    if (!plain_name) fail(file, path + ".file", "expected a plain file name ending in .evtx, got '" + log.file + "'");
    log.channel = text_of(require(node, "channel", path), path + ".channel");
    if (const YAML::Node mta = node["mta"]) read_mta_languages(mta, path + ".mta", log);
    if (const YAML::Node names = node["display_names"]) read_display_names(names, path + ".display_names", log);
    const YAML::Node events = require(node, "events", path);
    if (!events.IsSequence()) fail(events, path + ".events", "expected a list of events");
    std::map<std::uint64_t, std::size_t> id_lines;
    std::uint64_t previous_id = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
      const std::string event_path = path + ".events[" + std::to_string(i) + "]";
      const YAML::Node item = events[i];
      Event event = load_event(item, event_path, log, default_computer);
      const YAML::Node id_node = item.IsMap() && item["record_id"] ? item["record_id"] : item;
      if (!item["record_id"]) event.event_record_id = previous_id + 1;
      std::size_t count = 1;
      std::uint64_t interval_ticks = 0;
      if (const YAML::Node repeat = item["repeat"]) read_repeat(repeat, event_path + ".repeat", count, interval_ticks);
      std::map<std::uint32_t, std::string> message;
      if (const YAML::Node text = item["message"]) message = read_message(text, event_path + ".message", log);
      for (std::size_t copy = 0; copy < count; ++copy) {
        const auto [it, fresh] = id_lines.emplace(event.event_record_id, id_node.Mark().line + 1);
        if (!fresh)
          fail(id_node, event_path + ".record_id",
               "record_id " + std::to_string(event.event_record_id) + " is already used by the event at line " +
                   std::to_string(it->second));
        if (event.event_record_id <= previous_id)
          fail(id_node, event_path + ".record_id",
               "record_id " + std::to_string(event.event_record_id) + " must be greater than the previous event's " +
                   std::to_string(previous_id) + " (record ids rise through a log)");
        previous_id = event.event_record_id;
        if (!message.empty()) log.messages[event.event_record_id] = message;
        log.events.push_back(event);
        event.event_record_id += 1;
        event.time_created.ticks += interval_ticks;
        event.written_time = event.time_created;
      }
    }
    return log;
  }

  void read_repeat(const YAML::Node& node, const std::string& path, std::size_t& count, std::uint64_t& interval_ticks) {
    if (!node.IsMap()) fail(node, path, "expected a mapping with count and interval_ms");
    check_keys(node, path, scenario::kRepeatKeys);
    count = static_cast<std::size_t>(integer_of(require(node, "count", path), path + ".count", 1, 100000));
    if (const YAML::Node interval = node["interval_ms"])
      interval_ticks = integer_of(interval, path + ".interval_ms", 0, 86400000) * 10000;
    else
      interval_ticks = 1000 * 10000;
  }

  Event load_event(const YAML::Node& node, const std::string& path, const ScenarioLog& log,
                   const std::string& default_computer) {
    if (!node.IsMap()) fail(node, path, "expected a mapping with at least time, provider and event_id");
    check_keys(node, path, scenario::kEventKeys);
    Event event;
    event.source_file = log.file;
    event.channel = log.channel;
    event.computer = default_computer;
    event.level = 4;
    const YAML::Node time = require(node, "time", path);
    const std::string time_text = text_of(time, path + ".time");
    const auto parsed = Timestamp::parse_iso(time_text);
    if (!parsed)
      fail(time, path + ".time",
           "'" + time_text +
               "' is not an ISO time in UTC with Z or local with an explicit offset "
               "(2012-01-18T07:26:31.3100000Z or 2012-01-18T16:26:31+09:00)");
    event.time_created = event.written_time = *parsed;
    event.provider_name = checked_text(require(node, "provider", path), path + ".provider");
    if (event.provider_name.empty()) fail(node["provider"], path + ".provider", "must not be empty");
    event.event_id =
        static_cast<std::uint32_t>(integer_of(require(node, "event_id", path), path + ".event_id", 0, 0xFFFF));
    auto optional_int = [&](const char* key, std::uint64_t max) -> std::optional<std::uint64_t> {
      const YAML::Node value = node[key];
      if (!value) return std::nullopt;
      return integer_of(value, join(path, key), 0, max);
    };
    if (auto v = optional_int("qualifiers", 0xFFFF)) event.qualifiers = static_cast<std::uint16_t>(*v);
    if (auto v = optional_int("version", 0xFF)) event.version = static_cast<std::uint8_t>(*v);
    if (auto v = optional_int("level", 0xFF)) event.level = static_cast<std::uint8_t>(*v);
    if (auto v = optional_int("task", 0xFFFF)) event.task = static_cast<std::uint16_t>(*v);
    if (auto v = optional_int("opcode", 0xFF)) event.opcode = static_cast<std::uint8_t>(*v);
    if (auto v = optional_int("keywords", UINT64_MAX)) event.keywords = *v;
    if (auto v = optional_int("process_id", 0xFFFFFFFF)) event.process_id = static_cast<std::uint32_t>(*v);
    if (auto v = optional_int("thread_id", 0xFFFFFFFF)) event.thread_id = static_cast<std::uint32_t>(*v);
    if (const YAML::Node id = node["record_id"])
      event.event_record_id = integer_of(id, path + ".record_id", 1, 0x7FFFFFFFFFFFFFFFULL);
    event.record_number = event.event_record_id;
    if (const YAML::Node computer = node["computer"]) event.computer = checked_text(computer, path + ".computer");
    if (const YAML::Node v = node["event_source_name"])
      event.event_source_name = checked_text(v, path + ".event_source_name");
    event.activity_id = guid_of(node, "activity_id", path);
    event.related_activity_id = guid_of(node, "related_activity_id", path);
    if (const YAML::Node sid = node["user_sid"]) {
      event.user_sid = text_of(sid, path + ".user_sid");
      if (!evtx::parse_sid(event.user_sid))
        fail(sid, path + ".user_sid", "'" + event.user_sid + "' is not a SID like S-1-5-18");
    }
    if (const YAML::Node channel = node["channel"]) event.channel = checked_text(channel, path + ".channel");
    scenario::load_payload(*this, node, path, event);
    return event;
  }

  std::string guid_of(const YAML::Node& event, const char* key, const std::string& path) const {
    const YAML::Node node = event[key];
    if (!node) return {};
    const std::string text = text_of(node, join(path, key));
    if (!evtx::parse_guid(text))
      fail(node, join(path, key), "'" + text + "' is not a GUID like {01234567-89ab-cdef-0123-456789abcdef}");
    return text;
  }

  // --- LocaleMetaData keys

  std::uint32_t language_of(const YAML::Node& node, const std::string& path) const {
    const std::string language = text_of(node, path);
    if (std::find(scenario::kMtaLanguageKeys.begin(), scenario::kMtaLanguageKeys.end(), language) ==
        scenario::kMtaLanguageKeys.end())
      fail(node, path, "expected a language en or ja, got '" + language + "'");
    return lcid_for_language(language);
  }

  void read_mta_languages(const YAML::Node& node, const std::string& path, ScenarioLog& log) const {
    if (!node.IsSequence() || node.size() == 0)
      fail(node, path, "expected a non-empty list of languages, e.g. [ja, en]");
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string item_path = path + "[" + std::to_string(i) + "]";
      const std::uint32_t lcid = language_of(node[i], item_path);
      if (std::find(log.mta_lcids.begin(), log.mta_lcids.end(), lcid) != log.mta_lcids.end())
        fail(node[i], item_path, "language '" + node[i].Scalar() + "' is listed twice");
      log.mta_lcids.push_back(lcid);
    }
  }

  // display_names: {PROVIDER: {ja: {levels: {N: name}, tasks: ..., opcodes: ..., keywords: {BIT: name}}}}
  void read_display_names(const YAML::Node& node, const std::string& path, ScenarioLog& log) const {
    if (log.mta_lcids.empty()) fail(node, path, "needs 'mta:' on the same log (no MTA file is written without it)");
    if (!node.IsMap()) fail(node, path, "expected a mapping provider -> {ja: ..., en: ...}");
    for (const auto& provider_entry : node) {
      const std::string provider = checked_text(provider_entry.first, path);
      if (provider.empty()) fail(provider_entry.first, path, "provider names must not be empty");
      const std::string provider_path = join(path, provider);
      const YAML::Node languages = provider_entry.second;
      if (!languages.IsMap()) fail(languages, provider_path, "expected a mapping language -> name tables");
      check_keys(languages, provider_path, scenario::kMtaLanguageKeys);
      for (const auto& language_entry : languages) {
        const std::string language_path = join(provider_path, language_entry.first.Scalar());
        const std::uint32_t lcid = language_of(language_entry.first, language_path);
        if (std::find(log.mta_lcids.begin(), log.mta_lcids.end(), lcid) == log.mta_lcids.end())
          fail(language_entry.first, language_path, "the log writes no MTA in this language (add it to 'mta:')");
        const YAML::Node tables = language_entry.second;
        if (!tables.IsMap()) fail(tables, language_path, "expected a mapping with levels, tasks, opcodes, keywords");
        check_keys(tables, language_path, scenario::kDisplayNameKeys);
        MtaProviderNames names;
        names.provider = provider;
        read_name_table(tables["levels"], join(language_path, "levels"), 0xFF, 0, names.levels);
        read_name_table(tables["tasks"], join(language_path, "tasks"), 0xFFFF, 0, names.tasks);
        read_name_table(tables["opcodes"], join(language_path, "opcodes"), 0xFF, 16, names.opcodes);
        read_name_table(tables["keywords"], join(language_path, "keywords"), 63, 0, names.keywords);
        log.display_names[lcid].push_back(std::move(names));
      }
    }
  }

  // A mapping value -> name; values are stored shifted left by `shift` (opcodes: opcode << 16,
  // the MTA's key for an opcode defined for every task).
  void read_name_table(const YAML::Node& node, const std::string& path, std::uint64_t max, unsigned shift,
                       std::map<std::uint32_t, std::string>& table) const {
    if (!node) return;
    if (!node.IsMap()) fail(node, path, "expected a mapping value -> name");
    for (const auto& entry : node) {
      const std::uint64_t value = integer_of(entry.first, path, 0, max);
      const std::string entry_path = path + "." + entry.first.Scalar();
      if (!table.emplace(static_cast<std::uint32_t>(value << shift), checked_text(entry.second, entry_path)).second)
        fail(entry.first, entry_path, "value " + std::to_string(value) + " is named twice");
    }
  }

  // message: "text" (every language) or {en: "...", ja: "..."}.
  std::map<std::uint32_t, std::string> read_message(const YAML::Node& node, const std::string& path,
                                                    const ScenarioLog& log) const {
    if (log.mta_lcids.empty()) fail(node, path, "needs 'mta:' on its log (messages are written to MTA files)");
    std::map<std::uint32_t, std::string> message;
    if (node.IsScalar()) {
      message[0] = checked_text(node, path);
      return message;
    }
    if (!node.IsMap()) fail(node, path, "expected a string or a mapping {en: ..., ja: ...}");
    check_keys(node, path, scenario::kMtaLanguageKeys);
    for (const auto& entry : node)
      message[language_of(entry.first, join(path, entry.first.Scalar()))] =
          checked_text(entry.second, join(path, entry.first.Scalar()));
    return message;
  }
};

}  // namespace

Scenario parse_scenario(std::string_view yaml_text, const std::string& name) { return Loader(name).load(yaml_text); }

Scenario load_scenario_file(const std::string& path) {
  std::ifstream in(std::filesystem::u8path(path), std::ios::binary);
  if (!in) throw Error(ErrorKind::io, path + ": cannot open the scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error(ErrorKind::io, path + ": cannot read the scenario file");
  return parse_scenario(text.str(), path);
}

}  // namespace evtxdiag
