#pragma once
// Small text helpers shared by the report renderers.
#include <cstddef>
#include <string>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/knowledge.hpp"
#include "report/words.hpp"

namespace evtxdiag::report {

/// Columns `text` takes in a monospace terminal: East Asian wide characters count 2,
/// combining marks 0, everything else 1 (UTF-8; invalid bytes count 1 each).
std::size_t display_width(const std::string& text);

/// `text` padded with spaces to `width` columns; one space added when it is already as wide.
std::string pad(const std::string& text, std::size_t width);

/// An input's counts in one phrase: "19 relevant of 80 live records, 0 undecodable, 2 recovered
/// from slack space, 0 duplicates" (and the deleted records that could not be recovered).
std::string input_counts_text(const InputSummary& input, const Words& words);

/// The machine as the header names it: its current name, then earlier names it logged under
/// ("CITADEL-DC01 (earlier name: WIN-E0PO207ERMD.C137.local)"); spellings that differ only by
/// case or DNS suffix are the same name.
std::string machine_text(const Diagnosis& d, Language language);

/// "no System log: the time zone cannot be inferred ..." in the report language.
std::string missing_log_text(const MissingLog& log, const Words& words);

/// "0.70".
std::string confidence_text(double confidence);

/// `text` cut to `width` terminal columns with "…" when longer (0: never cut).
std::string cut_to_width(const std::string& text, std::size_t width);

}  // namespace evtxdiag::report
