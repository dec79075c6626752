// run_isolated without processes (the browser): one run after another in this process. A run
// that throws is reported as failed; a hang cannot be cut off.
#include <chrono>
#include <exception>

#include "platform/isolated_runs.hpp"

namespace evtxdiag::platform {

bool runs_are_isolated() noexcept { return false; }

void run_isolated(std::size_t count, unsigned /*width*/, double /*timeout_seconds*/,
                  const std::function<std::string(std::size_t)>& work,
                  const std::function<void(std::size_t, IsolatedOutcome&&)>& on_done) {
  for (std::size_t i = 0; i < count; ++i) {
    const auto started = std::chrono::steady_clock::now();
    IsolatedOutcome outcome;
    try {
      outcome.message = work(i);
    } catch (const std::exception& e) {
      outcome.failure = std::string("the run failed: ") + e.what();
    } catch (...) {
      outcome.failure = "the run failed";
    }
    outcome.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    on_done(i, std::move(outcome));
  }
}

}  // namespace evtxdiag::platform
