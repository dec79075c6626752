#pragma once
// --from, --to, --provider, --event-id, --level and --computer for the commands that print
// events (dump, timeline). The values go as typed to the library's add_filter()
// (evtxdiag/event_filter.hpp), which the C API and Python use too; a malformed value is
// refused at parse time (exit 2).
#include <CLI/CLI.hpp>

#include <string>
#include <utility>
#include <vector>

#include "evtxdiag/event_filter.hpp"

namespace evtxdiag::cli {

/// The filter options as given, in command-line order: (option, value).
struct FilterOption {
  std::vector<std::pair<std::string, std::string>> given;
};

/// Adds the filter options to `sub`. with_computer = false leaves --computer to the command
/// (timeline's --computer chooses the machine to diagnose).
void add_filter_options(CLI::App& sub, FilterOption& option, bool with_computer = true);

/// The EventFilter of the options given.
[[nodiscard]] EventFilter make_filter(const FilterOption& option);

/// What --help says about the time window, for the commands' footers.
extern const char* const kFilterHelp;

}  // namespace evtxdiag::cli
