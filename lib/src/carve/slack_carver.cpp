#include "carve/slack_carver.hpp"

#include <algorithm>
#include <string_view>

#include "format/format.hpp"

namespace evtxdiag::carve {
namespace {

namespace ch = evtx::chunk_header;
constexpr std::size_t kFragmentHeaderSize = 4;  // 0F 01 01 00: the smallest document start
constexpr std::size_t kMinimalRecord = evtx::kRecordHeaderSize + kFragmentHeaderSize + evtx::kRecordTrailerSize;
// libevtx reads a record only when at least 4 bytes of the chunk follow it.
constexpr std::size_t kLibevtxRecordEnd = evtx::kChunkSize - 4;

std::string hex(std::uint64_t value) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), digits[value & 0xF]);
    value >>= 4;
  } while (value != 0);
  return "0x" + out;
}

bool all_zero(const std::uint8_t* bytes, std::size_t length) {
  return std::all_of(bytes, bytes + length, [](std::uint8_t b) { return b == 0; });
}

// Where the live records of a chunk end: libevtx's own walk (records from offset 512 while a
// header is plausible and its start is at most the last-record offset). A chunk without the
// "ElfChnk" signature has no live records, and libevtx then scans it from its first byte.
std::size_t end_of_live_records(const std::uint8_t* chunk) {
  if (std::string_view(reinterpret_cast<const char*>(chunk), 8) != evtx::kChunkSignature) return 0;
  const std::size_t last_record = evtx::load_u32(chunk + ch::last_record_offset);
  std::size_t offset = ch::size;
  while (offset <= last_record && offset + evtx::kRecordHeaderSize + 4 <= evtx::kChunkSize) {
    if (evtx::load_u32(chunk + offset) != evtx::kRecordSignature) break;
    const std::size_t record_size = evtx::load_u32(chunk + offset + 4);
    if (record_size < evtx::kRecordHeaderSize || record_size > kLibevtxRecordEnd - offset) break;
    if (evtx::load_u32(chunk + offset + record_size - 4) != record_size) break;
    offset += record_size;
  }
  return offset;
}

// Judges the record header at chunk offset `at` (its signature already matched).
Candidate judge(const std::uint8_t* chunk, std::size_t at, std::uint64_t index, std::uint64_t chunk_offset) {
  Candidate c;
  c.chunk_index = index;
  c.file_offset = chunk_offset + at;
  const std::size_t room = evtx::kChunkSize - at;
  if (room < evtx::kRecordHeaderSize) {
    c.reason = "fragment: record header cut off by the end of the chunk";
    return c;
  }
  c.size = evtx::load_u32(chunk + at + 4);
  c.record_id = evtx::load_u64(chunk + at + 8);
  c.written_time = evtx::load_u64(chunk + at + 16);
  if (c.size < kMinimalRecord) {
    c.reason = "fragment: declared size " + std::to_string(c.size) + " is smaller than a record";
    return c;
  }
  if (c.size > room) {
    c.reason = "fragment: declared size " + std::to_string(c.size) + " runs past the end of the chunk";
    return c;
  }
  const std::uint32_t size_copy = evtx::load_u32(chunk + at + c.size - evtx::kRecordTrailerSize);
  if (size_copy != c.size) {
    c.reason = "fragment: size copy " + hex(size_copy) + " at the record's end differs from its size " + hex(c.size) +
               " (its tail was overwritten by a newer record)";
    return c;
  }
  const std::uint8_t* document = chunk + at + evtx::kRecordHeaderSize;
  const bool fragment_header =
      document[0] == evtx::token::fragment_header && document[1] == 1 && document[2] == 1 && document[3] == 0;
  c.libevtx_visible = c.size <= kLibevtxRecordEnd - at &&
                      (fragment_header || (document[0] == evtx::token::pi_target && c.size >= kMinimalRecord + 1));
  if (c.record_id == 0 || c.record_id > kLargestPlausibleRecordId) {
    c.reason = "fragment: implausible record id " + std::to_string(c.record_id) + " in the record header";
    return c;
  }
  if (c.written_time < kEarliestPlausibleTime || c.written_time > kLatestPlausibleTime) {
    c.reason = "fragment: implausible written time " + hex(c.written_time) + " in the record header";
    return c;
  }
  c.intact = true;
  return c;
}

}  // namespace

std::vector<Candidate> carve_chunk(const std::uint8_t* data, std::size_t size, std::uint64_t index) {
  std::vector<Candidate> found;
  if (!data || size <= evtx::kFileHeaderBlockSize || index >= (size - evtx::kFileHeaderBlockSize) / evtx::kChunkSize)
    return found;
  const std::uint64_t chunk_offset = evtx::kFileHeaderBlockSize + index * evtx::kChunkSize;
  const std::uint8_t* chunk = data + chunk_offset;
  if (all_zero(chunk, evtx::kChunkSize)) return found;  // pre-allocated, never written
  // 4-byte steps from the end of the live records, as libevtx's recovery scan, so that the
  // candidates it sees come out in its order. Records libevtx would list are stepped over
  // (again as libevtx does); after anything else the search goes on 4 bytes later, since a
  // newer record may start inside an older fragment.
  for (std::size_t at = end_of_live_records(chunk); at + 4 <= evtx::kChunkSize;) {
    if (evtx::load_u32(chunk + at) != evtx::kRecordSignature) {
      at += 4;
      continue;
    }
    Candidate candidate = judge(chunk, at, index, chunk_offset);
    at += candidate.libevtx_visible ? candidate.size : 4;
    found.push_back(std::move(candidate));
  }
  return found;
}

std::vector<Candidate> carve_file(const std::uint8_t* data, std::size_t size) {
  std::vector<Candidate> found;
  if (!data || size <= evtx::kFileHeaderBlockSize) return found;
  const std::uint64_t chunks = (size - evtx::kFileHeaderBlockSize) / evtx::kChunkSize;
  for (std::uint64_t index = 0; index < chunks; ++index) {
    std::vector<Candidate> in_chunk = carve_chunk(data, size, index);
    found.insert(found.end(), std::make_move_iterator(in_chunk.begin()), std::make_move_iterator(in_chunk.end()));
  }
  return found;
}

}  // namespace evtxdiag::carve
