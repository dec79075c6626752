#pragma once
// Rendering the merged timeline of a Diagnosis as text or JSON Lines. Pure functions of the
// model: no reading, no analysis, no clock, so every output is reproducible. The report itself
// (text, HTML) and the diagnosis JSON are rendered by the library (evtxdiag/report.hpp,
// evtxdiag/diagnosis_json.hpp, which also gives a timeline entry's JSON); the timeline CSV by
// timeline_csv.hpp.
#include <iosfwd>
#include <string>

#include "evtxdiag/diagnose.hpp"

namespace evtxdiag::cli {

enum class TimelineFormat { text, jsonl, csv };
/// Parses "text" / "jsonl" / "csv".
bool parse_timeline_format(const std::string& text, TimelineFormat& format);

/// The merged timeline, one event per line, as text or JSON Lines (CSV: write_timeline_csv).
void write_timeline(std::ostream& out, const Diagnosis& diagnosis, TimelineFormat format);

}  // namespace evtxdiag::cli
