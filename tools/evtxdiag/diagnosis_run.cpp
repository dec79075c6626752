// See diagnosis_run.hpp.
#include "diagnosis_run.hpp"

#include <algorithm>
#include <iostream>
#include <set>

#include "command.hpp"
#include "problems.hpp"
#include "terminal.hpp"

namespace evtxdiag::cli {

std::vector<Diagnosis> run_diagnosis(const std::vector<std::string>& paths, const DiagnoseOptions& options,
                                     const char* activity) {
  BusyIndicator busy(activity);  // stderr, terminal only
  return diagnose_machines(paths, options);
}

int report_inputs(const std::vector<Diagnosis>& machines, bool verbose) {
  std::set<std::string> seen;
  std::vector<Diagnostic> diagnostics;
  std::size_t inputs = 0, readable = 0;
  for (const Diagnosis& d : machines) {
    for (const InputSummary& input : d.inputs) {
      if (!seen.insert(input.path).second) continue;
      ++inputs;
      if (input.readable)
        ++readable;
      else
        std::cerr << "evtxdiag: " << input.error << '\n';
    }
    for (const Diagnostic& diagnostic : d.diagnostics)
      if (seen.insert("\n" + diagnostic.to_string()).second) diagnostics.push_back(diagnostic);
  }
  print_problems(diagnostics, verbose);
  std::set<std::string> warned;
  for (const Diagnosis& d : machines)
    for (const std::string& warning : d.zone.warnings)
      if (warned.insert(warning).second) std::cerr << "evtxdiag: warning: " << warning << '\n';
  if (inputs == 0) {
    std::cerr << "evtxdiag: no .evtx file found in the given paths (folders are searched for .evtx files and "
                 "archives)\n";
    return exit_usage;
  }
  return readable == 0 ? exit_usage : exit_ok;
}

int completeness_exit(const std::vector<Diagnosis>& machines) {
  const bool incomplete =
      std::any_of(machines.begin(), machines.end(), [](const Diagnosis& d) { return d.incomplete(); });
  return incomplete ? exit_partial : exit_ok;
}

}  // namespace evtxdiag::cli
