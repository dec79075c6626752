#pragma once
// The bytes of one input, either mapped read-only from a file or owned in memory. libevtx,
// the record walk and the built-in decoder all read the same bytes; nothing writes them.
//
// A file that ends inside a chunk (a copy cut short) is padded with zero bytes to the chunk's
// end, in memory: every reader of the bytes (libevtx, the walk, the scan, the carver, the
// built-in decoder) then sees whole chunks and reads every complete record of the cut one.
// size() is the padded size; real_size() the file's.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "platform/files.hpp"

namespace evtxdiag::reader {

class InputBytes {
 public:
  /// Maps `path` read-only where the platform can (falls back to reading it, e.g. for a pipe).
  /// Throws Error(io) naming the file when it cannot be opened or read.
  static InputBytes from_file(const std::string& path);
  /// Takes ownership of a caller's buffer.
  static InputBytes from_buffer(std::vector<std::uint8_t> bytes);
  /// No bytes.
  InputBytes() = default;

  InputBytes(InputBytes&& other) noexcept;
  InputBytes& operator=(InputBytes&& other) noexcept;
  InputBytes(const InputBytes&) = delete;
  InputBytes& operator=(const InputBytes&) = delete;
  ~InputBytes();

  const std::uint8_t* data() const noexcept { return data_; }
  /// Drops the mapped pages from this process's resident set (they come back from the page
  /// cache when read again; the mapping is read-only, so nothing is lost). Keeps the peak
  /// memory of a read independent of the file size. Does nothing for owned buffers.
  void release_resident_pages() const noexcept;
  /// The file these bytes are mapped from; empty for owned buffers (and unmappable inputs).
  const std::string& mapped_path() const noexcept { return mapped_path_; }
  std::size_t size() const noexcept { return size_; }
  /// The input's own size: size() minus the zero padding of a cut last chunk.
  std::size_t real_size() const noexcept { return real_size_; }

 private:
  platform::FileBytes file_;         ///< from_file()
  std::vector<std::uint8_t> owned_;  ///< from_buffer()
  std::string mapped_path_;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t real_size_ = 0;
};

}  // namespace evtxdiag::reader
