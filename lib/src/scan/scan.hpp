#pragma once
// Fast scan: walks the file and chunk headers and each live record's template
// instance to learn (record id, offset, provider, event id, TimeCreated) without building XML.
// It shares the chunk, name and template parsing with the built-in decoder (lib/src/binxml).
// A chunk the scan does not fully understand (bad signature or checksum, odd offsets, a record
// or token it cannot follow, a template without a plain Provider/@Name and EventID) is
// reported as not understood, and the caller must hand that chunk to libevtx whole.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "evtxdiag/timestamp.hpp"

namespace evtxdiag::scan {

/// What the scan learnt about one live record.
struct ScannedRecord {
  std::uint64_t record_id = 0;    ///< record header identifier (what libevtx reports)
  std::uint64_t file_offset = 0;  ///< offset of the record signature in the file
  std::string provider;           ///< System/Provider/@Name, UTF-8
  std::uint32_t event_id = 0;     ///< System/EventID (without qualifiers)
  Timestamp time_created;         ///< System/TimeCreated/@SystemTime; invalid (0) when not a plain FILETIME
};

/// One 64 KiB chunk of the file.
struct ScannedChunk {
  std::uint64_t index = 0;          ///< 0-based chunk index in the file
  std::uint64_t file_offset = 0;    ///< offset of the chunk in the file
  bool understood = false;          ///< true: `records` lists every live record of the chunk
  bool unused = false;              ///< the chunk is all zero bytes (pre-allocated, never written)
  std::string reason;               ///< when !understood: why
  std::int64_t reason_offset = -1;  ///< when !understood: file offset of the problem, if known
  std::vector<ScannedRecord> records;
};

struct ScanResult {
  std::vector<ScannedChunk> chunks;  ///< every whole chunk after the 4096-byte header, in file order
};

/// Scans chunk `index` of the whole-file buffer [data, data + size). Never throws for bad
/// bytes (only std::bad_alloc); a chunk past the end of the buffer is reported not understood.
ScannedChunk scan_chunk(const std::uint8_t* data, std::size_t size, std::uint64_t index);

/// Scans every whole chunk of the buffer.
ScanResult scan_file(const std::uint8_t* data, std::size_t size);

}  // namespace evtxdiag::scan
