// run_isolated on POSIX: one forked child per run, results over pipes.
//
// The parent is a single-threaded poll() loop, so fork() is safe (no other thread can hold a
// lock the child would inherit). A child does its work, writes one message and _exit()s
// without running atexit handlers or flushing the parent's inherited stdio buffers. A run past
// its deadline gets SIGKILL: nothing it holds can leak into the parent.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "evtxdiag/error.hpp"
#include "platform/isolated_runs.hpp"

namespace evtxdiag::platform {
namespace {

using Clock = std::chrono::steady_clock;

struct Child {
  std::size_t index = 0;
  pid_t pid = -1;
  int fd = -1;
  std::string wire;
  Clock::time_point started;
  bool finished = false;  ///< EOF seen, or cut off
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

[[noreturn]] void child_main(int fd, std::size_t index, const std::function<std::string(std::size_t)>& work) {
  int code = 0;
  try {
    write_all(fd, work(index));
  } catch (...) {
    code = 70;  // e.g. out of memory: the parent reports the run as failed, with this status
  }
  ::close(fd);
  ::_exit(code);
}

bool spawn(std::size_t index, const std::function<std::string(std::size_t)>& work, std::vector<Child>& running) {
  int fds[2];
  if (::pipe(fds) != 0) return false;
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return false;
  }
  if (pid == 0) {
    ::close(fds[0]);
    for (const auto& other : running) ::close(other.fd);
    ::signal(SIGPIPE, SIG_DFL);
    child_main(fds[1], index, work);
  }
  ::close(fds[1]);
  ::fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  Child child;
  child.index = index;
  child.pid = pid;
  child.fd = fds[0];
  child.started = Clock::now();
  running.push_back(std::move(child));
  return true;
}

std::string describe_exit(int wait_status) {
  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    const char* name = ::strsignal(sig);
    return "the process was killed by signal " + std::to_string(sig) + (name ? std::string(" (") + name + ")" : "");
  }
  if (WIFEXITED(wait_status))
    return "the process exited with status " + std::to_string(WEXITSTATUS(wait_status)) + " without a result";
  return "the process ended without a result";
}

IsolatedOutcome collect(Child& child) {
  ::close(child.fd);
  int wait_status = 0;
  while (::waitpid(child.pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  IsolatedOutcome outcome;
  outcome.elapsed_seconds = std::chrono::duration<double>(Clock::now() - child.started).count();
  outcome.timed_out = child.timed_out;
  const bool clean = WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
  if (!child.timed_out && clean)
    outcome.message = std::move(child.wire);
  else if (!child.timed_out)
    outcome.failure = describe_exit(wait_status);
  return outcome;
}

int poll_timeout_ms(const std::vector<Child>& running, double timeout_seconds) {
  if (timeout_seconds <= 0) return -1;
  const auto limit = std::chrono::duration<double>(timeout_seconds);
  double soonest = 1e9;
  for (const auto& child : running) soonest = std::min(soonest, (limit - (Clock::now() - child.started)).count());
  return static_cast<int>(std::clamp(soonest * 1000.0 + 1.0, 0.0, 60000.0));
}

// Reads what is available from every readable pipe; marks EOFs and deadlines.
void pump(std::vector<Child>& running, double timeout_seconds) {
  std::vector<pollfd> fds;
  for (const auto& child : running) fds.push_back(pollfd{child.fd, POLLIN, 0});
  const int ready = ::poll(fds.data(), fds.size(), poll_timeout_ms(running, timeout_seconds));
  if (ready < 0 && errno != EINTR) throw Error(ErrorKind::io, std::string("poll: ") + std::strerror(errno));
  char buffer[64 * 1024];
  for (std::size_t i = 0; i < running.size() && ready > 0; ++i) {
    if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    const ssize_t n = ::read(running[i].fd, buffer, sizeof buffer);
    if (n > 0)
      running[i].wire.append(buffer, static_cast<std::size_t>(n));
    else if (n == 0 || (errno != EINTR && errno != EAGAIN))
      running[i].finished = true;
  }
  if (timeout_seconds <= 0) return;
  const auto limit = std::chrono::duration<double>(timeout_seconds);
  for (auto& child : running)
    if (!child.finished && Clock::now() - child.started >= limit) {
      ::kill(child.pid, SIGKILL);
      child.finished = child.timed_out = true;
    }
}

}  // namespace

bool runs_are_isolated() noexcept { return true; }

void run_isolated(std::size_t count, unsigned width, double timeout_seconds,
                  const std::function<std::string(std::size_t)>& work,
                  const std::function<void(std::size_t, IsolatedOutcome&&)>& on_done) {
  std::vector<Child> running;
  std::size_t next = 0, done = 0;
  while (done < count) {
    while (running.size() < std::max(1u, width) && next < count) {
      if (!spawn(next, work, running)) {
        if (running.empty()) throw Error(ErrorKind::io, std::string("cannot start a process: ") + std::strerror(errno));
        break;  // out of processes for now: retry when one finishes
      }
      ++next;
    }
    pump(running, timeout_seconds);
    for (auto it = running.begin(); it != running.end();) {
      if (!it->finished) {
        ++it;
        continue;
      }
      const std::size_t index = it->index;
      IsolatedOutcome outcome = collect(*it);
      it = running.erase(it);
      ++done;
      on_done(index, std::move(outcome));
    }
  }
}

}  // namespace evtxdiag::platform
