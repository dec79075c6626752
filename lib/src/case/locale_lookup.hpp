#pragma once
// Which LocaleMetaData .MTA file gives a log its messages: the one the user named (for the log
// its name belongs to: record ids repeat across logs), else `<log>_<LCID>.MTA` in
// LocaleMetaData/ beside the log or beside it, on disk or among an archive's members, in the
// preferred language. Shared by read_case() and the diagnosis.
#include <optional>
#include <string>
#include <vector>

#include "evtxdiag/diagnostic.hpp"
#include "evtxdiag/inputs.hpp"
#include "evtxdiag/mta.hpp"

namespace evtxdiag::cases {

struct LocaleChoice {
  std::optional<MtaCatalog> catalog;    ///< nullopt: none found, disabled, or unreadable
  std::vector<Diagnostic> diagnostics;  ///< problems of the chosen file (kind locale_metadata)
  bool unreadable = false;              ///< a file was chosen but could not be read at all
};

class LocaleLookup {
 public:
  /// `explicit_file`: the user's MTA (empty: look beside each log); `language`: "en", "ja" or
  /// an LCID; `log_count`: how many logs the case has (an explicit file fits the only log).
  LocaleLookup(bool enabled, std::string explicit_file, std::string language, std::vector<CaseFile> locale_files,
               std::size_t log_count);

  /// The MTA of the log called `name` (`on_disk`: `name` is its path). For the explicit file
  /// the diagnostics are not repeated per log: see explicit_diagnostics().
  LocaleChoice find(const std::string& name, bool on_disk) const;
  /// The problems of the explicit file (empty without one).
  const std::vector<Diagnostic>& explicit_diagnostics() const noexcept { return explicit_choice_.diagnostics; }

 private:
  bool enabled_;
  std::string explicit_file_;
  std::string language_;
  std::vector<CaseFile> locale_files_;
  std::vector<std::string> locale_names_;
  std::size_t log_count_;
  LocaleChoice explicit_choice_;  ///< the explicit file, parsed once
};

/// Whether the MTA `mta_path` belongs to the log `evtx_path`: "<log stem>_<LCID>.MTA", or the
/// case has a single log.
bool mta_belongs_to(const std::string& mta_path, const std::string& evtx_path, std::size_t log_count);

}  // namespace evtxdiag::cases
