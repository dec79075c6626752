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
  std::vector<std::string> providers;                      ///< lower-case names; empty = any provider
  std::vector<std::uint32_t> ids;                          ///< empty = any id of the providers
  std::map<std::string, std::vector<std::string>> fields;  ///< data field -> accepted values (case-insensitive)
  /// data field -> texts one of which its value must contain (case-insensitive): the writer
  /// name inside VSS 8229's context, "AddCoreCsiFiles" inside CAPI2 513's details.
  std::map<std::string, std::vector<std::string>> fields_containing;
  std::vector<std::uint32_t> status;          ///< accepted NTSTATUS values (field or Binary 0x14)
  std::vector<std::uint32_t> codes;           ///< the event carries one of these failure codes
  std::vector<std::string> code_text_fields;  ///< fields whose free text carries the event's codes (`codes_in`)
  std::optional<std::uint8_t> max_level;      ///< level 1..max_level only (e.g. 3 = warnings and worse)

  bool matches(const Event& event) const;
};

/// Where, relative to a job, a condition looks.
enum Placement : unsigned {
  before = 1,  ///< [start - margin, start)
  during = 2,  ///< [start, end]
  after = 4,   ///< (end, end + margin]
  window = 7,  ///< all of the above
};

/// One condition of a rule: events matching `pattern` at `placement`, at least `min_count`
/// of them, and at least `min_distinct` distinct values of the first present `distinct` field.
struct Condition {
  EventPattern pattern;
  unsigned placement = window;
  std::size_t min_count = 1;
  std::vector<std::string> distinct;
  std::size_t min_distinct = 0;
  /// false: the condition must hold, but its events are not cited as the finding's evidence
  /// (a context the finding depends on, not what it is about).
  bool evidence = true;
  /// Only events this many minutes after the job's start, [first, second] inclusive: a failure
  /// about 10 minutes into the job is the default SPP timeout.
  std::optional<std::pair<double, double>> minutes_after_start;
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
  std::string file;  ///< the YAML file it came from (for messages)
  Verdict verdict = Verdict::context;
  double confidence = 0.5;
  std::set<JobResult> results;           ///< job results it applies to; empty = any
  std::set<BackupProduct> products;      ///< empty = any
  std::vector<std::uint32_t> job_codes;  ///< the job reported one of these; empty = no condition
  /// true: only for jobs another rule gives a cause (routine noise named inside a failed job,
  /// never its only explanation); false: only for jobs no other rule explains. Unset: any.
  std::optional<bool> has_cause;
  std::optional<Condition> trigger;      ///< the events the finding is about
  std::vector<Condition> require;        ///< all must hold (their events join the evidence)
  std::vector<Condition> absent;         ///< none may hold
  std::map<std::string, RuleText> text;  ///< by language ("en" required)
  std::vector<std::string> sources;
  std::vector<RuleExample> examples;
};

/// How a product's lifecycle events build a job. `refused`: a job that could not start
/// (another backup was running, recovery planning, policy): its own failed job, never merged
/// into the running one even when its start time is within minutes of it.
enum class LifecycleRole { start, success, failure, canceled, warning, end, refused };

/// One lifecycle event kind of jobs.yaml.
struct LifecycleEvent {
  BackupProduct product = BackupProduct::windows_server_backup;
  EventPattern pattern;
  LifecycleRole role = LifecycleRole::start;
  bool also_ends = false;  ///< role listed with `end`: the event both sets the result and closes the job
  std::vector<std::string> backup_time_fields;  ///< fields quoting the job's UTC start time
};

/// One check of the differential diagnosis (knowledge/rules/differential.yaml).
struct DifferentialCheck {
  std::string id;
  std::map<std::string, std::string> text;  ///< by language ("en" required)
  /// Comes first when the job failed this many minutes after its start.
  std::optional<std::pair<double, double>> minutes_after_start;
};

/// A stage of a backup (the `stage` of knowledge/codes/) and what to check when a job failed there.
struct DifferentialStage {
  std::string id;                           ///< "snapshot", "target", ..., "any"
  std::map<std::string, std::string> name;  ///< by language
  std::vector<DifferentialCheck> checks;
};

/// What a failed job gets when no rule proves its cause: sentence templates and stages.
struct Differential {
  std::map<std::string, std::map<std::string, std::string>> texts;  ///< template id -> language -> text
  std::vector<DifferentialStage> stages;
};

/// Everything the engine needs: lifecycle table and rules.
struct RuleSet {
  std::vector<LifecycleEvent> lifecycle;
  std::vector<Rule> rules;
  Differential differential;
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
