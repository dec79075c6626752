#pragma once
// Running pieces of work each in a process of its own, N at a time: a case that hangs or
// crashes (a hostile file hitting a decoder bug) can be cut off and reported, which a thread
// cannot. isolated_runs_posix.cpp (fork, pipes, poll, SIGKILL); isolated_runs_windows.cpp
// (CreateProcess of the program itself, job objects, pipes); isolated_runs_portable.cpp (no
// processes, e.g. the browser: one after another in this process, no isolation, no timeout).
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace evtxdiag::platform {

/// How one run ended.
struct IsolatedOutcome {
  std::optional<std::string> message;  ///< what the work returned; nullopt when it did not finish
  bool timed_out = false;              ///< cut off after the timeout
  std::string failure;                 ///< without a message: why ("killed by signal 11 (...)")
  double elapsed_seconds = 0;
};

/// Runs work(i) for every i in [0, count), `width` at a time; a run longer than
/// `timeout_seconds` (0 = no limit) is killed. on_done(i, outcome) is called on the calling
/// thread as runs finish (in any order). `work` runs in a child process: it must not rely on
/// other threads of the caller. Throws Error(io) when no process can be started at all.
///
/// On Windows (no fork) the child is a new start of the program with the same command line,
/// working folder and environment: it must arrive at its first run_isolated call with the same
/// `count` and the same work, which holds when what leads there depends only on those (the CLI's
/// batch: the arguments name the cases). There the child runs work(i) and ends; what it printed
/// on the way went to the null device, and the temporary files of outputs it opened are removed.
void run_isolated(std::size_t count, unsigned width, double timeout_seconds,
                  const std::function<std::string(std::size_t)>& work,
                  const std::function<void(std::size_t, IsolatedOutcome&&)>& on_done);

/// True when runs are really isolated (separate processes, timeouts enforced).
bool runs_are_isolated() noexcept;

}  // namespace evtxdiag::platform
