#include "libevtx/input_bytes.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "evtxdiag/error.hpp"

namespace evtxdiag::libevtx {
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

InputBytes InputBytes::from_file(const std::string& path) {
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
  InputBytes input;
  if (S_ISREG(info.st_mode) && info.st_size > 0) {
    void* mapping = ::mmap(nullptr, static_cast<std::size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapping != MAP_FAILED) {
      ::close(fd);
      input.mapping_ = mapping;
      input.mapped_path_ = path;
      input.data_ = static_cast<const std::uint8_t*>(mapping);
      input.size_ = static_cast<std::size_t>(info.st_size);
      return input;
    }
  }
  input.owned_ = read_all(fd, path);
  ::close(fd);
  input.data_ = input.owned_.data();
  input.size_ = input.owned_.size();
  return input;
}

InputBytes InputBytes::from_buffer(std::vector<std::uint8_t> bytes) {
  InputBytes input;
  input.owned_ = std::move(bytes);
  input.data_ = input.owned_.data();
  input.size_ = input.owned_.size();
  return input;
}

InputBytes::InputBytes(InputBytes&& other) noexcept { *this = std::move(other); }

InputBytes& InputBytes::operator=(InputBytes&& other) noexcept {
  if (this != &other) {
    release();
    // A moved vector keeps its heap block, so data_ stays valid for owned buffers.
    owned_ = std::move(other.owned_);
    mapping_ = other.mapping_;
    mapped_path_ = std::move(other.mapped_path_);
    data_ = other.data_;
    size_ = other.size_;
    other.mapping_ = nullptr;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

InputBytes::~InputBytes() { release(); }

void InputBytes::release_resident_pages() const noexcept {
  if (mapping_) ::madvise(mapping_, size_, MADV_DONTNEED);
}

void InputBytes::release() noexcept {
  if (mapping_) ::munmap(mapping_, size_);
  mapping_ = nullptr;
  mapped_path_.clear();
  owned_.clear();
  data_ = nullptr;
  size_ = 0;
}

}  // namespace evtxdiag::libevtx
