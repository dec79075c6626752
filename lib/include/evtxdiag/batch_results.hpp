#pragma once
// The results of a batch run as text: the JSON line of each case (what `evtxdiag batch` prints
// and what distributed workers return), reading such lines back, and the summary of a run. One
// implementation, so that `evtxdiag batch` and `evtxdiag summarize` (the reducer of a
// distributed run, contrib/celery/) end the same way on the same cases.
//
//   evtxdiag::BatchSummary summary("cause");                // --fail-on cause
//   for (const std::string& line : lines) summary.add(evtxdiag::parse_case_line(line));
//   std::cout << summary.text(nullptr);                       // no "time:" line
//   return summary.fail_on_matched() ? 3 : summary.all_ok() ? 0 : 1;
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "evtxdiag/batch.hpp"
#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// The JSON line of one case, without the trailing newline. Keys in this order: case, kind,
/// status, error, files, undecodable_files, jobs, failed_jobs, input_bytes,
/// failed_jobs_by_cause, findings_by_verdict, diagnosis (`result.payload` spliced in as is, or
/// null when empty), then elapsed_ms when `timings` (the only non-deterministic key, last so
/// that tools can drop it). Invalid UTF-8 in names and errors is replaced, never thrown.
[[nodiscard]] std::string case_line(const CaseResult& result, bool timings);

/// Reads a line written by case_line() back: info.path and info.kind, status, error, tally,
/// elapsed_seconds (0 without elapsed_ms) and payload (the diagnosis text, re-serialised
/// compactly; empty for null). `index` and `info.files` stay empty. Throws
/// Error(invalid_input) naming the first key that is missing or of the wrong type.
[[nodiscard]] CaseResult parse_case_line(std::string_view line);

/// "ok" -> CaseStatus::ok, ...: the inverse of to_string(CaseStatus). False for other text.
[[nodiscard]] bool parse_case_status(std::string_view text, CaseStatus& status);

/// Totals of a run, fed case by case in case order, and the summary printed at its end.
class BatchSummary {
 public:
  /// `fail_on`: a verdict ("cause", "contributing", "red-herring", "context") that makes
  /// fail_on_matched() true when some case has a finding with it; empty for none.
  explicit BatchSummary(std::string fail_on = {});

  void add(const CaseResult& result);

  std::size_t cases() const noexcept { return cases_; }
  /// Every case added has status ok.
  bool all_ok() const noexcept;
  bool fail_on_matched() const noexcept { return fail_on_matched_; }

  /// The summary text (lines ending in '\n'): cases by status, [time,] logs, jobs, failed jobs
  /// by cause, red herrings, cases with problems. The "time:" line (wall-clock seconds,
  /// cases/s, MB/s over the uncompressed bytes of the cases) only when `run` is given.
  std::string text(const BatchProgress* run) const;

 private:
  std::string fail_on_;
  std::size_t cases_ = 0;
  std::map<CaseStatus, std::size_t> by_status_;
  CaseTally tally_;
  std::vector<std::string> problems_;  ///< "path: status: error" of the cases not ok, in order
  bool fail_on_matched_ = false;
};

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
