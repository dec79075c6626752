// FileBytes and ReadOnlyFile on POSIX: open, fstat, mmap (read-only, private), madvise, pread.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "evtxdiag/error.hpp"
#include "platform/files.hpp"

namespace evtxdiag::platform {
namespace {

[[noreturn]] void throw_io(const std::string& path, const char* what, int error_number) {
  throw Error(ErrorKind::io, path + ": " + what + ": " + std::strerror(error_number));
}

// Reads a descriptor to its end (for inputs that cannot be mapped, such as pipes).
std::vector<std::uint8_t> read_all(int fd, const std::string& path) {
  std::vector<std::uint8_t> bytes;
  std::uint8_t buffer[65536];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      throw_io(path, "cannot read", saved);
    }
    bytes.insert(bytes.end(), buffer, buffer + got);
  }
  return bytes;
}

}  // namespace

FileBytes FileBytes::load(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_io(path, "cannot open", errno);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int saved = errno;
    ::close(fd);
    throw_io(path, "cannot stat", saved);
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    throw Error(ErrorKind::io, path + ": is a directory, not an .evtx file");
  }
  FileBytes file;
  if (S_ISREG(info.st_mode) && info.st_size > 0) {
    void* mapping = ::mmap(nullptr, static_cast<std::size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapping != MAP_FAILED) {
      ::close(fd);
      file.mapping_ = mapping;
      file.data_ = static_cast<const std::uint8_t*>(mapping);
      file.size_ = static_cast<std::size_t>(info.st_size);
      return file;
    }
  }
  file.owned_ = read_all(fd, path);
  ::close(fd);
  file.data_ = file.owned_.data();
  file.size_ = file.owned_.size();
  return file;
}

FileBytes::FileBytes(FileBytes&& other) noexcept { *this = std::move(other); }

FileBytes& FileBytes::operator=(FileBytes&& other) noexcept {
  if (this != &other) {
    release();
    owned_ = std::move(other.owned_);  // a moved vector keeps its heap block: data_ stays valid
    mapping_ = other.mapping_;
    data_ = other.data_;
    size_ = other.size_;
    other.mapping_ = nullptr;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

FileBytes::~FileBytes() { release(); }

void FileBytes::release_resident_pages() const noexcept {
  if (mapping_) ::madvise(mapping_, size_, MADV_DONTNEED);
}

void FileBytes::release() noexcept {
  if (mapping_) ::munmap(mapping_, size_);
  mapping_ = nullptr;
  owned_.clear();
  data_ = nullptr;
  size_ = 0;
}

ReadOnlyFile::ReadOnlyFile(const std::string& path) noexcept
    : descriptor_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}

ReadOnlyFile::ReadOnlyFile(ReadOnlyFile&& other) noexcept : descriptor_(other.descriptor_) { other.descriptor_ = -1; }

ReadOnlyFile& ReadOnlyFile::operator=(ReadOnlyFile&& other) noexcept {
  if (this != &other) {
    close();
    descriptor_ = other.descriptor_;
    other.descriptor_ = -1;
  }
  return *this;
}

ReadOnlyFile::~ReadOnlyFile() { close(); }

void ReadOnlyFile::close() noexcept {
  if (descriptor_ >= 0) ::close(descriptor_);
  descriptor_ = -1;
}

bool ReadOnlyFile::is_open() const noexcept { return descriptor_ >= 0; }

std::int64_t ReadOnlyFile::read_at(std::uint64_t offset, std::uint8_t* out, std::size_t size) const noexcept {
  for (;;) {
    const ssize_t got = ::pread(descriptor_, out, size, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    return got;
  }
}

}  // namespace evtxdiag::platform
