// diagnose(): read -> deduplicate -> zone -> jobs -> rules -> findings and timeline.
#include "evtxdiag/diagnose.hpp"

#include <algorithm>
#include <cstdio>
#include <future>
#include <map>
#include <memory>
#include <set>

#include "core/ordered_batches.hpp"
#include "diagnose/coverage.hpp"
#include "diagnose/differential.hpp"
#include "diagnose/evidence.hpp"
#include "diagnose/inputs.hpp"
#include "diagnose/machines.hpp"
#include "diagnose/messages.hpp"
#include "diagnose/verdict_order.hpp"
#include "diagnose/zone_choice.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/knowledge.hpp"
#include "evtxdiag/timezone.hpp"
#include "jobs/jobs.hpp"
#include "rules/rule_engine.hpp"
#include "rules/rule_loader.hpp"
#include "rules/rule_serialization.hpp"
#include "timezone/zone_database.hpp"

namespace evtxdiag {
namespace {

using namespace evtxdiag::diag;

struct Context {
  const DiagnoseOptions& options;
  Language language = Language::en;
  KnowledgeBase knowledge;
  std::shared_ptr<const RuleSet> rules;  ///< the built-in set is shared, not copied per diagnosis
};

// Throws Error(invalid_input) for option values no diagnosis can use.
void check_options(const DiagnoseOptions& options) {
  if (options.margin_minutes < 0 || options.margin_minutes > 7 * 24 * 60)
    throw Error(ErrorKind::invalid_input, "the correlation margin must be 0..10080 minutes");
}

Context make_context(const DiagnoseOptions& options) {
  check_options(options);
  const Language language = options.language;
  std::vector<RuleFile> overlay;
  for (const auto& dir : options.knowledge_dirs) {
    auto files = rule_files_in(dir);
    overlay.insert(overlay.end(), files.begin(), files.end());
  }
  return Context{
      options, language,
      options.knowledge_dirs.empty() ? KnowledgeBase::builtin() : KnowledgeBase::load(options.knowledge_dirs),
      overlay.empty() ? builtin_rules() : std::make_shared<const RuleSet>(load_rules(builtin_rule_files(), overlay))};
}

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

// The diagnosis of one machine's events (deduplicated and sorted).
Diagnosis analyse(MachineCase machine, const Context& context) {
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
  const EvidenceWriter writer(context.knowledge, context.language, zones);
  const auto drafts = reconstruct_jobs(events, context.rules->lifecycle);
  Timestamp zone_instant = events.empty() ? Timestamp{} : events.back().time_created;
  if (!drafts.empty()) zone_instant = drafts.back().start;
  d.zone = zone_choice(zones, zone_instant);

  for (std::size_t j = 0; j < drafts.size(); ++j) {
    const JobDraft& draft = drafts[j];
    BackupJob job;
    job.index = j + 1;
    job.product = draft.product;
    job.start_utc = draft.start;
    job.start_local = zones.format_local(draft.start);
    job.end_utc = draft.end;
    job.end_local = zones.format_local(draft.end);
    job.result = draft.result();
    for (const auto& code : draft.codes) job.codes.push_back(writer.job_code(code, code.field));
    job.volumes = draft.volumes;
    for (std::size_t index : draft.events) job.events.push_back(writer.reference(events[index]));
    d.jobs.push_back(std::move(job));
  }

  d.missing_logs = missing_logs(events, d.inputs, d.jobs, zones.origin() == ZoneOrigin::user, context.language);

  std::set<std::size_t> evidence_events;
  for (const RuleHit& hit : evaluate(context.rules->rules, drafts, events, options.margin_minutes)) {
    const Rule& rule = *hit.rule;
    const RuleText& en = rule.text.at("en");
    const auto localized = rule.text.find(to_string(options.language));
    const RuleText* text = localized != rule.text.end() ? &localized->second : &en;
    auto pick = [&](const std::string RuleText::*member, bool any_job = false) {
      const std::string& chosen = (text->*member).empty() ? en.*member : text->*member;
      std::string filled = fill_text(
          chosen, hit, drafts[hit.job], hit.job + 1, events, any_job,
          [&](const std::string& value) { return context.knowledge.resolve_parameter(value, context.language); });
      if (!any_job)
        for (std::string key = "{job_start_local}"; filled.find(key) != std::string::npos;)
          filled.replace(filled.find(key), key.size(), zones.format_readable(d.jobs[hit.job].start_utc));
      return filled;
    };
    // Codes named by a cause's own evidence (a writer's 0x800423F2 in VSS 8229) belong to the job;
    // not those of informational evidence (User32 1074's shutdown reason 0x80020010 is no failure).
    if (rule.verdict == Verdict::cause)
      for (std::size_t index : hit.evidence)
        if (events[index].level >= 1 && events[index].level <= 3)
          for (const auto& code : failure_codes(events[index], code_text_fields(rule))) {
            auto& codes = d.jobs[hit.job].codes;
            if (std::any_of(codes.begin(), codes.end(), [&](const JobCode& c) { return c.value == code.value; }))
              continue;
            codes.push_back(writer.job_code(code, code_source(events[index], code.field)));
          }
    Finding finding;
    finding.rule = rule.id;
    finding.verdict = rule.verdict;
    finding.confidence = rule.confidence;
    finding.title = pick(&RuleText::title);
    finding.explanation = pick(&RuleText::explanation);
    finding.remedy = pick(&RuleText::remedy);
    finding.any_job = {pick(&RuleText::title, true), pick(&RuleText::explanation, true), pick(&RuleText::remedy, true)};
    finding.job = hit.job + 1;
    for (std::size_t index : hit.evidence) {
      finding.evidence.push_back(writer.reference(events[index]));
      evidence_events.insert(index);
    }
    d.findings.push_back(std::move(finding));
  }
  // No failed job ends without a finding: those no rule explains get the differential diagnosis.
  for (std::size_t j = 0; j < drafts.size(); ++j) {
    const BackupJob& job = d.jobs[j];
    if (job.result != JobResult::failed) continue;
    if (std::any_of(d.findings.begin(), d.findings.end(),
                    [&](const Finding& f) { return f.job == job.index && f.verdict == Verdict::cause; }))
      continue;
    Finding finding =
        differential_finding(context.rules->differential, drafts[j], job, context.knowledge, context.language);
    const auto& cited = drafts[j].code_events.empty() ? drafts[j].events : drafts[j].code_events;
    for (std::size_t index : cited) {
      finding.evidence.push_back(writer.reference(events[index]));
      evidence_events.insert(index);
    }
    d.findings.push_back(std::move(finding));
  }
  std::stable_sort(d.findings.begin(), d.findings.end(), [](const Finding& a, const Finding& b) {
    if (a.job != b.job) return a.job < b.job;
    if (verdict_rank(a.verdict) != verdict_rank(b.verdict)) return verdict_rank(a.verdict) < verdict_rank(b.verdict);
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    return a.rule < b.rule;
  });

  // Timeline: every kept event (all of them with all_events), tagged with its job and role.
  std::vector<JobWindow> windows;
  for (const auto& draft : drafts) windows.push_back(window_of(draft, options.margin_minutes));
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    const LifecycleEvent* kind = classify(context.rules->lifecycle, event);
    TimelineEntry entry;
    for (std::size_t j = 0; j < drafts.size() && !entry.job; ++j)
      if (std::find(drafts[j].events.begin(), drafts[j].events.end(), i) != drafts[j].events.end()) entry.job = j + 1;
    for (std::size_t j = 0; j < windows.size() && !entry.job; ++j)
      if (event.time_created >= windows[j].before_start && event.time_created <= windows[j].after_end)
        entry.job = j + 1;
    if (kind)
      entry.role = role_name(kind->role);
    else if (evidence_events.count(i))
      entry.role = "evidence";
    else if (const EventDefinition* definition = context.knowledge.find_event(event);
             definition && !definition->roles.empty())
      entry.role = definition->roles.front();
    const bool correlated = kind || evidence_events.count(i) || !entry.role.empty() ||
                            std::any_of(context.rules->timeline_extra.begin(), context.rules->timeline_extra.end(),
                                        [&](const EventPattern& p) { return p.matches(event); });
    if (!options.all_events && !correlated) continue;
    entry.ref = writer.reference(event);
    entry.channel = event.channel;
    entry.computer = event.computer;
    entry.level = event.level;
    entry.data = event.data;
    d.timeline.push_back(std::move(entry));
  }
  return d;
}

// Deduplicates, splits by machine (or keeps options.computer's) and diagnoses each.
std::vector<Diagnosis> analyse_machines(std::vector<Event> events, std::vector<InputSummary> inputs,
                                        std::vector<Diagnostic> diagnostics, const Context& context) {
  deduplicate_and_sort(events, inputs);
  std::vector<Diagnosis> out;
  for (MachineCase& machine : split_by_machine(std::move(events), inputs, diagnostics, context.options.computer))
    out.push_back(analyse(std::move(machine), context));
  return out;
}

// The one machine diagnose() promises, or an error that names them and says how to choose.
Diagnosis only_machine(std::vector<Diagnosis> machines) {
  if (machines.size() == 1) return std::move(machines.front());
  std::string names;
  for (const Diagnosis& d : machines) names += (names.empty() ? "" : ", ") + d.computer;
  throw Error(ErrorKind::invalid_input, "the logs come from " + std::to_string(machines.size()) + " machines (" +
                                            names +
                                            "); choose one with the computer option (--computer NAME), or "
                                            "diagnose each (diagnose_machines)");
}

}  // namespace

bool Diagnosis::incomplete() const {
  return std::any_of(inputs.begin(), inputs.end(),
                     [](const InputSummary& i) { return !i.readable || i.live_lost > 0; });
}

bool Diagnosis::nothing_readable() const {
  return std::none_of(inputs.begin(), inputs.end(), [](const InputSummary& i) { return i.readable; });
}

namespace {

// The context with the pre-filter built from it.
struct Prepared {
  explicit Prepared(Context loaded) : context(std::move(loaded)), relevant(*context.rules, context.knowledge) {}
  Context context;
  RelevanceFilter relevant;
};

// The names of the inputs read from disk: only they have a LocaleMetaData folder beside them.
std::set<std::string> names_on_disk(const std::vector<CaseFile>& logs) {
  std::set<std::string> names;
  for (const CaseFile& file : logs)
    if (file.on_disk()) names.insert(file.name);
  return names;
}

// Reads the logs with the pre-filter the options allow, then analyses.
std::vector<Diagnosis> load_and_analyse(CaseInputs inputs, const DiagnoseOptions& options) {
  const std::set<std::string> on_disk = names_on_disk(inputs.logs);
  const unsigned threads = core::resolve_thread_count(options.threads);
  if (threads == 1 || options.all_events) {
    const Prepared prepared(make_context(options));
    std::function<bool(std::string_view, std::uint32_t)> want;
    if (!options.all_events && prepared.relevant.selective())
      want = [&prepared](std::string_view provider, std::uint32_t id) { return prepared.relevant(provider, id); };
    LoadedEvents loaded = load_events(std::move(inputs.logs), options.recovered, want, threads);
    apply_mta_messages(loaded, options, on_disk, std::move(inputs.locale_files));
    return analyse_machines(std::move(loaded.events), std::move(loaded.inputs), std::move(loaded.diagnostics),
                            prepared.context);
  }
  // The knowledge base and rules (precompiled: a few milliseconds; with --knowledge overlays
  // YAML, about as long as scanning a 16 MB log) load on their own thread while the readers
  // walk, scan and open the files; the pre-filter waits for them the first time it is asked.
  // If loading fails, the filter lets everything through and the error is thrown below, as
  // without threads.
  const std::shared_future<std::shared_ptr<const Prepared>> prepared = std::async(std::launch::async, [&options] {
    auto ready = std::make_shared<const Prepared>(make_context(options));
    if (options.zone.needs_zone_rules()) tz::warm_up_zone_database();  // for after reading
    return ready;
  });
  const auto want = [prepared](std::string_view provider, std::uint32_t id) {
    std::shared_ptr<const Prepared> ready;
    try {
      ready = prepared.get();
    } catch (...) {
      return true;
    }
    return !ready->relevant.selective() || ready->relevant(provider, id);
  };
  LoadedEvents loaded = load_events(std::move(inputs.logs), options.recovered, want, threads);
  apply_mta_messages(loaded, options, on_disk, std::move(inputs.locale_files));
  const Context& context = prepared.get()->context;
  return analyse_machines(std::move(loaded.events), std::move(loaded.inputs), std::move(loaded.diagnostics), context);
}

}  // namespace

std::vector<Diagnosis> diagnose_machines(const std::vector<std::string>& paths, const DiagnoseOptions& options) {
  check_options(options);  // before the inputs, as their errors come first
  return load_and_analyse(collect_inputs(paths, options.archive_limits), options);
}

std::vector<Diagnosis> diagnose_machines(CaseInputs inputs, const DiagnoseOptions& options) {
  check_options(options);
  return load_and_analyse(std::move(inputs), options);
}

void require_readable_input(const std::vector<Diagnosis>& machines) {
  std::vector<const InputSummary*> inputs;
  for (const Diagnosis& d : machines)
    for (const InputSummary& input : d.inputs) inputs.push_back(&input);
  if (inputs.empty())
    throw Error(ErrorKind::io,
                "no .evtx file found in the given paths (folders are searched for .evtx files and archives)");
  if (std::any_of(inputs.begin(), inputs.end(), [](const InputSummary* i) { return i->readable; })) return;
  std::string why;
  for (const InputSummary* input : inputs) why += (why.empty() ? "" : "; ") + input->error;
  throw Error(ErrorKind::not_evtx, "nothing could be read: " + why);
}

Diagnosis diagnose(const std::vector<std::string>& paths, const DiagnoseOptions& options) {
  return only_machine(diagnose_machines(paths, options));
}

Diagnosis diagnose_inputs(CaseInputs inputs, const DiagnoseOptions& options) {
  return only_machine(diagnose_machines(std::move(inputs), options));
}

Diagnosis diagnose_buffers(std::vector<EvtxBuffer> files, const DiagnoseOptions& options) {
  CaseInputs inputs;
  for (EvtxBuffer& file : files) inputs.logs.push_back({std::move(file.name), {}, std::move(file.bytes), {}});
  return diagnose_inputs(std::move(inputs), options);
}

Diagnosis diagnose_events(std::vector<Event> events, const DiagnoseOptions& options) {
  const Context context = make_context(options);
  std::vector<InputSummary> inputs;
  std::map<std::string, std::size_t> index;
  for (const auto& event : events) {
    auto [it, added] = index.emplace(event.source_file, inputs.size());
    if (added) {
      InputSummary input;
      input.path = event.source_file;
      inputs.push_back(std::move(input));
    }
    ++inputs[it->second].records;
    if (event.origin == RecordOrigin::recovered) ++inputs[it->second].recovered;
  }
  return only_machine(analyse_machines(std::move(events), std::move(inputs), {}, context));
}

}  // namespace evtxdiag
