#pragma once
// Slack-space carver: finds event records left over in a chunk after its live
// records (older log contents the chunk was overwritten with), without libevtx. libevtx
// 20181227 finds such "recovered" records too, but it reports file offset 0 for all of them;
// the carver gives each one its real offset, so the built-in decoder can read what libevtx
// rejects and a record nobody can read is reported where it lies.
//
// Per chunk (every whole 64 KiB chunk after the file header that is not all zero, including
// chunks with a bad signature or checksum) the carver:
// - skips the live records: from chunk offset 512 it follows plausible records up to the
//   header's last-record offset, as libevtx does (a chunk without "ElfChnk" has no live
//   records and is carved from its first byte, as libevtx does);
// - then looks at every 4-byte step for the signature "**\0\0" and judges the record header
//   there. A plausible whole record (size at least a header, a trailer and a fragment header,
//   inside the chunk, with a matching size copy at its end) is `intact` and is stepped over;
//   anything else with a signature is a `fragment` with the reason.
// Work is bounded: at most 16,256 signature positions per chunk, each O(1).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "format/format.hpp"

namespace evtxdiag::carve {

/// One record signature found in a chunk's slack space.
struct Candidate {
  std::uint64_t chunk_index = 0;   ///< 0-based chunk number
  std::uint64_t file_offset = 0;   ///< file offset of the "**\0\0" signature
  std::uint64_t record_id = 0;     ///< record number from the header (u64 at +8), 0 when not readable
  std::uint32_t size = 0;          ///< declared record size (u32 at +4)
  std::uint64_t written_time = 0;  ///< FILETIME from the header (u64 at +16), 0 when not readable
  bool intact = false;             ///< whole record: decodable in principle
  /// libevtx's recovery scan lists this record too (intact and its document starts with a
  /// fragment header 0F 01 01 00 or a 0x0A token): such candidates are libevtx's recovered
  /// records, in the same order.
  bool libevtx_visible = false;
  std::string reason;  ///< for a fragment: why it is not a whole record
};

// Plausible record ids and times: as for the live walk (format/format.hpp).
using evtx::kEarliestPlausibleTime;
using evtx::kLargestPlausibleRecordId;
using evtx::kLatestPlausibleTime;

/// Carves chunk `index` of the whole-file buffer [data, data + size). Empty when the chunk is
/// past the end of the buffer or all zero. Never throws except std::bad_alloc.
std::vector<Candidate> carve_chunk(const std::uint8_t* data, std::size_t size, std::uint64_t index);

/// Carves every whole chunk, in file order.
std::vector<Candidate> carve_file(const std::uint8_t* data, std::size_t size);

}  // namespace evtxdiag::carve
