#include "reader/input_bytes.hpp"

namespace evtxdiag::reader {

InputBytes InputBytes::from_file(const std::string& path) {
  InputBytes input;
  input.file_ = platform::FileBytes::load(path);
  if (input.file_.mapped()) input.mapped_path_ = path;
  input.data_ = input.file_.data();
  input.size_ = input.file_.size();
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
    // Moved vectors and mappings keep their memory, so data_ stays valid.
    file_ = std::move(other.file_);
    owned_ = std::move(other.owned_);
    mapped_path_ = std::move(other.mapped_path_);
    data_ = other.data_;
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

InputBytes::~InputBytes() = default;

void InputBytes::release_resident_pages() const noexcept { file_.release_resident_pages(); }

}  // namespace evtxdiag::reader
