// YAML -> RuleSet. Strict: every key is known, every value has the right type; errors name the
// file, the line and the key so that a support engineer editing a rule can fix it at once.
#include "rules/rule_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "rules/event_codes.hpp"
#include "rules/rule_yaml.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/event_shape.hpp"

namespace evtxdiag::diag {
namespace {

using namespace rule_yaml;

const std::set<std::string> kPatternKeys{"provider", "id", "fields", "status", "codes", "codes_in", "max_level"};

// `fields: {Name: value | [values] | {contains: text | [texts]}}`.
void fields_from(const std::string& file, const YAML::Node& fields, EventPattern& pattern) {
  if (!fields.IsMap()) fail(file, fields, "'fields' must map field names to values");
  for (const auto& entry : fields) {
    const std::string name = entry.first.as<std::string>();
    if (entry.second.IsMap()) {
      check_keys(file, entry.second, {"contains"}, "field '" + name + "'");
      if (!entry.second["contains"]) fail(file, entry.second, "field '" + name + "' needs 'contains'");
      for (auto& v : strings(file, entry.second["contains"], "contains")) pattern.fields_containing[name].push_back(lower(v));
      continue;
    }
    for (auto& v : strings(file, entry.second, name)) pattern.fields[name].push_back(lower(v));
  }
}

EventPattern pattern_from(const std::string& file, const YAML::Node& node) {
  EventPattern pattern;
  if (node["provider"])
    for (auto& p : strings(file, node["provider"], "provider")) pattern.providers.push_back(lower(p));
  if (node["id"]) pattern.ids = ids(file, node["id"]);
  if (const auto fields = node["fields"]) fields_from(file, fields, pattern);
  if (node["status"]) pattern.status = codes(file, node["status"], "status");
  if (node["codes"]) pattern.codes = codes(file, node["codes"], "codes");
  if (node["codes_in"]) pattern.code_text_fields = strings(file, node["codes_in"], "codes_in");
  if (node["max_level"]) {
    const auto level = std::stoi(scalar(file, node["max_level"], "max_level"));
    if (level < 1 || level > 5) fail(file, node["max_level"], "'max_level' must be 1..5");
    pattern.max_level = static_cast<std::uint8_t>(level);
  }
  if (pattern.providers.empty() && pattern.ids.empty() && pattern.codes.empty())
    fail(file, node, "an event pattern needs at least 'provider', 'id' or 'codes'");
  return pattern;
}

Condition condition_from(const std::string& file, const YAML::Node& node, const std::string& where) {
  std::set<std::string> allowed = kPatternKeys;
  allowed.insert({"placement", "min_count", "distinct", "min_distinct", "evidence", "minutes_after_start"});
  check_keys(file, node, allowed, where);
  Condition condition;
  condition.pattern = pattern_from(file, node);
  if (node["placement"]) {
    condition.placement = 0;
    for (const auto& p : strings(file, node["placement"], "placement")) {
      if (p == "before") condition.placement |= before;
      else if (p == "during") condition.placement |= during;
      else if (p == "after") condition.placement |= after;
      else if (p == "window") condition.placement |= window;
      else fail(file, node["placement"], "'placement': '" + p + "' is not before|during|after|window");
    }
  }
  if (node["min_count"]) condition.min_count = node["min_count"].as<std::size_t>();
  if (node["distinct"]) condition.distinct = strings(file, node["distinct"], "distinct");
  if (node["min_distinct"]) condition.min_distinct = node["min_distinct"].as<std::size_t>();
  if (node["evidence"]) condition.evidence = node["evidence"].as<bool>();
  if (const auto range = node["minutes_after_start"]) {
    if (!range.IsSequence() || range.size() != 2)
      fail(file, range, "'minutes_after_start' must be [from, to] (minutes after the job's start)");
    condition.minutes_after_start = std::make_pair(range[0].as<double>(), range[1].as<double>());
    if (condition.minutes_after_start->first > condition.minutes_after_start->second)
      fail(file, range, "'minutes_after_start': from is after to");
  }
  if (condition.min_distinct > 0 && condition.distinct.empty())
    fail(file, node, "'min_distinct' needs 'distinct' (the field to count)");
  return condition;
}

std::vector<Condition> conditions_from(const std::string& file, const YAML::Node& node, const std::string& key) {
  if (!node.IsSequence()) fail(file, node, "'" + key + "' must be a list of event conditions");
  std::vector<Condition> out;
  for (const auto& item : node) out.push_back(condition_from(file, item, key));
  return out;
}


Rule rule_from(const std::string& file, const YAML::Node& node, std::string_view source) {
  check_keys(file, node, {"id", "verdict", "confidence", "job", "trigger", "require", "absent", "text", "sources", "examples"},
             "rule");
  Rule rule;
  rule.file = file;
  if (!node["id"]) fail(file, node, "a rule needs an 'id'");
  rule.id = scalar(file, node["id"], "id");
  const std::string where = "rule " + rule.id;
  if (!node["verdict"]) fail(file, node, where + ": missing 'verdict'");
  auto verdict = parse_verdict(scalar(file, node["verdict"], "verdict"));
  if (!verdict || *verdict == Verdict::undetermined)
    fail(file, node["verdict"], where + ": 'verdict' must be cause|contributing|red-herring|context");
  rule.verdict = *verdict;
  if (node["confidence"]) {
    rule.confidence = node["confidence"].as<double>();
    if (rule.confidence < 0 || rule.confidence > 1) fail(file, node["confidence"], where + ": 'confidence' must be 0..1");
  }
  if (const auto job = node["job"]) {
    check_keys(file, job, {"result", "product", "codes", "has_cause"}, where + " job");
    if (job["has_cause"]) rule.has_cause = job["has_cause"].as<bool>();
    if (job["result"])
      for (const auto& r : strings(file, job["result"], "result")) {
        auto result = parse_job_result(r);
        if (!result) fail(file, job["result"], where + ": unknown job result '" + r + "'");
        rule.results.insert(*result);
      }
    if (job["product"])
      for (const auto& p : strings(file, job["product"], "product")) {
        auto product = parse_product(p);
        if (!product) fail(file, job["product"], where + ": unknown product '" + p + "'");
        rule.products.insert(*product);
      }
    if (job["codes"]) rule.job_codes = codes(file, job["codes"], "codes");
  }
  if (node["trigger"]) rule.trigger = condition_from(file, node["trigger"], where + " trigger");
  if (node["require"]) rule.require = conditions_from(file, node["require"], "require");
  if (node["absent"]) rule.absent = conditions_from(file, node["absent"], "absent");
  if (!rule.trigger && rule.require.empty() && rule.job_codes.empty())
    fail(file, node, where + ": needs a 'trigger', a 'require' list or job 'codes' (what the finding is about)");
  const auto text = node["text"];
  if (!text || !text.IsMap() || !text["en"]) fail(file, node, where + ": needs 'text' with at least 'en'");
  for (const auto& entry : text) {
    const auto lang = entry.first.as<std::string>();
    if (lang != "en" && lang != "ja") fail(file, entry.first, where + ": text language must be en or ja");
    check_keys(file, entry.second, {"title", "explanation", "remedy"}, where + " text " + lang);
    RuleText t;
    if (entry.second["title"]) t.title = text_scalar(file, entry.second["title"], "title", source);
    if (entry.second["explanation"]) t.explanation = text_scalar(file, entry.second["explanation"], "explanation", source);
    if (entry.second["remedy"]) t.remedy = text_scalar(file, entry.second["remedy"], "remedy", source);
    if (lang == "en" && (t.title.empty() || t.explanation.empty()))
      fail(file, entry.second, where + ": the en text needs 'title' and 'explanation'");
    rule.text[lang] = t;
  }
  if (node["sources"]) rule.sources = strings(file, node["sources"], "sources");
  if (const auto examples = node["examples"]) {
    if (!examples.IsSequence()) fail(file, examples, where + ": 'examples' must be a list");
    for (const auto& item : examples) {
      check_keys(file, item, {"name", "fires", "events"}, where + " example");
      RuleExample example;
      example.name = item["name"] ? scalar(file, item["name"], "name") : "";
      example.fires = item["fires"] ? item["fires"].as<bool>() : true;
      if (!item["events"] || !item["events"].IsSequence()) fail(file, item, where + ": an example needs 'events'");
      std::uint64_t ordinal = 1;
      for (const auto& e : item["events"]) example.events.push_back(example_event(file, e, ordinal++));
      rule.examples.push_back(std::move(example));
    }
  }
  return rule;
}

void load_lifecycle(const std::string& file, const YAML::Node& list, RuleSet& out) {
  if (!list.IsSequence()) fail(file, list, "'lifecycle' must be a list");
  for (const auto& group : list) {
    check_keys(file, group, {"product", "provider", "events"}, "lifecycle entry");
    auto product = parse_product(group["product"] ? scalar(file, group["product"], "product") : "");
    if (!product) fail(file, group, "lifecycle entry needs a known 'product'");
    if (!group["provider"] || !group["events"] || !group["events"].IsSequence())
      fail(file, group, "lifecycle entry needs 'provider' and a list of 'events'");
    const auto providers = strings(file, group["provider"], "provider");
    for (const auto& e : group["events"]) {
      check_keys(file, e, {"id", "role", "backup_time", "codes", "codes_in", "fields"}, "lifecycle event");
      LifecycleEvent item;
      item.product = *product;
      for (auto& p : providers) item.pattern.providers.push_back(lower(p));
      if (!e["id"]) fail(file, e, "lifecycle event needs an 'id'");
      item.pattern.ids = ids(file, e["id"]);
      if (e["codes"]) item.pattern.codes = codes(file, e["codes"], "codes");
      if (e["codes_in"]) item.pattern.code_text_fields = strings(file, e["codes_in"], "codes_in");
      if (e["fields"]) fields_from(file, e["fields"], item.pattern);
      // `role: warning` or `role: [warning, end]` (the event sets the result and closes the job).
      std::vector<std::string> roles = e["role"] ? strings(file, e["role"], "role") : std::vector<std::string>{};
      const auto end = std::find(roles.begin(), roles.end(), "end");
      if (end != roles.end() && roles.size() == 2) {
        item.also_ends = true;
        roles.erase(end);
      }
      const std::string role = roles.size() == 1 ? roles.front() : "";
      if (role == "start") item.role = LifecycleRole::start;
      else if (role == "success") item.role = LifecycleRole::success;
      else if (role == "failure") item.role = LifecycleRole::failure;
      else if (role == "canceled") item.role = LifecycleRole::canceled;
      else if (role == "warning") item.role = LifecycleRole::warning;
      else if (role == "end") item.role = LifecycleRole::end;
      else if (role == "refused") item.role = LifecycleRole::refused;
      else fail(file, e, "'role' must be start|success|failure|canceled|warning|end|refused, or one of them with end");
      if (e["backup_time"]) item.backup_time_fields = strings(file, e["backup_time"], "backup_time");
      out.lifecycle.push_back(std::move(item));
    }
  }
}

void load_file(const RuleFile& file, RuleSet& out, std::map<std::string, std::size_t>& by_id, bool overlay) {
  YAML::Node root;
  try {
    root = YAML::Load(file.text);
  } catch (const YAML::Exception& e) {
    throw Error(ErrorKind::invalid_input, file.name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (root.IsNull()) return;
  check_keys(file.name, root, {"schema", "lifecycle", "timeline", "rules", "differential"}, "rule file");
  try {
    if (root["differential"]) {
      out.differential = Differential{};  // an overlay's differential replaces the built-in one
      load_differential(file.name, root["differential"], out.differential, file.text);
    }
    if (root["lifecycle"]) load_lifecycle(file.name, root["lifecycle"], out);
    if (const auto timeline = root["timeline"]) {
      if (!timeline.IsSequence()) fail(file.name, timeline, "'timeline' must be a list of event patterns");
      for (const auto& item : timeline) {
        check_keys(file.name, item, kPatternKeys, "timeline entry");
        out.timeline_extra.push_back(pattern_from(file.name, item));
      }
    }
    if (const auto rules = root["rules"]) {
      if (!rules.IsSequence()) fail(file.name, rules, "'rules' must be a list");
      for (const auto& node : rules) {
        Rule rule = rule_from(file.name, node, file.text);
        auto known = by_id.find(rule.id);
        if (known != by_id.end()) {
          if (!overlay) fail(file.name, node, "duplicate rule id '" + rule.id + "' (also in " + out.rules[known->second].file + ")");
          out.rules[known->second] = std::move(rule);
        } else {
          by_id[rule.id] = out.rules.size();
          out.rules.push_back(std::move(rule));
        }
      }
    }
  } catch (const YAML::Exception& e) {
    throw Error(ErrorKind::invalid_input, file.name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

}  // namespace

RuleSet load_rules(const std::vector<RuleFile>& base, const std::vector<RuleFile>& overlay) {
  RuleSet out;
  std::map<std::string, std::size_t> by_id;
  for (const auto& file : base) load_file(file, out, by_id, false);
  for (const auto& file : overlay) load_file(file, out, by_id, true);
  return out;
}

std::vector<RuleFile> rule_files_in(const std::string& dir) {
  namespace fs = std::filesystem;
  fs::path root = fs::u8path(dir);
  if (fs::is_directory(root / "rules")) root /= "rules";
  std::vector<RuleFile> out;
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".yaml") continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    out.push_back({it->path().generic_u8string(), text.str()});
  }
  if (ec) throw Error(ErrorKind::io, dir + ": " + ec.message());
  std::sort(out.begin(), out.end(), [](const RuleFile& a, const RuleFile& b) { return a.name < b.name; });
  return out;
}

}  // namespace evtxdiag::diag
