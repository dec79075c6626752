#pragma once
// Reading input files, the operating-system part: a whole file's bytes (mapped read-only where
// the platform can, so a 1 GB log costs no 1 GB of memory) and reads at an offset (libevtx's
// view of the chunks it needs). files_posix.cpp (open/mmap/pread), files_windows.cpp
// (CreateFileW/ReadFile, wide paths), files_portable.cpp (standard C++ streams: the browser and
// other platforms without mappings).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace evtxdiag::platform {

/// A whole file's bytes.
class FileBytes {
 public:
  /// Maps or reads `path`. Throws Error(io) naming the file and the reason (cannot open, is a
  /// directory, cannot read).
  static FileBytes load(const std::string& path);
  FileBytes() = default;
  FileBytes(FileBytes&& other) noexcept;
  FileBytes& operator=(FileBytes&& other) noexcept;
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;
  ~FileBytes();

  const std::uint8_t* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  /// True when the bytes are a read-only mapping of the file (then reads at an offset can go
  /// to the file instead of the memory).
  bool mapped() const noexcept { return mapping_ != nullptr; }
  /// Drops the mapped pages from the resident set (they come back from the page cache when read
  /// again). Does nothing for bytes read into memory.
  void release_resident_pages() const noexcept;

 private:
  void release() noexcept;

  std::vector<std::uint8_t> owned_;
  void* mapping_ = nullptr;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

/// A file open for reads at any offset. Not shared between threads (open one per thread).
class ReadOnlyFile {
 public:
  ReadOnlyFile() = default;
  /// Opens `path`; is_open() is false when it cannot be opened.
  explicit ReadOnlyFile(const std::string& path) noexcept;
  ReadOnlyFile(ReadOnlyFile&& other) noexcept;
  ReadOnlyFile& operator=(ReadOnlyFile&& other) noexcept;
  ReadOnlyFile(const ReadOnlyFile&) = delete;
  ReadOnlyFile& operator=(const ReadOnlyFile&) = delete;
  ~ReadOnlyFile();

  bool is_open() const noexcept;
  /// Reads up to `size` bytes at `offset`: the number read (0 at the end), -1 on error.
  std::int64_t read_at(std::uint64_t offset, std::uint8_t* out, std::size_t size) const noexcept;

 private:
  void close() noexcept;

  [[maybe_unused]] int descriptor_ = -1;          ///< files_posix.cpp
  [[maybe_unused]] std::FILE* stream_ = nullptr;  ///< files_portable.cpp
  [[maybe_unused]] void* handle_ = nullptr;       ///< files_windows.cpp (a HANDLE)
};

}  // namespace evtxdiag::platform
