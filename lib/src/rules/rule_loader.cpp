// YAML -> RuleSet. Every file is first validated against knowledge/schema/rules.schema.yaml
// (keys, types, enums, codes, required keys), so that a support engineer editing a rule reads
// file, line, column, rule id and key path of every mistake at once; what is read here has the
// right shape. The checks left in this file are the ones a schema cannot express: a time range
// whose start is after its end, a typed example value its type cannot hold (rule_parts.cpp),
// a rule id already defined by another file.
#include "rules/rule_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "evtxdiag/error.hpp"
#include "evtxdiag/event_shape.hpp"
#include "rules/rule_yaml.hpp"
#include "schema/json_schema.hpp"
#include "schema/shipped_schemas.hpp"

namespace evtxdiag::diag {
namespace {

using namespace rule_yaml;

// Reads one validated rule file. Paths in messages are the schema checker's ("document.rules[3]
// .trigger"), prefixed with the rule's id inside a rule.
class RuleFileReader {
 public:
  RuleFileReader(const RuleFile& file, const YAML::Node& root) : file_(file), root_(root) {}

  // "rule 'ID': " when `path` lies inside document.rules[N] and that rule has an id.
  std::string rule_prefix(const std::string& path) const {
    const std::string start = "document.rules[";
    if (path.rfind(start, 0) != 0) return "";
    const std::size_t index = std::stoul(path.substr(start.size()));
    const YAML::Node rules = root_["rules"];
    if (!rules.IsSequence() || index >= rules.size()) return "";
    const YAML::Node rule = rules[index];
    if (!rule.IsMap() || !rule["id"] || !rule["id"].IsScalar()) return "";
    return "rule '" + rule["id"].Scalar() + "': ";
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& path, const std::string& what) const {
    rule_yaml::fail(file_.name, node, rule_prefix(path) + path + ": " + what);
  }

  // Every schema violation of the file, each line naming file:line:column, rule and key path.
  void validate() const {
    std::vector<schema::Problem> problems;
    schema::shipped_schema("rules").validate(root_, file_.name, problems);
    if (problems.empty()) return;
    std::string message =
        problems.size() == 1 ? "" : file_.name + ": " + std::to_string(problems.size()) + " problems:";
    const std::size_t shown = std::min<std::size_t>(problems.size(), 30);
    for (std::size_t i = 0; i < shown; ++i) {
      schema::Problem problem = problems[i];
      problem.message = rule_prefix(problem.path) + problem.message;
      message += (problems.size() == 1 ? "" : "\n  ") + problem.to_string();
    }
    if (shown < problems.size()) message += "\n  ... and " + std::to_string(problems.size() - shown) + " more";
    throw Error(ErrorKind::invalid_input, message);
  }

  void read(RuleSet& out, std::map<std::string, std::size_t>& by_id, bool overlay) const {
    if (root_["differential"]) {
      out.differential = Differential{};  // an overlay's differential replaces the built-in one
      load_differential(root_["differential"], out.differential, file_.text);
    }
    if (const auto lifecycle = root_["lifecycle"])
      for (const auto& group : lifecycle) read_lifecycle(group, out);
    if (const auto timeline = root_["timeline"])
      for (const auto& item : timeline) out.timeline_extra.push_back(pattern(item));
    const auto rules = root_["rules"];
    for (std::size_t i = 0; rules && i < rules.size(); ++i) {
      const std::string path = "document.rules[" + std::to_string(i) + "]";
      Rule rule = read_rule(rules[i], path);
      auto known = by_id.find(rule.id);
      if (known != by_id.end()) {
        if (!overlay)
          fail(rules[i]["id"], path + ".id",
               "duplicate rule id '" + rule.id + "' (also in " + out.rules[known->second].file + ")");
        out.rules[known->second] = std::move(rule);
      } else {
        by_id[rule.id] = out.rules.size();
        out.rules.push_back(std::move(rule));
      }
    }
  }

 private:
  // `fields: {Name: value | [values] | {contains: text | [texts]}}`.
  static void read_fields(const YAML::Node& fields, EventPattern& pattern) {
    for (const auto& entry : fields) {
      const std::string name = entry.first.Scalar();
      if (entry.second.IsMap()) {
        for (auto& v : strings(entry.second["contains"])) pattern.fields_containing[name].push_back(lower(v));
        continue;
      }
      for (auto& v : strings(entry.second)) pattern.fields[name].push_back(lower(v));
    }
  }

  static EventPattern pattern(const YAML::Node& node) {
    EventPattern pattern;
    if (node["provider"])
      for (auto& p : strings(node["provider"])) pattern.providers.push_back(lower(p));
    if (node["id"]) pattern.ids = ids(node["id"]);
    if (const auto fields = node["fields"]) read_fields(fields, pattern);
    if (node["status"]) pattern.status = codes(node["status"]);
    if (node["codes"]) pattern.codes = codes(node["codes"]);
    if (node["codes_in"]) pattern.code_text_fields = strings(node["codes_in"]);
    if (node["max_level"]) pattern.max_level = static_cast<std::uint8_t>(node["max_level"].as<unsigned>());
    return pattern;
  }

  Condition condition(const YAML::Node& node, const std::string& path) const {
    Condition condition;
    condition.pattern = pattern(node);
    if (node["placement"]) {
      condition.placement = 0;
      for (const auto& p : strings(node["placement"])) {
        if (p == "before")
          condition.placement |= before;
        else if (p == "during")
          condition.placement |= during;
        else if (p == "after")
          condition.placement |= after;
        else
          condition.placement |= window;  // the schema allows nothing else
      }
    }
    if (node["min_count"]) condition.min_count = node["min_count"].as<std::size_t>();
    if (node["distinct"]) condition.distinct = strings(node["distinct"]);
    if (node["min_distinct"]) condition.min_distinct = node["min_distinct"].as<std::size_t>();
    if (node["evidence"]) condition.evidence = node["evidence"].as<bool>();
    if (const auto range = node["minutes_after_start"]) {
      condition.minutes_after_start = std::make_pair(range[0].as<double>(), range[1].as<double>());
      // An order between two items: beyond the schema language.
      if (condition.minutes_after_start->first > condition.minutes_after_start->second)
        fail(range, path + ".minutes_after_start", "from is after to");
    }
    return condition;
  }

  std::vector<Condition> conditions(const YAML::Node& list, const std::string& path) const {
    std::vector<Condition> out;
    for (std::size_t i = 0; i < list.size(); ++i)
      out.push_back(condition(list[i], path + "[" + std::to_string(i) + "]"));
    return out;
  }

  Rule read_rule(const YAML::Node& node, const std::string& path) const {
    Rule rule;
    rule.file = file_.name;
    rule.id = node["id"].Scalar();
    rule.verdict = *parse_verdict(node["verdict"].Scalar());
    if (node["confidence"]) rule.confidence = node["confidence"].as<double>();
    if (const auto job = node["job"]) {
      if (job["has_cause"]) rule.has_cause = job["has_cause"].as<bool>();
      if (job["result"])
        for (const auto& r : strings(job["result"])) rule.results.insert(*parse_job_result(r));
      if (job["product"])
        for (const auto& p : strings(job["product"])) rule.products.insert(*parse_product(p));
      if (job["codes"]) rule.job_codes = codes(job["codes"]);
    }
    if (node["trigger"]) rule.trigger = condition(node["trigger"], path + ".trigger");
    if (node["require"]) rule.require = conditions(node["require"], path + ".require");
    if (node["absent"]) rule.absent = conditions(node["absent"], path + ".absent");
    for (const auto& entry : node["text"]) {
      RuleText text;
      if (entry.second["title"]) text.title = text_of(entry.second["title"], file_.text);
      if (entry.second["explanation"]) text.explanation = text_of(entry.second["explanation"], file_.text);
      if (entry.second["remedy"]) text.remedy = text_of(entry.second["remedy"], file_.text);
      rule.text[entry.first.Scalar()] = text;
    }
    if (node["sources"]) rule.sources = strings(node["sources"]);
    if (const auto examples = node["examples"])
      for (std::size_t i = 0; i < examples.size(); ++i) {
        const YAML::Node item = examples[i];
        const std::string at = rule_prefix(path) + path + ".examples[" + std::to_string(i) + "]";
        RuleExample example;
        example.name = item["name"] ? item["name"].Scalar() : "";
        example.fires = item["fires"] ? item["fires"].as<bool>() : true;
        const YAML::Node events = item["events"];
        for (std::size_t e = 0; e < events.size(); ++e)
          example.events.push_back(
              example_event(file_.name, events[e], e + 1, at + ".events[" + std::to_string(e) + "]"));
        rule.examples.push_back(std::move(example));
      }
    return rule;
  }

  void read_lifecycle(const YAML::Node& group, RuleSet& out) const {
    const BackupProduct product = *parse_product(group["product"].Scalar());
    const auto providers = strings(group["provider"]);
    for (const auto& e : group["events"]) {
      LifecycleEvent item;
      item.product = product;
      for (auto& p : providers) item.pattern.providers.push_back(lower(p));
      item.pattern.ids = ids(e["id"]);
      if (e["codes"]) item.pattern.codes = codes(e["codes"]);
      if (e["codes_in"]) item.pattern.code_text_fields = strings(e["codes_in"]);
      if (e["fields"]) read_fields(e["fields"], item.pattern);
      // `role: warning` or `role: [warning, end]` (the event sets the result and closes the job).
      std::vector<std::string> roles = strings(e["role"]);
      if (roles.size() == 2) {
        item.also_ends = true;
        roles.erase(std::find(roles.begin(), roles.end(), "end"));
      }
      item.role = lifecycle_role(roles.front());
      if (e["backup_time"]) item.backup_time_fields = strings(e["backup_time"]);
      out.lifecycle.push_back(std::move(item));
    }
  }

  static LifecycleRole lifecycle_role(const std::string& role) {
    if (role == "start") return LifecycleRole::start;
    if (role == "success") return LifecycleRole::success;
    if (role == "failure") return LifecycleRole::failure;
    if (role == "canceled") return LifecycleRole::canceled;
    if (role == "warning") return LifecycleRole::warning;
    if (role == "refused") return LifecycleRole::refused;
    return LifecycleRole::end;  // the schema allows nothing else
  }

  const RuleFile& file_;
  const YAML::Node root_;
};

void load_file(const RuleFile& file, RuleSet& out, std::map<std::string, std::size_t>& by_id, bool overlay) {
  YAML::Node root;
  try {
    root = YAML::Load(file.text);
  } catch (const YAML::Exception& e) {
    throw Error(ErrorKind::invalid_input, file.name + ":" + std::to_string(e.mark.line + 1) + ":" +
                                              std::to_string(e.mark.column + 1) + ": not valid YAML: " + e.msg);
  }
  if (root.IsNull()) return;
  const RuleFileReader reader(file, root);
  reader.validate();
  try {
    reader.read(out, by_id, overlay);
  } catch (const YAML::Exception& e) {  // e.g. a number too large for its field
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
