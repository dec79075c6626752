// Rule evaluation: a rule holds for a job when the job matches its filter, its trigger and
// every `require` condition find enough events at their placement, and no `absent` condition
// does. Evidence = the job's code-carrying events (for code rules) + the matched events.
#include "rules/rule_engine.hpp"

#include <algorithm>
#include <set>

namespace evtxdiag::diag {
namespace {

Timestamp minus_minutes(Timestamp t, int minutes) {
  const std::uint64_t delta = static_cast<std::uint64_t>(minutes) * 60 * Timestamp::ticks_per_second;
  return Timestamp{t.ticks > delta ? t.ticks - delta : 1};
}

Timestamp plus_minutes(Timestamp t, int minutes) {
  return Timestamp{t.ticks + static_cast<std::uint64_t>(minutes) * 60 * Timestamp::ticks_per_second};
}

bool placed(Timestamp time, const JobWindow& w, unsigned placement) {
  if ((placement & before) && time >= w.before_start && time < w.start) return true;
  if ((placement & during) && time >= w.start && time <= w.end) return true;
  if ((placement & after) && time > w.end && time <= w.after_end) return true;
  return false;
}

constexpr std::size_t kEvidencePerCondition = 5;

struct ConditionResult {
  bool holds = false;
  std::vector<std::size_t> matched;
  std::vector<std::size_t> evidence;  ///< the matched events shown as evidence
  std::size_t distinct_count = 0;
};

bool minutes_fit(const Condition& condition, Timestamp time, const JobWindow& w) {
  if (!condition.minutes_after_start) return true;
  const double minutes = (static_cast<double>(time.ticks) - static_cast<double>(w.start.ticks)) /
                         (60.0 * static_cast<double>(Timestamp::ticks_per_second));
  return minutes >= condition.minutes_after_start->first && minutes <= condition.minutes_after_start->second;
}

ConditionResult check(const Condition& condition, const JobWindow& w, const std::vector<Event>& events) {
  ConditionResult result;
  // Events are in time order: start at the window's first instant.
  auto first = std::lower_bound(events.begin(), events.end(), w.before_start,
                                [](const Event& e, Timestamp t) { return e.time_created < t; });
  std::set<std::string> distinct;
  for (auto it = first; it != events.end() && it->time_created <= w.after_end; ++it) {
    if (!placed(it->time_created, w, condition.placement) || !minutes_fit(condition, it->time_created, w) ||
        !condition.pattern.matches(*it))
      continue;
    result.matched.push_back(static_cast<std::size_t>(it - events.begin()));
    for (const auto& field : condition.distinct) {
      if (const std::string* value = it->data_value(field); value && !value->empty()) {
        distinct.insert(lower(*value));
        break;
      }
    }
  }
  result.distinct_count = distinct.size();
  // Evidence stays readable: one event per distinct value, at most kEvidencePerCondition.
  if (!condition.distinct.empty()) {
    std::set<std::string> shown;
    std::vector<std::size_t> representatives;
    for (std::size_t index : result.matched) {
      std::string key;
      for (const auto& field : condition.distinct)
        if (const std::string* value = events[index].data_value(field); value && !value->empty()) {
          key = lower(*value);
          break;
        }
      if (shown.insert(key).second) representatives.push_back(index);
    }
    result.evidence = std::move(representatives);
  } else {
    result.evidence = result.matched;
  }
  if (result.evidence.size() > kEvidencePerCondition) result.evidence.resize(kEvidencePerCondition);
  if (!condition.evidence) result.evidence.clear();
  result.holds = result.matched.size() >= condition.min_count && result.distinct_count >= condition.min_distinct;
  return result;
}

bool job_matches(const Rule& rule, const JobDraft& job) {
  if (!rule.results.empty() && !rule.results.count(job.result())) return false;
  if (!rule.products.empty() && !rule.products.count(job.product)) return false;
  if (!rule.job_codes.empty()) {
    bool found = false;
    for (const auto& code : job.codes)
      found = found || std::find(rule.job_codes.begin(), rule.job_codes.end(), code.value) != rule.job_codes.end();
    if (!found) return false;
  }
  return true;
}

}  // namespace

JobWindow window_of(const JobDraft& job, int margin_minutes) {
  return {minus_minutes(job.start, margin_minutes), job.start, job.end, plus_minutes(job.end, margin_minutes)};
}

namespace {

// The window of job j: a job that never reported an end (crash, power loss) stays open until
// the next job starts, at most a day: the boot events that explain it come after the reboot.
JobWindow effective_window(const std::vector<JobDraft>& jobs, std::size_t j, int margin_minutes) {
  const JobDraft& job = jobs[j];
  JobWindow w = window_of(job, margin_minutes);
  if (!job.closed && job.result() == JobResult::unknown) {
    Timestamp limit{job.end.ticks + 24ULL * 3600 * Timestamp::ticks_per_second};
    for (std::size_t k = j + 1; k < jobs.size(); ++k)
      if (jobs[k].start > job.start && jobs[k].start.ticks - 1 < limit.ticks) {
        limit = Timestamp{jobs[k].start.ticks - 1};
        break;
      }
    if (limit > w.after_end) w.after_end = limit;
  }
  return w;
}

// Whether `rule` holds for job j; fills the hit.
bool holds_for(const Rule& rule, const std::vector<JobDraft>& jobs, std::size_t j, const JobWindow& w,
               const std::vector<Event>& events, RuleHit& hit) {
  const JobDraft& job = jobs[j];
  hit.rule = &rule;
  hit.job = j;
  std::set<std::size_t> evidence;
  if (!rule.job_codes.empty()) {
    for (std::size_t k = 0; k < job.code_events.size(); ++k)
      for (const auto& code : job.code_event_codes[k])
        if (std::find(rule.job_codes.begin(), rule.job_codes.end(), code.value) != rule.job_codes.end())
          evidence.insert(job.code_events[k]);
  }
  if (rule.trigger) {
    auto result = check(*rule.trigger, w, events);
    if (!result.holds) return false;
    hit.trigger_first = result.matched.front();
    hit.distinct_count = result.distinct_count;
    evidence.insert(result.evidence.begin(), result.evidence.end());
  }
  for (const auto& condition : rule.require) {
    auto result = check(condition, w, events);
    if (!result.holds) return false;
    if (!condition.distinct.empty()) hit.distinct_count = result.distinct_count;
    evidence.insert(result.evidence.begin(), result.evidence.end());
  }
  for (const auto& condition : rule.absent)
    if (check(condition, w, events).holds) return false;
  hit.evidence.assign(evidence.begin(), evidence.end());  // set order = index order = time order
  return true;
}

}  // namespace

std::vector<RuleHit> evaluate(const std::vector<Rule>& rules, const std::vector<JobDraft>& jobs,
                              const std::vector<Event>& events, int margin_minutes) {
  std::vector<RuleHit> hits;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    const JobWindow w = effective_window(jobs, j, margin_minutes);
    // Rules that depend on whether a cause was found run after those that may find one.
    bool has_cause = false;
    std::vector<RuleHit> job_hits;
    for (const bool second_pass : {false, true}) {
      for (const Rule& rule : rules) {
        if (rule.has_cause.has_value() != second_pass || !job_matches(rule, jobs[j])) continue;
        if (rule.has_cause && *rule.has_cause != has_cause) continue;
        RuleHit hit;
        if (!holds_for(rule, jobs, j, w, events, hit)) continue;
        if (rule.verdict == Verdict::cause) has_cause = true;
        job_hits.push_back(std::move(hit));
      }
    }
    // Rule order within the job, as before (the second pass appended its hits last).
    std::stable_sort(job_hits.begin(), job_hits.end(),
                     [](const RuleHit& a, const RuleHit& b) { return a.rule < b.rule; });
    for (auto& hit : job_hits) hits.push_back(std::move(hit));
  }
  return hits;
}

namespace {

// A logged value inside a sentence: CR LF, LF and tabs (VSS's error texts end in CR LF) would
// break the report's lines; runs of them become one space, none at either end.
std::string one_line(const std::string& value) {
  std::string out;
  for (char c : value) {
    const bool space = c == '\r' || c == '\n' || c == '\t' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::string fill_text(const std::string& text, const RuleHit& hit, const JobDraft& job, std::size_t job_number,
                      const std::vector<Event>& events, bool keep_job,
                      const std::function<std::string(const std::string&)>& render_value) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = text.find('{', pos);
    const std::size_t close = open == std::string::npos ? std::string::npos : text.find('}', open);
    if (close == std::string::npos) {
      out.append(text, pos, std::string::npos);
      break;
    }
    out.append(text, pos, open - pos);
    const std::string name = text.substr(open + 1, close - open - 1);
    std::string value;
    bool known = true;
    if (name == "job")
      value = keep_job ? "{job}" : std::to_string(job_number);
    else if (name == "job_start_utc")
      value = job.start.iso_utc();
    else if (name == "job_result")
      value = to_string(job.result());
    else if (name == "count")
      value = std::to_string(hit.evidence.size());
    else if (name == "distinct_count")
      value = std::to_string(hit.distinct_count);
    else if (name == "codes") {
      for (const auto& code : job.codes) value += (value.empty() ? "" : ", ") + hex_code(code.value);
    } else if (name.rfind("trigger.", 0) == 0 && hit.rule && hit.rule->trigger) {
      const Event& trigger = events[hit.trigger_first];
      const std::string field = name.substr(8);
      if (field == "event_id") {
        value = std::to_string(trigger.event_id);
      } else if (field == "provider") {
        value = trigger.provider_name;
      } else if (field == "status") {
        if (auto status = ntstatus(trigger)) value = hex_code(*status);
      } else {
        // "{trigger.VolumeName|2}": the first of several field names the event carries.
        // "{trigger.2:code}": only the code the value starts with (VSS writes "hr" as
        // "0x80070057, The parameter is incorrect." in the logging system's language; the
        // report's own sentence names the code in the report's language).
        const bool code_only = field.size() > 5 && field.compare(field.size() - 5, 5, ":code") == 0;
        const std::string names = code_only ? field.substr(0, field.size() - 5) : field;
        std::size_t begin = 0;
        while (value.empty() && begin <= names.size()) {
          const std::size_t bar = std::min(names.find('|', begin), names.size());
          if (const std::string* v = trigger.data_value(names.substr(begin, bar - begin))) {
            value = one_line(render_value ? render_value(*v) : *v);
            if (code_only)
              if (auto code = parse_code_value(value.substr(0, value.find_first_of(", ")))) value = hex_code(*code);
          }
          begin = bar + 1;
        }
      }
    } else {
      known = false;
    }
    if (known)
      out += value;
    else
      out.append(text, open, close - open + 1);
    pos = close + 1;
  }
  return out;
}

}  // namespace evtxdiag::diag
