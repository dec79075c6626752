// FileBytes and ReadOnlyFile on Windows: CreateFileW with the UTF-16 form of the UTF-8 path (a
// narrow API would take the name in the ANSI code page, and `東京バックアップ.evtx` would not
// open on a machine whose code page lacks those characters), ReadFile at an offset.
//
// FileBytes reads the file into memory rather than mapping it: the reader opens a mapped file
// by path for libevtx, and libbfio's narrow names are ANSI code page names on Windows.
#include <windows.h>

#include <limits>

#include "evtxdiag/error.hpp"
#include "platform/files.hpp"
#include "platform/windows_support.hpp"

namespace evtxdiag::platform {
namespace {

using windows::error_message;
using windows::wide_path;

[[noreturn]] void throw_io(const std::string& path, const char* what, DWORD error_code) {
  throw Error(ErrorKind::io, path + ": " + what + ": " + error_message(error_code));
}

HANDLE open_for_reading(const std::string& path) {
  // Others may keep writing or even delete the file: evtxdiag only reads.
  return ::CreateFileW(wide_path(path).c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
}

// Reads up to `size` bytes at `offset` (one ReadFile reads at most 4 GB - 1).
std::int64_t read_file_at(HANDLE file, std::uint64_t offset, std::uint8_t* out, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    OVERLAPPED at{};
    const std::uint64_t position = offset + done;
    at.Offset = static_cast<DWORD>(position & 0xFFFFFFFFu);
    at.OffsetHigh = static_cast<DWORD>(position >> 32);
    const DWORD want = static_cast<DWORD>(std::min<std::size_t>(size - done, 1u << 30));
    DWORD got = 0;
    if (!::ReadFile(file, out + done, want, &got, &at)) {
      if (::GetLastError() == ERROR_HANDLE_EOF) break;
      return done ? static_cast<std::int64_t>(done) : -1;
    }
    if (got == 0) break;
    done += got;
  }
  return static_cast<std::int64_t>(done);
}

// Reads a handle to its end (pipes and other files without a size).
std::vector<std::uint8_t> read_all(HANDLE file, const std::string& path) {
  std::vector<std::uint8_t> bytes;
  std::uint8_t buffer[65536];
  for (;;) {
    DWORD got = 0;
    if (!::ReadFile(file, buffer, sizeof buffer, &got, nullptr)) {
      const DWORD error = ::GetLastError();
      if (error == ERROR_BROKEN_PIPE || error == ERROR_HANDLE_EOF) break;
      ::CloseHandle(file);
      throw_io(path, "cannot read", error);
    }
    if (got == 0) break;
    bytes.insert(bytes.end(), buffer, buffer + got);
  }
  return bytes;
}

}  // namespace

FileBytes FileBytes::load(const std::string& path) {
  const DWORD attributes = ::GetFileAttributesW(wide_path(path).c_str());
  if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY))
    throw Error(ErrorKind::io, path + ": is a directory, not an .evtx file");
  HANDLE file = open_for_reading(path);
  if (file == INVALID_HANDLE_VALUE) throw_io(path, "cannot open", ::GetLastError());
  FileBytes bytes;
  LARGE_INTEGER size{};
  if (::GetFileType(file) == FILE_TYPE_DISK && ::GetFileSizeEx(file, &size)) {
    if (static_cast<std::uint64_t>(size.QuadPart) > std::numeric_limits<std::size_t>::max() / 2) {
      ::CloseHandle(file);
      throw Error(ErrorKind::io, path + ": cannot read: the file is too large for memory");
    }
    bytes.owned_.resize(static_cast<std::size_t>(size.QuadPart));
    const std::int64_t got = read_file_at(file, 0, bytes.owned_.data(), bytes.owned_.size());
    if (got < 0) {
      const DWORD error = ::GetLastError();
      ::CloseHandle(file);
      throw_io(path, "cannot read", error);
    }
    bytes.owned_.resize(static_cast<std::size_t>(got));  // the file shrank meanwhile
  } else {
    bytes.owned_ = read_all(file, path);
  }
  ::CloseHandle(file);
  bytes.data_ = bytes.owned_.data();
  bytes.size_ = bytes.owned_.size();
  return bytes;
}

FileBytes::FileBytes(FileBytes&& other) noexcept { *this = std::move(other); }

FileBytes& FileBytes::operator=(FileBytes&& other) noexcept {
  if (this != &other) {
    release();
    owned_ = std::move(other.owned_);  // a moved vector keeps its heap block: data_ stays valid
    mapping_ = nullptr;
    data_ = other.data_;
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

FileBytes::~FileBytes() { release(); }

void FileBytes::release_resident_pages() const noexcept {}

void FileBytes::release() noexcept {
  owned_.clear();
  owned_.shrink_to_fit();
  data_ = nullptr;
  size_ = 0;
}

ReadOnlyFile::ReadOnlyFile(const std::string& path) noexcept {
  HANDLE file = open_for_reading(path);
  if (file != INVALID_HANDLE_VALUE) handle_ = file;
}

ReadOnlyFile::ReadOnlyFile(ReadOnlyFile&& other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }

ReadOnlyFile& ReadOnlyFile::operator=(ReadOnlyFile&& other) noexcept {
  if (this != &other) {
    close();
    handle_ = other.handle_;
    other.handle_ = nullptr;
  }
  return *this;
}

ReadOnlyFile::~ReadOnlyFile() { close(); }

void ReadOnlyFile::close() noexcept {
  if (handle_) ::CloseHandle(handle_);
  handle_ = nullptr;
}

bool ReadOnlyFile::is_open() const noexcept { return handle_ != nullptr; }

std::int64_t ReadOnlyFile::read_at(std::uint64_t offset, std::uint8_t* out, std::size_t size) const noexcept {
  return read_file_at(handle_, offset, out, size);
}

}  // namespace evtxdiag::platform
