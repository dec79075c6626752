#pragma once
// A structural walk over an EVTX file's bytes, without decoding binary XML: the file header
// facts and where each record sits. The reader uses it to hand record offsets to the
// built-in decoder (which libevtx does not expose for records it rejects) and for
// DecoderChoice::builtin_only. Every read is bounds-checked; no input makes it fail.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace evtxdiag::evtx {

/// The facts of the 4 KiB file header block.
struct FileHeaderFacts {
  std::uint16_t major_version = 0;
  std::uint16_t minor_version = 0;
  std::uint16_t header_chunk_count = 0;  ///< chunks the header claims (dirty files hold more)
  std::uint32_t flags = 0;               ///< file_header::flag_* bits
  bool checksum_ok = false;              ///< stored CRC32 of bytes [0, 120) matches
  std::uint64_t chunks_in_file = 0;      ///< complete 64 KiB chunks after the header block
  std::uint64_t trailing_bytes = 0;      ///< bytes after the last complete chunk (truncation)
};

/// Reads the header facts. nullopt when the buffer is shorter than the used header part
/// (128 bytes) or does not start with "ElfFile\0".
std::optional<FileHeaderFacts> read_file_header(const std::uint8_t* data, std::size_t size) noexcept;

/// One record found by the walk.
struct LocatedRecord {
  std::uint64_t offset = 0;        ///< file offset of the "**\0\0" signature
  std::uint32_t size = 0;          ///< record size from the header (u32 at +4)
  std::uint64_t record_id = 0;     ///< record number (u64 at +8)
  std::uint64_t written_time = 0;  ///< FILETIME (u64 at +16)
  std::uint64_t chunk_index = 0;   ///< 0-based chunk number
};

/// A record header at `offset`, when one is plausibly there: signature, a size of at least
/// header + trailer that stays inside the record's chunk, and a matching size copy at the end.
std::optional<LocatedRecord> record_at(const std::uint8_t* data, std::size_t size, std::uint64_t offset) noexcept;

/// Where the walk of a chunk stopped at a damaged record while the chunk header promises more
/// records: those records are lost to the live list (libevtx may still recover some of them).
struct WalkBreak {
  std::uint64_t chunk_index = 0;
  std::uint64_t offset = 0;           ///< file offset of the damaged record
  std::uint32_t declared_size = 0;    ///< the size its header claims (u32 at +4)
  std::uint64_t records_claimed = 0;  ///< last - first record number + 1, from the chunk header
  std::uint64_t records_found = 0;    ///< records the walk found before the break
};

/// Walks every complete chunk with a chunk signature, in file order (including chunks beyond
/// the header's chunk count, as libevtx does), following records from chunk offset 512 while
/// each header is plausible (see record_at) and below the chunk's free-space offset. When
/// `breaks` is given, every chunk whose walk stopped early at a damaged record is listed there,
/// so that the loss is reported rather than silent.
std::vector<LocatedRecord> locate_records(const std::uint8_t* data, std::size_t size,
                                          std::vector<WalkBreak>* breaks = nullptr);

/// The same walk over chunk `chunk` alone (0-based; nothing for a chunk without a signature or
/// past the end), appending to `records`: lets a caller walk a large file chunk by chunk.
void locate_chunk_records(const std::uint8_t* data, std::size_t size, std::uint64_t chunk,
                          std::vector<LocatedRecord>& records, std::vector<WalkBreak>* breaks = nullptr);

/// Complete 64 KiB chunks after the file header block of a buffer of `size` bytes.
std::uint64_t whole_chunks(std::size_t size) noexcept;

}  // namespace evtxdiag::evtx
