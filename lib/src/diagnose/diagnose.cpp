// diagnose(): read -> deduplicate -> zone -> jobs -> rules -> findings and timeline.
#include "evtxdiag/diagnose.hpp"

#include <algorithm>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/ordered_batches.hpp"
#include "diagnose/inputs.hpp"
#include "diagnose/machine_analysis.hpp"
#include "diagnose/machines.hpp"
#include "diagnose/messages.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/knowledge.hpp"
#include "evtxdiag/timezone.hpp"
#include "rules/rule_engine.hpp"
#include "rules/rule_loader.hpp"
#include "rules/rule_serialization.hpp"
#include "timezone/zone_database.hpp"

namespace evtxdiag {
namespace {

using namespace evtxdiag::diag;

// Throws Error(invalid_input) for option values no diagnosis can use.
void check_options(const DiagnoseOptions& options) {
  if (options.margin_minutes < 0 || options.margin_minutes > 7 * 24 * 60)
    throw Error(ErrorKind::invalid_input, "the correlation margin must be 0..10080 minutes");
}

DiagnosisContext make_context(const DiagnoseOptions& options) {
  check_options(options);
  const Language language = options.language;
  std::vector<RuleFile> overlay;
  for (const auto& dir : options.knowledge_dirs) {
    auto files = rule_files_in(dir);
    overlay.insert(overlay.end(), files.begin(), files.end());
  }
  return DiagnosisContext{
      options, language,
      options.knowledge_dirs.empty() ? KnowledgeBase::builtin() : KnowledgeBase::load(options.knowledge_dirs),
      overlay.empty() ? builtin_rules() : std::make_shared<const RuleSet>(load_rules(builtin_rule_files(), overlay))};
}

// Deduplicates, splits by machine (or keeps options.computer's) and diagnoses each.
std::vector<Diagnosis> analyse_machines(std::vector<Event> events, std::vector<InputSummary> inputs,
                                        std::vector<Diagnostic> diagnostics, const DiagnosisContext& context) {
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
  explicit Prepared(DiagnosisContext loaded)
      : context(std::move(loaded)), relevant(*context.rules, context.knowledge) {}
  DiagnosisContext context;
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
  const DiagnosisContext& context = prepared.get()->context;
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
  const DiagnosisContext context = make_context(options);
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
