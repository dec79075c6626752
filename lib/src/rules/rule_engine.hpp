#pragma once
// Evaluating rules against reconstructed jobs.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "jobs/jobs.hpp"
#include "rules/rule_model.hpp"

namespace evtxdiag::diag {

/// A rule that held for a job: indices into the time-ordered event list.
struct RuleHit {
  const Rule* rule = nullptr;
  std::size_t job = 0;                ///< index into the job list (0-based)
  std::vector<std::size_t> evidence;  ///< time order, distinct
  std::size_t trigger_first = 0;      ///< first trigger event (valid when rule->trigger)
  std::size_t distinct_count = 0;     ///< distinct values counted by the last distinct condition
};

/// The correlation window of a job: [start - margin, end + margin].
struct JobWindow {
  Timestamp before_start;  ///< start - margin
  Timestamp start;
  Timestamp end;
  Timestamp after_end;  ///< end + margin
};

JobWindow window_of(const JobDraft& job, int margin_minutes);

/// Evaluates every rule for every job. Hits come out by job, then in rule order.
std::vector<RuleHit> evaluate(const std::vector<Rule>& rules, const std::vector<JobDraft>& jobs,
                              const std::vector<Event>& events, int margin_minutes);

/// Fills "{name}" placeholders of a rule text: job, job_start_utc, job_result, count,
/// distinct_count, codes, and trigger.FIELD / trigger.status / trigger.event_id /
/// trigger.provider from the first trigger event. With `keep_job`, "{job}" stays as it is (the
/// text any of several jobs shares: Finding::any_job). A logged value (trigger.FIELD) goes into
/// the sentence on one line (its line breaks and tabs become one space), after
/// `render_value` (e.g. resolving "%%1058" to the message Windows shows) when given.
std::string fill_text(const std::string& text, const RuleHit& hit, const JobDraft& job, std::size_t job_number,
                      const std::vector<Event>& events, bool keep_job = false,
                      const std::function<std::string(const std::string&)>& render_value = {});

}  // namespace evtxdiag::diag
