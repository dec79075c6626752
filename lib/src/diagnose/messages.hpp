#pragma once
// Event messages for evidence and timeline: the LocaleMetaData .MTA text when the customer's
// export carries one (what their Event Viewer showed), else the knowledge base's template.
#include <set>
#include <string>
#include <vector>

#include "diagnose/inputs.hpp"
#include "evtxdiag/diagnose.hpp"

namespace evtxdiag::diag {

/// Fills Event::message / message_source (and the display names) of the live events in
/// `loaded` from MTA files, per DiagnoseOptions::mta, mta_file and mta_lang (default `lang`).
/// Each input's own LocaleMetaData is searched: beside it on disk for the inputs named in
/// `on_disk`, among `locale_files` (archive members) for the others. Records which MTA each
/// input used in its InputSummary; the MTA's problems (damaged or unreadable file) are
/// appended to loaded.diagnostics as warnings and never stop the diagnosis.
void apply_mta_messages(LoadedEvents& loaded, const DiagnoseOptions& options, const std::set<std::string>& on_disk,
                        std::vector<CaseFile> locale_files);

}  // namespace evtxdiag::diag
