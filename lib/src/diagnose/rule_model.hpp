#pragma once
// The in-memory form of knowledge/rules/*.yaml (schema: knowledge/rules/README.md).
// Rules are data: this header only says what a rule can express; rule_loader.cpp reads YAML
// into it and rule_engine.cpp evaluates it against reconstructed jobs.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/event.hpp"

namespace evtxdiag::diag {

/// Which events an event pattern selects.
struct EventPattern {
  std::vector<std::string> providers;      ///< lower-case names; empty = any provider
  std::vector<std::uint32_t> ids;          ///< empty = any id of the providers
  std::map<std::string, std::vector<std::string>> fields;  ///< data field -> accepted values (case-insensitive)
  std::vector<std::uint32_t> status;       ///< accepted NTSTATUS values (field or Binary 0x14)
  std::vector<std::uint32_t> codes;        ///< the event carries one of these failure codes
  std::optional<std::uint8_t> max_level;   ///< level 1..max_level only (e.g. 3 = warnings and worse)

  bool matches(const Event& event) const;
};

/// Where, relative to a job, a condition looks.
enum Placement : unsigned {
  before = 1,   ///< [start - margin, start)
  during = 2,   ///< [start, end]
  after = 4,    ///< (end, end + margin]
  window = 7,   ///< all of the above
};

/// One condition of a rule: events matching `pattern` at `placement`, at least `min_count`
/// of them, and at least `min_distinct` distinct values of the first present `distinct` field.
struct Condition {
  EventPattern pattern;
  unsigned placement = window;
  std::size_t min_count = 1;
  std::vector<std::string> distinct;
  std::size_t min_distinct = 0;
};

/// Texts of a rule in one language.
struct RuleText {
  std::string title;
  std::string explanation;
  std::string remedy;
};

/// An example of the rule's own test: events (with a job) and whether the rule must fire.
struct RuleExample {
  std::string name;
  std::vector<Event> events;
  bool fires = true;
};

/// A correlation rule, evaluated once per job.
struct Rule {
  std::string id;
  std::string file;                        ///< the YAML file it came from (for messages)
  Verdict verdict = Verdict::context;
  double confidence = 0.5;
  std::set<JobResult> results;             ///< job results it applies to; empty = any
  std::set<BackupProduct> products;        ///< empty = any
  std::vector<std::uint32_t> job_codes;    ///< the job reported one of these; empty = no condition
  std::optional<Condition> trigger;        ///< the events the finding is about
  std::vector<Condition> require;          ///< all must hold (their events join the evidence)
  std::vector<Condition> absent;           ///< none may hold
  std::map<std::string, RuleText> text;    ///< by language ("en" required)
  std::vector<std::string> sources;
  std::vector<RuleExample> examples;
};

/// How a product's lifecycle events build a job.
enum class LifecycleRole { start, success, failure, canceled, warning, end };

/// One lifecycle event kind of jobs.yaml.
struct LifecycleEvent {
  BackupProduct product = BackupProduct::windows_server_backup;
  EventPattern pattern;
  LifecycleRole role = LifecycleRole::start;
  std::vector<std::string> backup_time_fields;  ///< fields quoting the job's UTC start time
};

/// Everything the engine needs: lifecycle table and rules.
struct RuleSet {
  std::vector<LifecycleEvent> lifecycle;
  std::vector<Rule> rules;
  /// Extra (provider, id) pairs worth keeping on the timeline (context: boots, clock changes).
  std::vector<EventPattern> timeline_extra;
};

/// Parses a lower-case result name ("succeeded", "completed-with-warnings", ...).
std::optional<JobResult> parse_job_result(const std::string& text);
/// Parses a product name ("windows-server-backup", ...).
std::optional<BackupProduct> parse_product(const std::string& text);
/// Lower-cases ASCII.
std::string lower(std::string text);

}  // namespace evtxdiag::diag
