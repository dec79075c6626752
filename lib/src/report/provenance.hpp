#pragma once
// The provenance of a report: which tool made it and from exactly which files (size and
// SHA-256, so that a reader can check they hold the same logs), and when, if asked
// (ReportOptions::analysed_at; by default there is no clock in a report).
#include <string>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/report.hpp"
#include "report/words.hpp"

namespace evtxdiag::report {

/// Every input of the machines once (the same unreadable file is listed under each machine).
std::vector<const InputSummary*> distinct_inputs(const std::vector<const Diagnosis*>& machines);

/// The tool line, the time line (when asked) and one line per input, in the report language.
std::vector<std::string> provenance_lines(const std::vector<const Diagnosis*>& machines, const ReportOptions& options,
                                          const Words& words);

/// "evtxdiag 1.2.3".
std::string tool_text();

}  // namespace evtxdiag::report
