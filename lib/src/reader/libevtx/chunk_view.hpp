#pragma once
// A chunk view of an EVTX file: the file header followed by a chosen subset of the
// file's 64 KiB chunks, in file order, as if it were a smaller file. libevtx's open reads and
// checksums every chunk of what it is given, which is most of its cost when only a few
// hundred records are wanted; over a view it reads only the chunks that hold them.
//
// EVTX chunks are self-contained (each has its own string and template tables and record
// range), so a chunk decodes the same wherever it sits. The header's chunk count is adjusted
// so that libevtx still sees a chunk past the original count as such (libevtx reads those as
// recovered records when the file is not dirty). Nothing is copied: reads are served from the
// input's bytes (or, for a mapped file, with pread from the file so that the pages do not
// count as this process's memory).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "platform/files.hpp"

#include "format/format.hpp"

namespace evtxdiag::libevtx {

class ChunkView {
 public:
  /// A view of `chunks` (0-based chunk indices, strictly increasing, each a whole chunk of
  /// [data, data + size)) of the file whose bytes are [data, data + size). `path`, when not
  /// empty, is the file those bytes were mapped from: reads then go to the file instead of the
  /// mapping. `data` must outlive the view.
  ChunkView(const std::uint8_t* data, std::size_t size, std::string path, std::vector<std::uint64_t> chunks);

  /// Size of the view: header block + 64 KiB per chunk.
  std::uint64_t size() const noexcept { return evtx::kFileHeaderBlockSize + chunks_.size() * evtx::kChunkSize; }
  const std::vector<std::uint64_t>& chunks() const noexcept { return chunks_; }
  const std::string& path() const noexcept { return path_; }

  /// The real file offset of view offset `offset` (-1 stays -1; header offsets are the same).
  std::int64_t file_offset(std::int64_t offset) const noexcept;

  /// Copies view bytes [offset, offset + length) into `out` from the header copy or the
  /// file's bytes, or from `file` when it is open (reads at an offset, not through the mapping,
  /// so libevtx's reads do not count as this process's memory). Returns the bytes copied (short
  /// only at the end of the view), or -1 when a file read fails.
  std::int64_t read(std::uint64_t offset, std::uint8_t* out, std::size_t length,
                    const platform::ReadOnlyFile& file) const noexcept;

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::string path_;
  std::vector<std::uint64_t> chunks_;
  std::array<std::uint8_t, evtx::kFileHeaderBlockSize> header_{};
};

}  // namespace evtxdiag::libevtx
