// LocaleMetaData messages for the diagnosis (see messages.hpp).
#include "diagnose/messages.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

#include "evtxdiag/error.hpp"
#include "evtxdiag/mta.hpp"

namespace evtxdiag::diag {
namespace {

/// An MTA that could not be read at all is worth one line; the log is still diagnosed.
Diagnostic unreadable(const std::string& path, const std::string& why) {
  Diagnostic d;
  d.severity = Severity::warning;
  d.kind = DiagnosticKind::locale_metadata;
  d.file = path;
  d.message = why + "; messages from the knowledge base are shown instead";
  return d;
}

/// Parses `path`, moving its problems into `diagnostics` as warnings: a damaged MTA costs
/// messages, not events, so it does not make the diagnosis incomplete.
std::optional<MtaCatalog> open_catalog(const std::string& path, std::vector<Diagnostic>& diagnostics) {
  try {
    MtaCatalog catalog = MtaCatalog::open_file(path);
    for (Diagnostic d : catalog.diagnostics()) {
      d.severity = Severity::warning;
      diagnostics.push_back(std::move(d));
    }
    if (!catalog.ok()) return std::nullopt;
    return catalog;
  } catch (const Error& e) {
    diagnostics.push_back(unreadable(path, e.what()));
    return std::nullopt;
  }
}

std::string ascii_lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  return text;
}

/// Whether the explicit MTA `mta_path` belongs to the log `evtx_path`: its name is
/// "<log stem>_<LCID>.MTA" (record ids repeat across logs, so another log's MTA would give
/// wrong messages), or it is the only input.
bool explicit_mta_fits(const std::string& mta_path, const std::string& evtx_path, std::size_t inputs) {
  if (inputs == 1) return true;
  const std::string name = std::filesystem::path(mta_path).filename().string();
  const std::string stem = ascii_lower(std::filesystem::path(evtx_path).stem().string());
  return mta_lcid_from_file_name(name) != 0 && ascii_lower(name).rfind(stem + "_", 0) == 0 &&
         name.find('_', stem.size() + 1) == std::string::npos;
}

}  // namespace

void apply_mta_messages(LoadedEvents& loaded, const DiagnoseOptions& options, bool look_beside_inputs) {
  if (!options.mta) return;
  if (!look_beside_inputs && options.mta_file.empty()) return;
  const std::string& language = options.mta_lang.empty() ? options.lang : options.mta_lang;

  std::optional<MtaCatalog> shared;  // the one explicit --mta file, read once
  if (!options.mta_file.empty()) shared = open_catalog(options.mta_file, loaded.diagnostics);

  std::map<std::string, const MtaCatalog*> by_input;
  std::vector<MtaCatalog> own;  // one per input that has its own MTA
  own.reserve(loaded.inputs.size());
  for (InputSummary& input : loaded.inputs) {
    if (!input.readable) continue;
    const MtaCatalog* catalog =
        shared && explicit_mta_fits(options.mta_file, input.path, loaded.inputs.size()) ? &*shared : nullptr;
    if (options.mta_file.empty()) {
      const auto chosen = choose_mta_file(find_mta_files(input.path), language);
      if (!chosen) continue;
      auto parsed = open_catalog(chosen->path, loaded.diagnostics);
      if (!parsed) continue;
      own.push_back(std::move(*parsed));
      catalog = &own.back();
    }
    if (catalog == nullptr) continue;
    input.mta = catalog->source();
    input.mta_lcid = catalog->lcid();
    by_input.emplace(input.path, catalog);
  }
  if (by_input.empty()) return;
  for (Event& event : loaded.events) {
    // Recovered records are not part of the export the MTA was written for: a record id they
    // share with a live event would give them that event's message.
    if (event.origin != RecordOrigin::live) continue;
    const auto found = by_input.find(event.source_file);
    if (found != by_input.end()) found->second->annotate(event);
  }
}

}  // namespace evtxdiag::diag
