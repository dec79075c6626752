// run_isolated on Windows: one process per run (CreateProcessW), each in a job object, results
// over anonymous pipes.
//
// Windows has no fork(): a run's process is a new start of this same program (its own .exe,
// the same command line, working folder and environment) with EVTXDIAG_ISOLATED_RUN set to
// "<index> <count> <pipe handle>". The program gets back to run_isolated the way the parent did
// (same arguments: same cases), and there runs work(index) only, writes the result to the
// inherited pipe and ends without unwinding its stack (like _exit after fork). Its standard
// streams are the null device, so nothing it prints on the way reaches the user twice.
//
// Each process starts suspended and is put in a job object of its own before it runs:
// TerminateJobObject cuts off a run past its deadline together with anything it started, and
// JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE ends the runs when this process dies. A thread per run
// drains its pipe (a child blocked on a full pipe would never end); the calling thread waits
// for the processes (WaitForMultipleObjects) and the deadlines.
#include <windows.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cwchar>
#include <list>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "evtxdiag/error.hpp"
#include "platform/isolated_runs.hpp"
#include "platform/windows_support.hpp"

namespace evtxdiag::platform {
namespace {

using Clock = std::chrono::steady_clock;
constexpr wchar_t kRunVariable[] = L"EVTXDIAG_ISOLATED_RUN";
constexpr UINT kExitWorkFailed = 70;     ///< work() threw (e.g. out of memory)
constexpr UINT kExitNotTheSameRun = 71;  ///< the new start did not reach the same run_isolated

struct RunRequest {
  std::size_t index = 0;
  std::size_t count = 0;
  HANDLE pipe = nullptr;
};

// The request this process was started for, if it is a run's process. The variable is removed
// at once: runs the work itself isolates are ordinary again.
std::optional<RunRequest> run_request() {
  wchar_t text[96];
  const DWORD length = ::GetEnvironmentVariableW(kRunVariable, text, static_cast<DWORD>(std::size(text)));
  if (length == 0 || length >= std::size(text)) return std::nullopt;
  ::SetEnvironmentVariableW(kRunVariable, nullptr);
  unsigned long long index = 0, count = 0, pipe = 0;
  if (std::swscanf(text, L"%llu %llu %llu", &index, &count, &pipe) != 3) return std::nullopt;
  return RunRequest{static_cast<std::size_t>(index), static_cast<std::size_t>(count),
                    reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(pipe))};
}

void write_all(HANDLE pipe, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    DWORD written = 0;
    const DWORD want = static_cast<DWORD>(std::min<std::size_t>(data.size() - done, 1u << 20));
    if (!::WriteFile(pipe, data.data() + done, want, &written, nullptr) || written == 0) return;
    done += written;
  }
}

[[noreturn]] void serve_request(const RunRequest& request, std::size_t count,
                                const std::function<std::string(std::size_t)>& work) {
  UINT code = 0;
  if (request.count != count || request.index >= count) {
    code = kExitNotTheSameRun;
  } else {
    try {
      write_all(request.pipe, work(request.index));
    } catch (...) {
      code = kExitWorkFailed;
    }
  }
  ::CloseHandle(request.pipe);
  windows::discard_unfinished_atomic_files();
  // Like _exit(): no atexit handlers, no destructors of the objects the program made on its way
  // here (the parent's, in a fork), no flushing of streams that lead nowhere.
  ::TerminateProcess(::GetCurrentProcess(), code);
  ::ExitProcess(code);  // not reached
}

struct Run {
  std::size_t index = 0;
  HANDLE process = nullptr;
  HANDLE job = nullptr;   ///< nullptr when the process could not be put in a job of its own
  HANDLE pipe = nullptr;  ///< read end
  std::string wire;
  std::thread reader;
  Clock::time_point started;
  bool timed_out = false;

  ~Run() {
    if (reader.joinable()) reader.join();
    if (pipe) ::CloseHandle(pipe);
    if (job) ::CloseHandle(job);  // KILL_ON_JOB_CLOSE: nothing of the run outlives it
    if (process) ::CloseHandle(process);
  }
};

std::wstring program_path() {
  std::wstring path(MAX_PATH, L'\0');
  for (;;) {
    const DWORD length = ::GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
    if (length == 0) return {};
    if (length < path.size()) {
      path.resize(length);
      return path;
    }
    path.resize(path.size() * 2);
  }
}

HANDLE new_job() {
  HANDLE job = ::CreateJobObjectW(nullptr, nullptr);
  if (!job) return nullptr;
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
  limits.BasicLimitInformation.LimitFlags =
      JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;
  if (!::SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits)) {
    ::CloseHandle(job);
    return nullptr;
  }
  return job;
}

// The handles a run's process inherits: exactly its pipe's write end and the null device.
class InheritedHandles {
 public:
  explicit InheritedHandles(std::vector<HANDLE> handles) : handles_(std::move(handles)) {
    SIZE_T size = 0;
    ::InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
    storage_.resize(size);
    auto* list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(storage_.data());
    if (size && ::InitializeProcThreadAttributeList(list, 1, 0, &size)) {
      if (::UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles_.data(),
                                      handles_.size() * sizeof(HANDLE), nullptr, nullptr))
        list_ = list;
      else
        ::DeleteProcThreadAttributeList(list);
    }
  }
  ~InheritedHandles() {
    if (list_) ::DeleteProcThreadAttributeList(list_);
  }
  InheritedHandles(const InheritedHandles&) = delete;
  InheritedHandles& operator=(const InheritedHandles&) = delete;
  /// nullptr when the system cannot restrict inheritance (then every inheritable handle is
  /// inherited; this process makes none but the run's own).
  LPPROC_THREAD_ATTRIBUTE_LIST list() const { return list_; }

 private:
  std::vector<HANDLE> handles_;
  std::vector<unsigned char> storage_;
  LPPROC_THREAD_ATTRIBUTE_LIST list_ = nullptr;
};

class Launcher {
 public:
  Launcher(std::size_t count) : count_(count), program_(program_path()), command_line_(::GetCommandLineW()) {
    SECURITY_ATTRIBUTES inheritable{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
    null_device_ = ::CreateFileW(L"NUL", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &inheritable,
                                 OPEN_EXISTING, 0, nullptr);
  }
  ~Launcher() {
    if (null_device_ != INVALID_HANDLE_VALUE) ::CloseHandle(null_device_);
  }
  Launcher(const Launcher&) = delete;
  Launcher& operator=(const Launcher&) = delete;

  /// Starts the run of `index`; nullptr with `error` set when it cannot.
  std::unique_ptr<Run> start(std::size_t index, std::string& error) {
    if (program_.empty() || null_device_ == INVALID_HANDLE_VALUE) {
      error = windows::error_message(::GetLastError());
      return nullptr;
    }
    SECURITY_ATTRIBUTES attributes{sizeof(SECURITY_ATTRIBUTES), nullptr, FALSE};
    HANDLE read_end = nullptr, write_end = nullptr;
    if (!::CreatePipe(&read_end, &write_end, &attributes, 0)) {
      error = windows::error_message(::GetLastError());
      return nullptr;
    }
    ::SetHandleInformation(write_end, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    const std::wstring request = std::to_wstring(index) + L" " + std::to_wstring(count_) + L" " +
                                 std::to_wstring(reinterpret_cast<std::uintptr_t>(write_end));
    ::SetEnvironmentVariableW(kRunVariable, request.c_str());

    InheritedHandles inherited({write_end, null_device_});
    STARTUPINFOEXW startup{};
    startup.StartupInfo.cb = sizeof startup;
    startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    startup.StartupInfo.hStdInput = null_device_;
    startup.StartupInfo.hStdOutput = null_device_;
    startup.StartupInfo.hStdError = null_device_;
    startup.lpAttributeList = inherited.list();
    DWORD flags = CREATE_SUSPENDED | CREATE_UNICODE_ENVIRONMENT;
    if (inherited.list())
      flags |= EXTENDED_STARTUPINFO_PRESENT;
    else
      startup.StartupInfo.cb = sizeof(STARTUPINFOW);
    std::vector<wchar_t> command(command_line_.begin(), command_line_.end());
    command.push_back(L'\0');
    PROCESS_INFORMATION process{};
    const BOOL started = ::CreateProcessW(program_.c_str(), command.data(), nullptr, nullptr, TRUE, flags, nullptr,
                                          nullptr, &startup.StartupInfo, &process);
    const DWORD start_error = ::GetLastError();
    ::SetEnvironmentVariableW(kRunVariable, nullptr);
    ::CloseHandle(write_end);  // the child's copy is the only one left: EOF when it ends
    if (!started) {
      ::CloseHandle(read_end);
      error = windows::error_message(start_error);
      return nullptr;
    }
    auto run = std::make_unique<Run>();
    run->index = index;
    run->process = process.hProcess;
    run->pipe = read_end;
    run->job = new_job();
    // Nested jobs need Windows 8; on older systems inside another job this fails, and a run
    // past its deadline is then ended with TerminateProcess alone.
    if (run->job && !::AssignProcessToJobObject(run->job, process.hProcess)) {
      ::CloseHandle(run->job);
      run->job = nullptr;
    }
    ::ResumeThread(process.hThread);
    ::CloseHandle(process.hThread);
    run->started = Clock::now();
    Run* raw = run.get();
    run->reader = std::thread([raw] {
      char buffer[64 * 1024];
      DWORD got = 0;
      while (::ReadFile(raw->pipe, buffer, sizeof buffer, &got, nullptr) && got > 0) raw->wire.append(buffer, got);
    });
    return run;
  }

 private:
  std::size_t count_;
  std::wstring program_;
  std::wstring command_line_;
  HANDLE null_device_ = INVALID_HANDLE_VALUE;
};

void cut_off(Run& run) {
  run.timed_out = true;
  if (!run.job || !::TerminateJobObject(run.job, 1)) ::TerminateProcess(run.process, 1);
}

std::string describe_exit(DWORD code) {
  char text[160];
  if (code >= 0xC0000000u) {  // an NTSTATUS: the process died of an exception
    const char* name = code == 0xC0000005u   ? " (access violation)"
                       : code == 0xC00000FDu ? " (stack overflow)"
                       : code == 0xC0000409u ? " (stack buffer overrun)"
                       : code == 0xC0000017u ? " (out of memory)"
                                             : "";
    std::snprintf(text, sizeof text, "the process was ended by exception 0x%08lX%s", static_cast<unsigned long>(code),
                  name);
  } else if (code == kExitNotTheSameRun) {
    std::snprintf(text, sizeof text,
                  "the process did not reach the same run (started again, the program took another path)");
  } else {
    std::snprintf(text, sizeof text, "the process exited with status %lu without a result",
                  static_cast<unsigned long>(code));
  }
  return text;
}

IsolatedOutcome collect(Run& run) {
  ::WaitForSingleObject(run.process, INFINITE);
  if (run.reader.joinable()) run.reader.join();
  DWORD code = 0;
  ::GetExitCodeProcess(run.process, &code);
  IsolatedOutcome outcome;
  outcome.elapsed_seconds = std::chrono::duration<double>(Clock::now() - run.started).count();
  outcome.timed_out = run.timed_out;
  if (!run.timed_out && code == 0)
    outcome.message = std::move(run.wire);
  else if (!run.timed_out)
    outcome.failure = describe_exit(code);
  return outcome;
}

// True when an ended run's process lived longer than `seconds` (its creation and exit times):
// whether a run overran its limit must not depend on when this thread got round to looking.
bool lived_longer_than(const Run& run, double seconds) {
  FILETIME created{}, exited{}, kernel{}, user{};
  if (!::GetProcessTimes(run.process, &created, &exited, &kernel, &user)) return false;
  const auto ticks = [](const FILETIME& t) {
    return (static_cast<std::uint64_t>(t.dwHighDateTime) << 32) | t.dwLowDateTime;
  };
  const std::uint64_t start = ticks(created), end = ticks(exited);
  return end > start && static_cast<double>(end - start) / 1e7 > seconds;  // 100 ns ticks
}

DWORD wait_milliseconds(const std::list<std::unique_ptr<Run>>& running, double timeout_seconds) {
  if (timeout_seconds <= 0) return INFINITE;
  const auto limit = std::chrono::duration<double>(timeout_seconds);
  double soonest = 1e9;
  for (const auto& run : running)
    if (!run->timed_out) soonest = std::min(soonest, (limit - (Clock::now() - run->started)).count());
  return static_cast<DWORD>(std::clamp(soonest * 1000.0 + 1.0, 0.0, 60000.0));
}

}  // namespace

bool runs_are_isolated() noexcept { return true; }

void run_isolated(std::size_t count, unsigned width, double timeout_seconds,
                  const std::function<std::string(std::size_t)>& work,
                  const std::function<void(std::size_t, IsolatedOutcome&&)>& on_done) {
  if (const auto request = run_request()) serve_request(*request, count, work);

  // WaitForMultipleObjects watches at most MAXIMUM_WAIT_OBJECTS handles.
  const std::size_t most = std::clamp<std::size_t>(width, 1, MAXIMUM_WAIT_OBJECTS);
  Launcher launcher(count);
  std::list<std::unique_ptr<Run>> running;
  std::size_t next = 0, done = 0;
  while (done < count) {
    while (running.size() < most && next < count) {
      std::string why;
      auto run = launcher.start(next, why);
      if (!run) {
        if (running.empty()) throw Error(ErrorKind::io, "cannot start a process: " + why);
        break;  // out of processes for now: retry when one finishes
      }
      running.push_back(std::move(run));
      ++next;
    }
    std::vector<HANDLE> processes;
    for (const auto& run : running) processes.push_back(run->process);
    const DWORD waited = ::WaitForMultipleObjects(static_cast<DWORD>(processes.size()), processes.data(), FALSE,
                                                  wait_milliseconds(running, timeout_seconds));
    if (waited == WAIT_FAILED)
      throw Error(ErrorKind::io, "waiting for runs: " + windows::error_message(::GetLastError()));
    if (timeout_seconds > 0) {
      const auto limit = std::chrono::duration<double>(timeout_seconds);
      for (auto& run : running) {
        if (run->timed_out || Clock::now() - run->started < limit) continue;
        if (::WaitForSingleObject(run->process, 0) != WAIT_OBJECT_0)
          cut_off(*run);
        else if (lived_longer_than(*run, timeout_seconds))
          run->timed_out = true;  // it overran, and ended while this thread was starting another run
      }
    }
    for (auto it = running.begin(); it != running.end();) {
      if (::WaitForSingleObject((*it)->process, 0) != WAIT_OBJECT_0) {
        ++it;
        continue;
      }
      const std::size_t index = (*it)->index;
      IsolatedOutcome outcome = collect(**it);
      it = running.erase(it);
      ++done;
      on_done(index, std::move(outcome));
    }
  }
}

}  // namespace evtxdiag::platform
