#include "reader/libevtx/chunk_view.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace evtxdiag::libevtx {

using evtx::store_u16;
using evtx::store_u32;

ChunkView::ChunkView(const std::uint8_t* data, std::size_t size, std::string path, std::vector<std::uint64_t> chunks)
    : data_(data), size_(size), path_(std::move(path)), chunks_(std::move(chunks)) {
  namespace fh = evtx::file_header;
  // Only whole chunks of the input can be served.
  const std::uint64_t whole =
      size_ < evtx::kFileHeaderBlockSize ? 0 : (size_ - evtx::kFileHeaderBlockSize) / evtx::kChunkSize;
  chunks_.erase(std::remove_if(chunks_.begin(), chunks_.end(), [whole](std::uint64_t chunk) { return chunk >= whole; }),
                chunks_.end());
  std::memcpy(header_.data(), data_, std::min(size_, header_.size()));
  // libevtx reads chunks past the header's count as recovered records in a file that is not
  // dirty: the view's count is the number of its chunks that were inside the original count.
  const std::uint16_t original_count = evtx::load_u16(header_.data() + fh::chunk_count);
  const auto inside = std::count_if(chunks_.begin(), chunks_.end(),
                                    [original_count](std::uint64_t chunk) { return chunk < original_count; });
  store_u16(header_.data() + fh::chunk_count, static_cast<std::uint16_t>(inside));
  // A header whose checksum was right stays right; a wrong one stays wrong (libevtx then
  // reacts to the view as it did to the file).
  const std::uint32_t stored = evtx::load_u32(header_.data() + fh::checksum);
  if (size_ >= evtx::kFileHeaderUsedSize && evtx::crc32(data_, fh::flags) == stored)
    store_u32(header_.data() + fh::checksum, evtx::crc32(header_.data(), fh::flags));
}

std::int64_t ChunkView::file_offset(std::int64_t offset) const noexcept {
  if (offset < static_cast<std::int64_t>(evtx::kFileHeaderBlockSize)) return offset;
  const std::uint64_t in_chunks = static_cast<std::uint64_t>(offset) - evtx::kFileHeaderBlockSize;
  const std::uint64_t view_chunk = in_chunks / evtx::kChunkSize;
  if (view_chunk >= chunks_.size()) return -1;
  return static_cast<std::int64_t>(evtx::kFileHeaderBlockSize + chunks_[view_chunk] * evtx::kChunkSize +
                                   in_chunks % evtx::kChunkSize);
}

std::int64_t ChunkView::read(std::uint64_t offset, std::uint8_t* out, std::size_t length,
                             const platform::ReadOnlyFile& file) const noexcept {
  std::size_t done = 0;
  while (done < length && offset < size()) {
    std::size_t piece = 0;
    if (offset < evtx::kFileHeaderBlockSize) {
      piece = std::min<std::uint64_t>(length - done, evtx::kFileHeaderBlockSize - offset);
      std::memcpy(out + done, header_.data() + offset, piece);
    } else {
      const std::uint64_t in_chunks = offset - evtx::kFileHeaderBlockSize;
      const std::uint64_t within = in_chunks % evtx::kChunkSize;
      const std::uint64_t source =
          evtx::kFileHeaderBlockSize + chunks_[in_chunks / evtx::kChunkSize] * evtx::kChunkSize + within;
      piece = std::min<std::uint64_t>(length - done, evtx::kChunkSize - within);
      if (!file.is_open()) {
        std::memcpy(out + done, data_ + source, piece);
      } else {
        const std::int64_t got = file.read_at(source, out + done, piece);
        if (got <= 0) return got < 0 ? -1 : static_cast<std::int64_t>(done);
        piece = static_cast<std::size_t>(got);
      }
    }
    done += piece;
    offset += piece;
  }
  return static_cast<std::int64_t>(done);
}

}  // namespace evtxdiag::libevtx
