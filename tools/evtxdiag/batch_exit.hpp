#pragma once
// The exit code of a run over cases, shared by `batch` and `summarize` so that a distributed
// run reduced by `summarize` exits as the same run made by `batch` would.
#include "command.hpp"
#include "evtxdiag/batch_results.hpp"

namespace evtxdiag::cli {

inline int batch_exit_code(const BatchSummary& summary) {
  if (summary.fail_on_matched()) return exit_findings;
  return summary.all_ok() ? exit_ok : exit_partial;
}

}  // namespace evtxdiag::cli
