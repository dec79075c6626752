#pragma once
// What a command says on stderr about damaged input: every problem with live records or file
// structure, one summary line per file for slack space (whose losses are normal), and
// everything with -v/--verbose.
#include <CLI/CLI.hpp>

#include <vector>

#include "evtxdiag/diagnostic.hpp"

namespace evtxdiag::cli {

/// Adds -v/--verbose ("list every problem, including each deleted record not recovered").
void add_verbose_flag(CLI::App& sub, bool& verbose);

/// Prints diagnostic_lines(diagnostics, verbose) to stderr, each prefixed "evtxdiag: ".
void print_problems(const std::vector<Diagnostic>& diagnostics, bool verbose);

}  // namespace evtxdiag::cli
