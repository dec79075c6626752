#pragma once
// --mta and --lang for every command that prints events: finds the LocaleMetaData/*.MTA of
// each log (or uses the one given), reports its problems on stderr, and fills each event's
// message and level/task/opcode/keyword names exactly as the customer's Event Viewer showed them.
#include <CLI/CLI.hpp>

#include <iosfwd>
#include <optional>
#include <string>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/mta.hpp"

namespace evtxdiag::cli {

/// The values of --mta / --lang / --no-mta.
struct MtaOption {
  std::string file;             ///< explicit MTA for every input log; empty = look beside each log
  std::string language = "en";  ///< preferred MTA language: en (1033) or ja (1041), then the other
  bool disabled = false;        ///< --no-mta: ignore MTA files
};

/// Adds `--mta FILE`, `--lang en|ja` and `--no-mta` to `sub`. A command that already has its own
/// --lang (report language) passes with_lang = false and copies its value into option.language.
void add_mta_option(CLI::App& sub, MtaOption& option, bool with_lang = true);

/// Copies --mta / --lang / --no-mta into the diagnosis options (which find the MTA of each log).
void apply_mta_option(const MtaOption& option, DiagnoseOptions& options);

}  // namespace evtxdiag::cli
