#pragma once
// -o/--output and --force for every command that prints data: stdout by default, else a file
// written atomically and checked against the command's inputs (evtxdiag/output.hpp), so that
// no command can overwrite a customer's log or write into the folder it reads.
#include <CLI/CLI.hpp>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace evtxdiag::cli {

struct OutputOption {
  std::string path;    ///< empty: stdout
  bool force = false;  ///< lifts "not into a folder the run reads" and "not over an .evtx/.MTA/archive"
};

/// Adds -o/--output (described as `what`, e.g. "the report") and --force to `sub`.
void add_output_option(CLI::App& sub, OutputOption& option, const std::string& what);

/// Checks the target first (before any work), then runs `write` on stdout or on the file and
/// commits the file. Throws Error(refused|io) with the reason and what to do.
void write_output_to(const OutputOption& option, const std::vector<std::string>& inputs,
                     const std::function<void(std::ostream&)>& write);

}  // namespace evtxdiag::cli
