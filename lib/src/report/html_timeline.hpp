#pragma once
// The SVG timeline picture of the HTML report.
#include <string>

#include "evtxdiag/diagnose.hpp"
#include "report/words.hpp"

namespace evtxdiag::report {

/// An inline <svg> element: one row per job (a bar from start to end, coloured by result, with
/// its findings' evidence as marks coloured by verdict), one extra row for evidence of findings
/// without a job, and a local-time axis (zone of the diagnosis; UTC in every <title>).
/// Empty string when there is nothing to draw (no job and no evidence).
std::string timeline_svg(const Diagnosis& diagnosis, const Words& words);

/// CSS class of a job result ("ok", "failed", ...), shared by the SVG and the tables so the
/// colours of bars and table rows match.
const char* result_class(JobResult result);
/// CSS class of a verdict ("cause", "contributing", "red-herring", "context").
const char* verdict_class(Verdict verdict);

}  // namespace evtxdiag::report
