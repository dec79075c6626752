#pragma once
// Rendering a Diagnosis (the library's model) for people and programs: text, JSON, and the
// merged timeline as text, JSON Lines or CSV. Pure functions of the model: no reading, no
// analysis, no clock, so every output is reproducible (goldens) and other renderers (HTML)
// sit beside these on the same model. JSON schema: docs/diagnosis-json.md.
#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>

#include "evtxdiag/diagnose.hpp"

namespace evtxdiag::cli {

/// The report for people: machine and zone, inputs, a table of jobs (local time with UTC
/// beside), the findings of each job with remedies and evidence, then the red herrings and why.
void write_diagnosis_text(std::ostream& out, const Diagnosis& diagnosis);

/// The documented JSON document ("schema": "evtxdiag.diagnosis/1") as a JSON value, for commands
/// that embed it (batch); the text comes from evtxdiag::diagnosis_to_json() (diagnosis_json.hpp).
nlohmann::ordered_json diagnosis_json(const Diagnosis& diagnosis);

/// One evidence record as JSON: file, record_id, provider, event_id, time_utc, time_local, summary.
nlohmann::ordered_json evidence_json(const EvidenceRef& ref);

enum class TimelineFormat { text, jsonl, csv };
/// Parses "text" / "jsonl" / "csv".
bool parse_timeline_format(const std::string& text, TimelineFormat& format);

/// The merged timeline, one event per line (CSV with a header row).
void write_timeline(std::ostream& out, const Diagnosis& diagnosis, TimelineFormat format);

}  // namespace evtxdiag::cli
