// LocaleMetaData messages for the diagnosis (see messages.hpp).
#include "diagnose/messages.hpp"

#include <map>

#include "case/locale_lookup.hpp"

namespace evtxdiag::diag {
namespace {

// A damaged or unreadable MTA costs messages, never events: for the diagnosis its problems
// are warnings, whatever their severity in the file.
void add_warnings(const std::vector<Diagnostic>& from, std::vector<Diagnostic>& to) {
  for (Diagnostic d : from) {
    d.severity = Severity::warning;
    to.push_back(std::move(d));
  }
}

}  // namespace

void apply_mta_messages(LoadedEvents& loaded, const DiagnoseOptions& options, const std::set<std::string>& on_disk,
                        std::vector<CaseFile> locale_files) {
  if (!options.mta) return;
  const cases::LocaleLookup lookup(
      true, options.mta_file, options.mta_lang.empty() ? std::string(to_string(options.language)) : options.mta_lang,
      std::move(locale_files), loaded.inputs.size());
  add_warnings(lookup.explicit_diagnostics(), loaded.diagnostics);

  std::map<std::string, MtaCatalog> by_input;
  for (InputSummary& input : loaded.inputs) {
    if (!input.readable) continue;
    cases::LocaleChoice choice = lookup.find(input.path, on_disk.count(input.path) > 0);
    add_warnings(choice.diagnostics, loaded.diagnostics);
    if (!choice.catalog) continue;
    input.mta = choice.catalog->source();
    input.mta_lcid = choice.catalog->lcid();
    by_input.emplace(input.path, std::move(*choice.catalog));
  }
  if (by_input.empty()) return;
  for (Event& event : loaded.events) {
    // Recovered records are not part of the export the MTA was written for: a record id they
    // share with a live event would give them that event's message.
    if (event.origin != RecordOrigin::live) continue;
    const auto found = by_input.find(event.source_file);
    if (found != by_input.end()) found->second.annotate(event);
  }
}

}  // namespace evtxdiag::diag
