// One machine's diagnosis (machine_analysis.hpp): read -> zone -> jobs -> rules -> findings and timeline.
#include "diagnose/machine_analysis.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "diagnose/coverage.hpp"
#include "diagnose/differential.hpp"
#include "diagnose/evidence.hpp"
#include "diagnose/verdict_order.hpp"
#include "diagnose/zone_choice.hpp"
#include "evtxdiag/timezone.hpp"
#include "jobs/jobs.hpp"
#include "rules/rule_engine.hpp"

namespace evtxdiag::diag {
namespace {

const char* role_name(LifecycleRole role) {
  switch (role) {
    case LifecycleRole::start: return "job-start";
    case LifecycleRole::success: return "job-success";
    case LifecycleRole::failure: return "job-failure";
    case LifecycleRole::canceled: return "job-canceled";
    case LifecycleRole::warning: return "job-warning";
    case LifecycleRole::end: return "job-end";
    case LifecycleRole::refused: return "job-refused";
  }
  return "";
}

// One machine's diagnosis, built step by step from its events (deduplicated and sorted) and
// the backup jobs reconstructed from them.
class MachineAnalysis {
 public:
  MachineAnalysis(const std::vector<Event>& events, const DiagnosisContext& context, const ZoneResolution& zones)
      : events_(events),
        context_(context),
        zones_(zones),
        writer_(context.knowledge, context.language, zones),
        drafts_(reconstruct_jobs(events, context.rules->lifecycle)) {}

  // The instant whose zone the report names: the last job's start, else the last event's time.
  Timestamp zone_instant() const {
    Timestamp instant = events_.empty() ? Timestamp{} : events_.back().time_created;
    if (!drafts_.empty()) instant = drafts_.back().start;
    return instant;
  }

  void add_jobs(Diagnosis& d) const {
    for (std::size_t j = 0; j < drafts_.size(); ++j) {
      const JobDraft& draft = drafts_[j];
      BackupJob job;
      job.index = j + 1;
      job.product = draft.product;
      job.start_utc = draft.start;
      job.start_local = zones_.format_local(draft.start);
      job.end_utc = draft.end;
      job.end_local = zones_.format_local(draft.end);
      job.result = draft.result();
      for (const auto& code : draft.codes) job.codes.push_back(writer_.job_code(code, code.field));
      job.volumes = draft.volumes;
      for (std::size_t index : draft.events) job.events.push_back(writer_.reference(events_[index]));
      d.jobs.push_back(std::move(job));
    }
  }

  void add_rule_findings(Diagnosis& d) {
    const DiagnoseOptions& options = context_.options;
    for (const RuleHit& hit : evaluate(context_.rules->rules, drafts_, events_, options.margin_minutes)) {
      if (hit.rule->verdict == Verdict::cause) add_cause_codes(hit, d.jobs[hit.job].codes);
      d.findings.push_back(rule_finding(hit, d.jobs[hit.job]));
    }
  }

  // No failed job ends without a finding: those no rule explains get the differential diagnosis.
  void add_differential_findings(Diagnosis& d) {
    for (std::size_t j = 0; j < drafts_.size(); ++j) {
      const BackupJob& job = d.jobs[j];
      if (job.result != JobResult::failed) continue;
      if (std::any_of(d.findings.begin(), d.findings.end(),
                      [&](const Finding& f) { return f.job == job.index && f.verdict == Verdict::cause; }))
        continue;
      Finding finding =
          differential_finding(context_.rules->differential, drafts_[j], job, context_.knowledge, context_.language);
      const auto& cited = drafts_[j].code_events.empty() ? drafts_[j].events : drafts_[j].code_events;
      cite(cited, finding);
      d.findings.push_back(std::move(finding));
    }
  }

  // Timeline: every kept event (all of them with all_events), tagged with its job and role.
  void add_timeline(Diagnosis& d) const {
    std::vector<JobWindow> windows;
    for (const auto& draft : drafts_) windows.push_back(window_of(draft, context_.options.margin_minutes));
    for (std::size_t i = 0; i < events_.size(); ++i) {
      const Event& event = events_[i];
      const LifecycleEvent* kind = classify(context_.rules->lifecycle, event);
      TimelineEntry entry;
      entry.job = job_of_event(i, windows);
      entry.role = role_of_event(i, kind);
      const bool correlated = kind || evidence_events_.count(i) || !entry.role.empty() ||
                              std::any_of(context_.rules->timeline_extra.begin(), context_.rules->timeline_extra.end(),
                                          [&](const EventPattern& p) { return p.matches(event); });
      if (!context_.options.all_events && !correlated) continue;
      entry.ref = writer_.reference(event);
      entry.channel = event.channel;
      entry.computer = event.computer;
      entry.level = event.level;
      entry.data = event.data;
      d.timeline.push_back(std::move(entry));
    }
  }

 private:
  // Codes named by a cause's own evidence (a writer's 0x800423F2 in VSS 8229) belong to the job;
  // not those of informational evidence (User32 1074's shutdown reason 0x80020010 is no failure).
  void add_cause_codes(const RuleHit& hit, std::vector<JobCode>& codes) const {
    for (std::size_t index : hit.evidence)
      if (events_[index].level >= 1 && events_[index].level <= 3)
        for (const auto& code : failure_codes(events_[index], code_text_fields(*hit.rule))) {
          if (std::any_of(codes.begin(), codes.end(), [&](const JobCode& c) { return c.value == code.value; }))
            continue;
          codes.push_back(writer_.job_code(code, code_source(events_[index], code.field)));
        }
  }

  Finding rule_finding(const RuleHit& hit, const BackupJob& job) {
    const Rule& rule = *hit.rule;
    Finding finding;
    finding.rule = rule.id;
    finding.verdict = rule.verdict;
    finding.confidence = rule.confidence;
    finding.title = rule_text(hit, &RuleText::title, job);
    finding.explanation = rule_text(hit, &RuleText::explanation, job);
    finding.remedy = rule_text(hit, &RuleText::remedy, job);
    finding.any_job = {rule_text(hit, &RuleText::title, job, true), rule_text(hit, &RuleText::explanation, job, true),
                       rule_text(hit, &RuleText::remedy, job, true)};
    finding.job = hit.job + 1;
    cite(hit.evidence, finding);
    return finding;
  }

  // One text of a rule's finding in the report's language (English where it has none), its
  // placeholders filled; `any_job`: the wording that fits any job (it names none).
  std::string rule_text(const RuleHit& hit, const std::string RuleText::*member, const BackupJob& job,
                        bool any_job = false) const {
    const Rule& rule = *hit.rule;
    const RuleText& en = rule.text.at("en");
    const auto localized = rule.text.find(to_string(context_.options.language));
    const RuleText* text = localized != rule.text.end() ? &localized->second : &en;
    const std::string& chosen = (text->*member).empty() ? en.*member : text->*member;
    std::string filled = fill_text(
        chosen, hit, drafts_[hit.job], hit.job + 1, events_, any_job,
        [&](const std::string& value) { return context_.knowledge.resolve_parameter(value, context_.language); });
    if (!any_job)
      for (std::string key = "{job_start_local}"; filled.find(key) != std::string::npos;)
        filled.replace(filled.find(key), key.size(), zones_.format_readable(job.start_utc));
    return filled;
  }

  // Adds the events to the finding's evidence, and remembers them for the timeline.
  void cite(const std::vector<std::size_t>& indices, Finding& finding) {
    for (std::size_t index : indices) {
      finding.evidence.push_back(writer_.reference(events_[index]));
      evidence_events_.insert(index);
    }
  }

  // The job whose event `i` is, else the first job whose window (with the margin) holds it.
  std::optional<std::size_t> job_of_event(std::size_t i, const std::vector<JobWindow>& windows) const {
    for (std::size_t j = 0; j < drafts_.size(); ++j)
      if (std::find(drafts_[j].events.begin(), drafts_[j].events.end(), i) != drafts_[j].events.end()) return j + 1;
    const Timestamp time = events_[i].time_created;
    for (std::size_t j = 0; j < windows.size(); ++j)
      if (time >= windows[j].before_start && time <= windows[j].after_end) return j + 1;
    return std::nullopt;
  }

  std::string role_of_event(std::size_t i, const LifecycleEvent* kind) const {
    if (kind) return role_name(kind->role);
    if (evidence_events_.count(i)) return "evidence";
    if (const EventDefinition* definition = context_.knowledge.find_event(events_[i]);
        definition && !definition->roles.empty())
      return definition->roles.front();
    return "";
  }

  const std::vector<Event>& events_;
  const DiagnosisContext& context_;
  const ZoneResolution& zones_;
  const EvidenceWriter writer_;
  const std::vector<JobDraft> drafts_;
  std::set<std::size_t> evidence_events_;  // events cited by a finding
};

// Jobs first, then causes before the rest (verdict_order.hpp), the surest first, then by rule.
void sort_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.job != b.job) return a.job < b.job;
    if (verdict_rank(a.verdict) != verdict_rank(b.verdict)) return verdict_rank(a.verdict) < verdict_rank(b.verdict);
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    return a.rule < b.rule;
  });
}

}  // namespace

Diagnosis analyse(MachineCase machine, const DiagnosisContext& context) {
  const DiagnoseOptions& options = context.options;
  const std::vector<Event>& events = machine.events;
  Diagnosis d;
  d.inputs = std::move(machine.inputs);
  d.diagnostics = std::move(machine.diagnostics);
  d.margin_minutes = options.margin_minutes;
  d.language = options.language;
  d.computer_names = std::move(machine.names);
  if (!d.computer_names.empty()) d.computer = d.computer_names.back().name;
  const ZoneResolution zones = resolve_zone(options.zone, events);
  MachineAnalysis analysis(events, context, zones);
  d.zone = zone_choice(zones, analysis.zone_instant());
  analysis.add_jobs(d);
  d.missing_logs = missing_logs(events, d.inputs, d.jobs, zones.origin() == ZoneOrigin::user, context.language);
  analysis.add_rule_findings(d);
  analysis.add_differential_findings(d);
  sort_findings(d.findings);
  analysis.add_timeline(d);
  return d;
}

}  // namespace evtxdiag::diag
