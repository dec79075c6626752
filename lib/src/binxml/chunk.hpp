#pragma once
// One 64 KiB EVTX chunk as the built-in decoder and the fast scan see it: header facts,
// checksums and bounds-checked reads. Every offset here is a chunk offset (from the 'E' of
// "ElfChnk"); file offsets are only made for error messages.
#include <cstddef>
#include <cstdint>
#include <string>

#include "format/format.hpp"

namespace evtxdiag::binxml {

/// A read-only view of one chunk's bytes inside the whole-file buffer.
class ChunkView {
 public:
  ChunkView(const std::uint8_t* bytes, std::uint64_t file_offset) noexcept : bytes_(bytes), file_offset_(file_offset) {}

  /// True when [offset, offset + length) lies inside the chunk.
  static constexpr bool contains(std::size_t offset, std::size_t length) noexcept {
    return offset <= evtx::kChunkSize && length <= evtx::kChunkSize - offset;
  }
  const std::uint8_t* at(std::size_t offset) const noexcept { return bytes_ + offset; }
  std::uint8_t u8(std::size_t offset) const noexcept { return bytes_[offset]; }
  std::uint16_t u16(std::size_t offset) const noexcept { return evtx::load_u16(bytes_ + offset); }
  std::uint32_t u32(std::size_t offset) const noexcept { return evtx::load_u32(bytes_ + offset); }
  std::uint64_t u64(std::size_t offset) const noexcept { return evtx::load_u64(bytes_ + offset); }
  std::uint64_t file_offset() const noexcept { return file_offset_; }
  /// File offset of a chunk offset, for diagnostics.
  std::int64_t file_offset_of(std::size_t chunk_offset) const noexcept {
    return static_cast<std::int64_t>(file_offset_ + chunk_offset);
  }

 private:
  const std::uint8_t* bytes_;
  std::uint64_t file_offset_;
};

/// What the chunk header says and whether it can be trusted.
struct ChunkHeader {
  bool signature_ok = false;
  bool header_size_ok = false;       ///< header size field == 128 (libevtx refuses anything else)
  bool header_checksum_ok = false;   ///< CRC32 of [0,120) + [128,512)
  bool records_checksum_ok = false;  ///< CRC32 of [512, free space offset)
  bool offsets_ok = false;           ///< free space and last record offsets inside the chunk
  std::uint64_t first_record_number = 0;
  std::uint64_t last_record_number = 0;
  std::uint64_t first_record_id = 0;
  std::uint64_t last_record_id = 0;
  std::uint32_t last_record_offset = 0;
  std::uint32_t free_space_offset = 0;
  std::uint32_t flags = 0;

  /// Everything a reader needs to trust the chunk's records.
  bool all_ok() const noexcept {
    return signature_ok && header_size_ok && header_checksum_ok && records_checksum_ok && offsets_ok;
  }
};

/// Reads and checks the header of `chunk`.
ChunkHeader read_chunk_header(const ChunkView& chunk) noexcept;

/// Reads the name structure (section 4.2) referenced by the u32 at chunk offset `field`.
/// On success stores the UTF-8 name and the chunk offset just after the field (and after the
/// name structure when it is written inline there). Returns false when the field, the
/// structure or its characters leave the chunk.
bool read_name(const ChunkView& chunk, std::size_t field, std::string& name, std::size_t& next);

/// Appends UTF-16LE code units as UTF-8. Stops at the first NUL when `stop_at_nul`;
/// unpaired surrogates become U+FFFD.
void append_utf16le(const std::uint8_t* bytes, std::size_t units, std::string& out, bool stop_at_nul);

}  // namespace evtxdiag::binxml
