#pragma once
// Subcommand registry. Each cmd_*.cpp defines one static CommandRegistration; main() adds
// every registered command to the CLI11 app in `order`, parses, and runs the chosen one.
// This keeps main.cpp free of per-command knowledge.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace evtxdiag::cli {

/// Documented exit codes (README "Exit codes").
enum ExitCode : int {
  exit_ok = 0,        ///< finished; every input decoded
  exit_partial = 1,   ///< finished, but some input could not be decoded / a lookup found nothing
  exit_usage = 2,     ///< usage error, or nothing could be read
  exit_findings = 3,  ///< --fail-on matched a finding
};

/// Runs a configured subcommand and returns its exit code.
using Runner = std::function<int()>;
/// Adds the options of a subcommand to `sub` and returns the closure that runs it.
using Setup = std::function<Runner(CLI::App& sub)>;

/// A subcommand's static registration.
struct CommandRegistration {
  CommandRegistration(int order, std::string name, std::string description, Setup setup);
};

/// " (allocator: mimalloc X.Y.Z)" when the command is linked with mimalloc, else empty
/// (allocator.cpp; --version shows it).
std::string allocator_note();

}  // namespace evtxdiag::cli
