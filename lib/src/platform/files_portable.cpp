// FileBytes and ReadOnlyFile with standard C++ only (the browser, and any platform without an
// implementation of its own): the whole file is read into memory, reads at an offset seek.
#include <filesystem>
#include <fstream>
#include <system_error>

#include "evtxdiag/error.hpp"
#include "platform/files.hpp"

namespace evtxdiag::platform {

FileBytes FileBytes::load(const std::string& path) {
  const std::filesystem::path file_path = std::filesystem::u8path(path);
  std::error_code error;
  if (std::filesystem::is_directory(file_path, error))
    throw Error(ErrorKind::io, path + ": is a directory, not an .evtx file");
  std::ifstream in(file_path, std::ios::binary);
  if (!in) throw Error(ErrorKind::io, path + ": cannot open: no such file or no permission");
  FileBytes file;
  file.owned_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(ErrorKind::io, path + ": cannot read");
  file.data_ = file.owned_.data();
  file.size_ = file.owned_.size();
  return file;
}

FileBytes::FileBytes(FileBytes&& other) noexcept { *this = std::move(other); }

FileBytes& FileBytes::operator=(FileBytes&& other) noexcept {
  if (this != &other) {
    owned_ = std::move(other.owned_);
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
  data_ = nullptr;
  size_ = 0;
}

ReadOnlyFile::ReadOnlyFile(const std::string& path) noexcept : stream_(std::fopen(path.c_str(), "rb")) {}

ReadOnlyFile::ReadOnlyFile(ReadOnlyFile&& other) noexcept : stream_(other.stream_) { other.stream_ = nullptr; }

ReadOnlyFile& ReadOnlyFile::operator=(ReadOnlyFile&& other) noexcept {
  if (this != &other) {
    close();
    stream_ = other.stream_;
    other.stream_ = nullptr;
  }
  return *this;
}

ReadOnlyFile::~ReadOnlyFile() { close(); }

void ReadOnlyFile::close() noexcept {
  if (stream_) std::fclose(stream_);
  stream_ = nullptr;
}

bool ReadOnlyFile::is_open() const noexcept { return stream_ != nullptr; }

std::int64_t ReadOnlyFile::read_at(std::uint64_t offset, std::uint8_t* out, std::size_t size) const noexcept {
  if (std::fseek(stream_, static_cast<long>(offset), SEEK_SET) != 0) return -1;
  const std::size_t got = std::fread(out, 1, size, stream_);
  return got == 0 && std::ferror(stream_) ? -1 : static_cast<std::int64_t>(got);
}

}  // namespace evtxdiag::platform
