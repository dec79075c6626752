#include "reader/input_bytes.hpp"

#include "format/format.hpp"

namespace evtxdiag::reader {
namespace {

// The size of `size` bytes padded to the end of the chunk they end in; `size` itself when they
// end on a chunk boundary or before the first chunk's 512-byte header is complete (nothing to
// read there).
std::size_t padded_size(std::size_t size) {
  if (size <= evtx::kFileHeaderBlockSize) return size;
  const std::size_t partial = (size - evtx::kFileHeaderBlockSize) % evtx::kChunkSize;
  if (partial == 0 || partial < evtx::chunk_header::size) return size;
  return size + (evtx::kChunkSize - partial);
}

}  // namespace

InputBytes InputBytes::from_file(const std::string& path) {
  InputBytes input;
  input.file_ = platform::FileBytes::load(path);
  input.real_size_ = input.file_.size();
  const std::size_t padded = padded_size(input.real_size_);
  if (padded != input.real_size_) {
    // A cut copy: padded in memory (the rare case costs the file's size in memory; the file
    // is not read through the mapping any more, nor by path by libevtx).
    input.owned_.assign(input.file_.data(), input.file_.data() + input.real_size_);
    input.owned_.resize(padded, 0);
    input.file_ = platform::FileBytes();
    input.data_ = input.owned_.data();
    input.size_ = padded;
    return input;
  }
  if (input.file_.mapped()) input.mapped_path_ = path;
  input.data_ = input.file_.data();
  input.size_ = input.file_.size();
  return input;
}

InputBytes InputBytes::from_buffer(std::vector<std::uint8_t> bytes) {
  InputBytes input;
  input.owned_ = std::move(bytes);
  input.real_size_ = input.owned_.size();
  input.owned_.resize(padded_size(input.real_size_), 0);
  input.data_ = input.owned_.data();
  input.size_ = input.owned_.size();
  return input;
}

InputBytes::InputBytes(InputBytes&& other) noexcept { *this = std::move(other); }

InputBytes& InputBytes::operator=(InputBytes&& other) noexcept {
  if (this != &other) {
    // Moved vectors and mappings keep their memory, so data_ stays valid.
    file_ = std::move(other.file_);
    owned_ = std::move(other.owned_);
    mapped_path_ = std::move(other.mapped_path_);
    data_ = other.data_;
    size_ = other.size_;
    real_size_ = other.real_size_;
    other.data_ = nullptr;
    other.size_ = 0;
    other.real_size_ = 0;
  }
  return *this;
}

InputBytes::~InputBytes() = default;

void InputBytes::release_resident_pages() const noexcept { file_.release_resident_pages(); }

}  // namespace evtxdiag::reader
