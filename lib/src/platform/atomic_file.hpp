#pragma once
// The operating-system part of writing a file atomically: a temporary file created beside the
// target (same folder, so the final rename never crosses file systems), written, flushed to
// disk, then renamed over the target. One implementation per platform (atomic_file_posix.cpp).
#include <cstddef>
#include <memory>
#include <string>

namespace evtxdiag::platform {

class AtomicFile {
 public:
  /// Creates the temporary file beside `target`. Throws Error(io) with the system's reason.
  explicit AtomicFile(std::string target);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  /// Removes the temporary file unless commit() succeeded.
  ~AtomicFile();

  /// Appends bytes. Throws Error(io) with the system's reason.
  void write(const char* data, std::size_t size);
  /// Flushes to disk and renames over the target. Throws Error(io); the target is then untouched.
  void commit();

 private:
  void discard() noexcept;

  struct Handle;  ///< the open temporary file, as each implementation keeps it

  std::string target_;
  std::string temporary_;
  std::unique_ptr<Handle> handle_;
  bool committed_ = false;
};

}  // namespace evtxdiag::platform
