// run_batch(): one child process per case, N at a time, results over pipes, delivered in order.
//
// The parent is a single-threaded poll() loop, so fork() is safe (no other thread can hold a
// lock the child would inherit). A child diagnoses its case, writes one message and _exit()s
// without running atexit handlers or flushing the parent's inherited stdio buffers. A case
// past its deadline gets SIGKILL: nothing it holds can leak into the parent, and since
// archives are read in memory there is no temporary file to clean up after it.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <thread>

#include "batch/run_case.hpp"
#include "evtxdiag/error.hpp"

namespace evtxdiag {
namespace {

using Clock = std::chrono::steady_clock;

struct Child {
  std::size_t index = 0;
  pid_t pid = -1;
  int fd = -1;
  std::string wire;
  Clock::time_point started;
  bool finished = false;   ///< EOF seen, or cut off
  bool timed_out = false;
};

void write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void child_main(int fd, const CaseInfo& info, const BatchOptions& options, const CaseRenderer& render) {
  int code = 0;
  try {
    write_all(fd, batch::encode_result(batch::run_case(info, options, render)));
  } catch (...) {
    code = 70;  // out of memory while encoding: the parent reports the case as crashed
  }
  ::close(fd);
  ::_exit(code);
}

std::optional<Child> spawn(std::size_t index, const std::vector<CaseInfo>& cases, const BatchOptions& options,
                           const CaseRenderer& render, const std::vector<Child>& running) {
  int fds[2];
  if (::pipe(fds) != 0) return std::nullopt;
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return std::nullopt;
  }
  if (pid == 0) {
    ::close(fds[0]);
    for (const auto& other : running) ::close(other.fd);
    ::signal(SIGPIPE, SIG_DFL);
    child_main(fds[1], cases[index], options, render);
  }
  ::close(fds[1]);
  ::fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  Child child;
  child.index = index;
  child.pid = pid;
  child.fd = fds[0];
  child.started = Clock::now();
  return child;
}

std::string describe_exit(int wait_status) {
  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    const char* name = ::strsignal(sig);
    return "the case's process was killed by signal " + std::to_string(sig) + (name ? std::string(" (") + name + ")" : "");
  }
  if (WIFEXITED(wait_status))
    return "the case's process exited with status " + std::to_string(WEXITSTATUS(wait_status)) + " without a result";
  return "the case's process ended without a result";
}

CaseResult collect(Child& child, const std::vector<CaseInfo>& cases, const BatchOptions& options) {
  ::close(child.fd);
  int wait_status = 0;
  while (::waitpid(child.pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  CaseResult result;
  result.index = child.index;
  result.info = cases[child.index];
  const double elapsed = std::chrono::duration<double>(Clock::now() - child.started).count();
  if (child.timed_out) {
    result.status = CaseStatus::timeout;
    result.error = "cut off after " + std::to_string(static_cast<long long>(options.case_timeout_seconds)) +
                   " s (--case-timeout)";
  } else if (!batch::decode_result(child.wire, result)) {
    result.status = CaseStatus::crashed;
    result.error = describe_exit(wait_status);
  }
  result.index = child.index;
  result.info = cases[child.index];
  if (result.status == CaseStatus::timeout || result.status == CaseStatus::crashed) result.elapsed_seconds = elapsed;
  return result;
}

int poll_timeout_ms(const std::vector<Child>& running, const BatchOptions& options) {
  if (options.case_timeout_seconds <= 0) return -1;
  const auto limit = std::chrono::duration<double>(options.case_timeout_seconds);
  double soonest = 1e9;
  for (const auto& child : running) {
    const double left = (limit - (Clock::now() - child.started)).count();
    soonest = std::min(soonest, left);
  }
  return static_cast<int>(std::clamp(soonest * 1000.0 + 1.0, 0.0, 60000.0));
}

// Reads what is available from every readable pipe; marks EOFs and deadlines.
void pump(std::vector<Child>& running, const BatchOptions& options) {
  std::vector<pollfd> fds;
  for (const auto& child : running) fds.push_back(pollfd{child.fd, POLLIN, 0});
  const int ready = ::poll(fds.data(), fds.size(), poll_timeout_ms(running, options));
  if (ready < 0 && errno != EINTR) throw Error(ErrorKind::io, std::string("poll: ") + std::strerror(errno));
  char buffer[64 * 1024];
  for (std::size_t i = 0; i < running.size() && ready > 0; ++i) {
    if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    const ssize_t n = ::read(running[i].fd, buffer, sizeof buffer);
    if (n > 0) running[i].wire.append(buffer, static_cast<std::size_t>(n));
    else if (n == 0 || (errno != EINTR && errno != EAGAIN)) running[i].finished = true;
  }
  if (options.case_timeout_seconds <= 0) return;
  const auto limit = std::chrono::duration<double>(options.case_timeout_seconds);
  for (auto& child : running)
    if (!child.finished && Clock::now() - child.started >= limit) {
      ::kill(child.pid, SIGKILL);
      child.finished = child.timed_out = true;
    }
}

}  // namespace

void run_batch(const std::vector<CaseInfo>& cases, const BatchOptions& given, const CaseRenderer& render,
               const std::function<void(const CaseResult&)>& on_result,
               const std::function<void(const BatchProgress&)>& on_progress) {
  const unsigned width = given.jobs ? given.jobs : std::max(1u, std::thread::hardware_concurrency());
  // Cases running side by side already use the cores: each reads with one thread unless told.
  BatchOptions options = given;
  if (width > 1 && options.diagnose.threads == 0) options.diagnose.threads = 1;
  // Bad options fail once, here, before any child; this also builds the shared knowledge base
  // in the parent so that every child inherits it instead of building its own.
  (void)diagnose_events({}, options.diagnose);
  std::vector<std::optional<CaseResult>> results(cases.size());
  std::vector<Child> running;
  std::size_t next_start = 0, next_emit = 0;
  BatchProgress progress;
  progress.total = cases.size();
  const auto batch_started = Clock::now();
  while (progress.done < cases.size()) {
    while (running.size() < width && next_start < cases.size()) {
      auto child = spawn(next_start, cases, options, render, running);
      if (!child) {
        if (running.empty()) throw Error(ErrorKind::io, std::string("cannot start a case process: ") + std::strerror(errno));
        break;  // out of processes for now: retry when one finishes
      }
      running.push_back(std::move(*child));
      ++next_start;
    }
    pump(running, options);
    for (auto it = running.begin(); it != running.end();) {
      if (!it->finished) {
        ++it;
        continue;
      }
      CaseResult result = collect(*it, cases, options);
      progress.input_bytes += result.tally.input_bytes;
      ++progress.done;
      results[result.index] = std::move(result);
      it = running.erase(it);
      progress.elapsed_seconds = std::chrono::duration<double>(Clock::now() - batch_started).count();
      if (on_progress) on_progress(progress);
    }
    for (; next_emit < results.size() && results[next_emit]; ++next_emit) {
      on_result(*results[next_emit]);
      results[next_emit].reset();
    }
  }
}

}  // namespace evtxdiag
