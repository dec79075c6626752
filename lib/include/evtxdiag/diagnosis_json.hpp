#pragma once
// A Diagnosis as the documented JSON document ("schema": "evtxdiag.diagnosis/2", described in
// docs/diagnosis-json.md): exactly what `evtxdiag diagnose --format json` prints, for programs
// and bindings that want the result as text rather than as C++ structures. It opens with the
// summary; a finding several jobs share is one entry listing its jobs (as in every report).
// Texts are in the diagnosis language (DiagnoseOptions::lang).
//
//   evtxdiag::Diagnosis d = evtxdiag::diagnose({"C:/case/logs"});
//   std::cout << evtxdiag::diagnosis_to_json(d) << '\n';
//
// The output depends only on the Diagnosis (no clock, no machine zone), so it is reproducible.
#include <optional>
#include <string>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// The diagnosis as a UTF-8 JSON object, keys in the documented order. `indent` >= 0 pretty-prints
/// with that many spaces per level (the CLI uses 2); a negative `indent` gives one line.
/// No trailing newline. Text that is not valid UTF-8 is written with U+FFFD replacements.
/// Never throws except std::bad_alloc.
[[nodiscard]] std::string diagnosis_to_json(const Diagnosis& diagnosis, int indent = 2);

/// The diagnoses of diagnose_machines(): for one machine exactly diagnosis_to_json(); for
/// several, {"schema": "evtxdiag.machines/2", "summary": {...}, "machines": [one diagnosis
/// document each], "provenance": {...}}.
[[nodiscard]] std::string diagnoses_to_json(const std::vector<Diagnosis>& machines, int indent = 2);
/// The same with the time of the analysis in "provenance" (`evtxdiag diagnose --stamp`).
[[nodiscard]] std::string diagnoses_to_json(const std::vector<Diagnosis>& machines, int indent,
                                            const std::optional<Timestamp>& analysed_at);

/// One entry of Diagnosis::timeline as a one-line JSON object (what `evtxdiag timeline
/// --format jsonl` prints per line, no newline): the evidence keys of the diagnosis JSON (file,
/// record_id, provider, event_id, time_utc, time_local, summary, message, message_source), then
/// channel, computer, level, job (null when none), role and data (name -> value).
/// Invalid UTF-8 is written with U+FFFD replacements. Never throws except std::bad_alloc.
[[nodiscard]] std::string timeline_entry_to_json(const TimelineEntry& entry);

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
