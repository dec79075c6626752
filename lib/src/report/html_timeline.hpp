#pragma once
// The SVG timeline picture of the HTML report.
#include <string>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/knowledge.hpp"

namespace evtxdiag::report {

/// An inline <svg> element: one row per job (a bar from start to end, coloured by result, with
/// its findings' evidence as marks coloured by verdict), one extra row for evidence of findings
/// without a job, and a local-time axis (zone of the diagnosis; UTC in every <title>).
/// Empty string when there is nothing to draw (no job and no evidence).
std::string timeline_svg(const Diagnosis& diagnosis, Language language);

}  // namespace evtxdiag::report
