#pragma once
// A structural walk over an EVTX file's bytes, without decoding binary XML: the file header
// facts and where each live record sits. The reader uses it to hand record offsets to the
// built-in decoder (which libevtx does not expose for records it rejects), for
// DecoderChoice::builtin_only, and to account for every record the headers promise (issue 21).
// Every read is bounds-checked; no input makes it fail.
//
// Records are self-delimiting (a size in the header, a copy of it at the end), so the walk goes
// on past damage: after a record it cannot delimit it looks for the next plausible record of the
// chunk (resync) and reports the bytes in between. A record whose header is intact but whose
// size field is wrong is re-delimited by its size copy and the next record.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace evtxdiag::evtx {

/// The facts of the 4 KiB file header block.
struct FileHeaderFacts {
  std::uint16_t major_version = 0;
  std::uint16_t minor_version = 0;
  std::uint16_t header_chunk_count = 0;  ///< chunks the header claims (dirty files hold more)
  std::uint64_t next_record_id = 0;      ///< the record id the log will write next
  std::uint32_t flags = 0;               ///< file_header::flag_* bits
  bool checksum_ok = false;              ///< stored CRC32 of bytes [0, 120) matches
  std::uint64_t chunks_in_file = 0;      ///< complete 64 KiB chunks after the header block
  std::uint64_t trailing_bytes = 0;      ///< bytes after the last complete chunk (truncation)
};

/// Reads the header facts. nullopt when the buffer is shorter than the used header part
/// (128 bytes) or does not start with "ElfFile\0".
std::optional<FileHeaderFacts> read_file_header(const std::uint8_t* data, std::size_t size) noexcept;

/// How the walk judged a record.
enum class RecordShape : std::uint8_t {
  whole,          ///< header, size and size copy agree
  size_repaired,  ///< the size field is wrong; the size copy at its end and the next record agree on the real size
  /// The size copy at its end is wrong; the size field and the next record (or the end of the
  /// chunk's records) agree on the real size. The record is whole as far as the walk can tell.
  size_copy_repaired,
  /// The header (signature, record id, written time) is intact but the record cannot be
  /// delimited (its size copy is wrong, or the file ends inside it): its payload is lost.
  damaged,
};

/// One record found by the walk.
struct LocatedRecord {
  std::uint64_t offset = 0;        ///< file offset of the "**\0\0" signature
  std::uint32_t size = 0;          ///< record size (the real one for size_repaired)
  std::uint64_t record_id = 0;     ///< record number (u64 at +8)
  std::uint64_t written_time = 0;  ///< FILETIME (u64 at +16)
  std::uint64_t chunk_index = 0;   ///< 0-based chunk number
  RecordShape shape = RecordShape::whole;
  std::uint32_t declared_size = 0;  ///< the size the header declares (u32 at +4)
  std::uint32_t copy_size = 0;      ///< for size_copy_repaired: what the size copy at its end reads
  /// A second copy of an earlier record (same id, same bytes: a chunk stored twice). Set by the
  /// reader's duplicate pass, not by the walk; such records are returned once.
  bool duplicate = false;
};

/// What was wrong with a record the walk re-delimited (size_repaired, size_copy_repaired): one
/// sentence for the record's event and its warning. Empty for whole and damaged records.
std::string describe_repair(const LocatedRecord& record);

/// A record header at `offset`, when one is plausibly there: signature, a size of at least
/// header + trailer that stays inside the record's chunk, and a matching size copy at the end.
std::optional<LocatedRecord> record_at(const std::uint8_t* data, std::size_t size, std::uint64_t offset) noexcept;

/// A record header at `offset` whatever its size says: the signature, a plausible record id
/// and written time (the header part of a record whose size or payload is damaged).
std::optional<LocatedRecord> record_header_at(const std::uint8_t* data, std::size_t size,
                                              std::uint64_t offset) noexcept;

/// Bytes of a chunk's record area that hold no readable record.
struct DamagedRange {
  std::uint64_t offset = 0;  ///< file offset
  std::uint64_t length = 0;
  std::string why;               ///< what is there instead of records
  bool cut_by_file_end = false;  ///< the file ends inside the range
};

enum class ChunkState : std::uint8_t {
  records,            ///< "ElfChnk" signature: its records were walked
  signature_damaged,  ///< the signature is overwritten, the rest of the header and the records are intact: walked
  unused,             ///< all zero bytes (pre-allocated or zeroed)
  unreadable,         ///< no signature and no plausible chunk header: nothing walked (the carver still looks)
};

inline constexpr std::uint64_t kNoRecordId = std::numeric_limits<std::uint64_t>::max();

/// What the walk found in one chunk.
struct ChunkWalk {
  std::uint64_t index = 0;
  ChunkState state = ChunkState::unused;
  /// The chunk header's sizes, offsets and record ids are consistent (first <= last, at most a
  /// chunk's worth of records, free space inside the chunk): its record range can be trusted.
  bool header_plausible = false;
  std::uint64_t first_id = kNoRecordId;  ///< record ids the header lists (kNoRecordId: none)
  std::uint64_t last_id = kNoRecordId;
  std::size_t records_begin = 0;  ///< this chunk's records in the walk's vector: [begin, end)
  std::size_t records_end = 0;
  std::vector<DamagedRange> damage;  ///< in offset order
  bool cut_by_file_end = false;      ///< the file ends inside this chunk
};

/// Walks chunk `chunk` of [data, data + size) (0-based; nothing for a chunk past the end),
/// appending its live records to `records`: from chunk offset 512 while each header is
/// plausible (see record_at) and below the chunk's free-space offset, resynchronising after
/// damage (see above). `data_end` is where the file's real bytes end when the buffer was padded
/// with zeros to a whole chunk (a file cut short): damage past it is "cut by the end of the
/// file". Chunks beyond the header's chunk count are walked too, as libevtx does.
ChunkWalk walk_chunk(const std::uint8_t* data, std::size_t size, std::uint64_t chunk,
                     std::vector<LocatedRecord>& records,
                     std::uint64_t data_end = std::numeric_limits<std::uint64_t>::max());

/// The same walk, records only (convenience for callers that need no damage report).
void locate_chunk_records(const std::uint8_t* data, std::size_t size, std::uint64_t chunk,
                          std::vector<LocatedRecord>& records);

/// The records of every whole chunk, in file order.
std::vector<LocatedRecord> locate_records(const std::uint8_t* data, std::size_t size);

/// Whether any chunk of the buffer holds something a reader can use: a chunk signature, a chunk
/// whose only damage is its signature, or a whole plausible record anywhere (slack included).
/// False for a header followed by zeros or random bytes: nothing readable.
bool anything_readable(const std::uint8_t* data, std::size_t size);

/// Complete 64 KiB chunks after the file header block of a buffer of `size` bytes.
std::uint64_t whole_chunks(std::size_t size) noexcept;

}  // namespace evtxdiag::evtx
