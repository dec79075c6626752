// AtomicFile on Windows: a new temporary file beside the target (CreateFileW, CREATE_NEW, wide
// path), WriteFile, FlushFileBuffers, then MoveFileExW over the target
// (MOVEFILE_REPLACE_EXISTING: a rename within the folder, atomic on NTFS and ReFS;
// MOVEFILE_WRITE_THROUGH: it returns once the move is on disk).
//
// Every temporary file not yet committed is listed in this process, so that a process that ends
// without unwinding its stack can remove its own (windows_support.hpp).
#include <windows.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <random>
#include <set>

#include "evtxdiag/error.hpp"
#include "platform/atomic_file.hpp"
#include "platform/windows_support.hpp"

namespace evtxdiag::platform {
namespace {

using windows::error_message;
using windows::wide_path;

std::mutex& unfinished_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::set<std::string>& unfinished() {  // temporary paths, UTF-8
  static std::set<std::string> paths;
  return paths;
}

std::string random_suffix() {
  static std::mutex mutex;
  static std::mt19937_64 generator{std::random_device{}() ^
                                   (static_cast<std::uint64_t>(::GetCurrentProcessId()) << 32) ^
                                   static_cast<std::uint64_t>(::GetTickCount64())};
  const std::lock_guard<std::mutex> lock(mutex);
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(generator()));
  return text;
}

}  // namespace

namespace windows {

void discard_unfinished_atomic_files() noexcept {
  const std::lock_guard<std::mutex> lock(unfinished_mutex());
  for (const std::string& path : unfinished()) ::DeleteFileW(wide_path(path).c_str());
  unfinished().clear();
}

}  // namespace windows

struct AtomicFile::Handle {
  HANDLE file = INVALID_HANDLE_VALUE;
};

AtomicFile::AtomicFile(std::string target) : target_(std::move(target)) {
  const std::size_t slash = target_.find_last_of("/\\");
  const std::string folder = slash == std::string::npos ? std::string() : target_.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? target_ : target_.substr(slash + 1);
  handle_ = std::make_unique<Handle>();
  for (int attempt = 0; attempt < 16; ++attempt) {  // CREATE_NEW: a name taken is tried again
    const std::string candidate = folder + "." + base + ".tmp-" + random_suffix();
    handle_->file = ::CreateFileW(wide_path(candidate).c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                                  FILE_ATTRIBUTE_NORMAL, nullptr);
    if (handle_->file != INVALID_HANDLE_VALUE) {
      temporary_ = candidate;
      const std::lock_guard<std::mutex> lock(unfinished_mutex());
      unfinished().insert(temporary_);
      return;
    }
    if (::GetLastError() != ERROR_FILE_EXISTS) break;
  }
  throw Error(ErrorKind::io,
              target_ + ": cannot create a temporary file beside it: " + error_message(::GetLastError()));
}

AtomicFile::~AtomicFile() {
  if (!committed_) discard();
}

void AtomicFile::discard() noexcept {
  if (handle_ && handle_->file != INVALID_HANDLE_VALUE) ::CloseHandle(handle_->file);
  if (handle_) handle_->file = INVALID_HANDLE_VALUE;
  if (!temporary_.empty()) {
    ::DeleteFileW(wide_path(temporary_).c_str());
    const std::lock_guard<std::mutex> lock(unfinished_mutex());
    unfinished().erase(temporary_);
  }
  temporary_.clear();
}

void AtomicFile::write(const char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const DWORD want = static_cast<DWORD>(std::min<std::size_t>(size - done, 1u << 30));
    DWORD written = 0;
    if (!::WriteFile(handle_->file, data + done, want, &written, nullptr) || written == 0) {
      const std::string why = error_message(::GetLastError());
      discard();
      throw Error(ErrorKind::io, target_ + ": cannot write: " + why);
    }
    done += written;
  }
}

void AtomicFile::commit() {
  auto fail = [this](const char* what) {
    const std::string why = error_message(::GetLastError());
    discard();
    throw Error(ErrorKind::io, target_ + ": " + what + ": " + why);
  };
  if (!::FlushFileBuffers(handle_->file)) fail("cannot flush to disk");
  HANDLE file = handle_->file;
  handle_->file = INVALID_HANDLE_VALUE;
  if (!::CloseHandle(file)) fail("cannot close");
  if (!::MoveFileExW(wide_path(temporary_).c_str(), wide_path(target_).c_str(),
                     MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
    fail("cannot rename the temporary file into place");
  {
    const std::lock_guard<std::mutex> lock(unfinished_mutex());
    unfinished().erase(temporary_);
  }
  committed_ = true;
}

}  // namespace evtxdiag::platform
