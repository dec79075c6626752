#pragma once
// What diagnose and timeline share around the library call: run diagnose_machines() with a
// progress indicator, report unreadable inputs and damage on stderr once (an unreadable file is
// listed under every machine), and turn the outcome into an exit code.
#include <string>
#include <vector>

#include "evtxdiag/diagnose.hpp"

namespace evtxdiag::cli {

/// The diagnoses, one per machine (with `options.computer`: that one).
std::vector<Diagnosis> run_diagnosis(const std::vector<std::string>& paths, const DiagnoseOptions& options,
                                     const char* activity);

/// Prints unreadable inputs and diagnostics (print_problems) once each. Returns exit_usage when
/// there was nothing to read (no log found, or none readable), else exit_ok.
int report_inputs(const std::vector<Diagnosis>& machines, bool verbose);

/// exit_partial when some input or live record could not be read, else exit_ok.
int completeness_exit(const std::vector<Diagnosis>& machines);

}  // namespace evtxdiag::cli
