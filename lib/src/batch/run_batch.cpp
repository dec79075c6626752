// run_batch(): every case in a process of its own (platform/isolated_runs), N at a time,
// results decoded in the parent and delivered in case order. Since archives are read in memory,
// a case cut off leaves no temporary file behind.
#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "batch/run_case.hpp"
#include "evtxdiag/error.hpp"
#include "platform/isolated_runs.hpp"

namespace evtxdiag {

void run_batch(const std::vector<CaseInfo>& cases, const BatchOptions& given, const CaseRenderer& render,
               const std::function<void(const CaseResult&)>& on_result,
               const std::function<void(const BatchProgress&)>& on_progress) {
  const unsigned width = given.jobs ? given.jobs : std::max(1u, std::thread::hardware_concurrency());
  // Cases running side by side already use the cores: each reads with one thread unless told.
  BatchOptions options = given;
  if (width > 1 && options.diagnose.threads == 0) options.diagnose.threads = 1;
  // Bad options fail once, here, before any case; this also builds the shared knowledge base
  // in the parent so that every child process inherits it instead of building its own.
  (void)diagnose_events({}, options.diagnose);
  std::vector<std::optional<CaseResult>> results(cases.size());
  std::size_t next_emit = 0;
  BatchProgress progress;
  progress.total = cases.size();
  const auto batch_started = std::chrono::steady_clock::now();
  platform::run_isolated(
      cases.size(), width, options.case_timeout_seconds,
      [&](std::size_t i) { return batch::encode_result(batch::run_case(cases[i], options, render)); },
      [&](std::size_t i, platform::IsolatedOutcome&& outcome) {
        CaseResult result;
        if (outcome.timed_out) {
          result.status = CaseStatus::timeout;
          result.error = "cut off after " + std::to_string(static_cast<long long>(options.case_timeout_seconds)) +
                         " s (--case-timeout)";
        } else if (!outcome.message || !batch::decode_result(*outcome.message, result)) {
          result.status = CaseStatus::crashed;
          result.error = outcome.failure.empty()
                             ? "the case's process ended without a result"
                             : "the case's " + outcome.failure.substr(outcome.failure.find("process"));
        }
        result.index = i;
        result.info = cases[i];
        if (result.status == CaseStatus::timeout || result.status == CaseStatus::crashed)
          result.elapsed_seconds = outcome.elapsed_seconds;
        progress.input_bytes += result.tally.input_bytes;
        ++progress.done;
        results[i] = std::move(result);
        progress.elapsed_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - batch_started).count();
        if (on_progress) on_progress(progress);
        for (; next_emit < results.size() && results[next_emit]; ++next_emit) {
          on_result(*results[next_emit]);
          results[next_emit].reset();
        }
      });
}

}  // namespace evtxdiag
