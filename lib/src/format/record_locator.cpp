#include "format/record_locator.hpp"

#include "format/format.hpp"

namespace evtxdiag::evtx {
namespace {

bool has_signature(const std::uint8_t* data, std::size_t size, std::uint64_t offset, std::string_view signature) {
  if (offset > size || size - offset < signature.size()) return false;
  return std::string_view(reinterpret_cast<const char*>(data + offset), signature.size()) == signature;
}

}  // namespace

std::optional<FileHeaderFacts> read_file_header(const std::uint8_t* data, std::size_t size) noexcept {
  if (size < kFileHeaderUsedSize || !has_signature(data, size, 0, kFileSignature)) return std::nullopt;
  FileHeaderFacts facts;
  facts.minor_version = load_u16(data + file_header::minor_version);
  facts.major_version = load_u16(data + file_header::major_version);
  facts.header_chunk_count = load_u16(data + file_header::chunk_count);
  facts.flags = load_u32(data + file_header::flags);
  facts.checksum_ok = crc32(data, file_header::flags) == load_u32(data + file_header::checksum);
  if (size > kFileHeaderBlockSize) {
    facts.chunks_in_file = (size - kFileHeaderBlockSize) / kChunkSize;
    facts.trailing_bytes = (size - kFileHeaderBlockSize) % kChunkSize;
  }
  return facts;
}

std::optional<LocatedRecord> record_at(const std::uint8_t* data, std::size_t size, std::uint64_t offset) noexcept {
  if (offset < kFileHeaderBlockSize || offset >= size) return std::nullopt;
  const std::uint64_t chunk_index = (offset - kFileHeaderBlockSize) / kChunkSize;
  const std::uint64_t chunk_end = kFileHeaderBlockSize + (chunk_index + 1) * kChunkSize;
  const std::uint64_t limit = chunk_end < size ? chunk_end : size;
  if (limit - offset < kRecordHeaderSize || load_u32(data + offset) != kRecordSignature) return std::nullopt;
  const std::uint32_t record_size = load_u32(data + offset + 4);
  if (record_size < kRecordHeaderSize + kRecordTrailerSize || record_size > limit - offset) return std::nullopt;
  if (load_u32(data + offset + record_size - kRecordTrailerSize) != record_size) return std::nullopt;
  LocatedRecord record;
  record.offset = offset;
  record.size = record_size;
  record.record_id = load_u64(data + offset + 8);
  record.written_time = load_u64(data + offset + 16);
  record.chunk_index = chunk_index;
  return record;
}

std::uint64_t whole_chunks(std::size_t size) noexcept {
  return size <= kFileHeaderBlockSize ? 0 : (size - kFileHeaderBlockSize) / kChunkSize;
}

void locate_chunk_records(const std::uint8_t* data, std::size_t size, std::uint64_t chunk,
                          std::vector<LocatedRecord>& records, std::vector<WalkBreak>* breaks) {
  if (chunk >= whole_chunks(size)) return;
  const std::uint64_t base = kFileHeaderBlockSize + chunk * kChunkSize;
  if (!has_signature(data, size, base, kChunkSignature)) return;
  // The free-space offset bounds the records; a damaged one falls back to the chunk end
  // (the plausibility checks of record_at still stop the walk at the first non-record).
  std::uint64_t free_space = load_u32(data + base + chunk_header::free_space_offset);
  if (free_space < chunk_header::size || free_space > kChunkSize) free_space = kChunkSize;
  std::uint64_t offset = base + chunk_header::size;
  std::uint64_t found = 0;
  while (offset + kRecordHeaderSize <= base + free_space) {
    const std::optional<LocatedRecord> record = record_at(data, size, offset);
    if (!record) break;
    records.push_back(*record);
    offset += record->size;
    ++found;
  }
  const std::uint64_t first = load_u64(data + base + chunk_header::first_record_number);
  const std::uint64_t last = load_u64(data + base + chunk_header::last_record_number);
  const bool stopped_early = offset + kRecordHeaderSize <= base + free_space && load_u32(data + offset) == kRecordSignature;
  if (breaks && stopped_early && last >= first && last - first + 1 > found && last - first < kChunkSize)
    breaks->push_back({chunk, offset, load_u32(data + offset + 4), last - first + 1, found});
}

std::vector<LocatedRecord> locate_records(const std::uint8_t* data, std::size_t size, std::vector<WalkBreak>* breaks) {
  std::vector<LocatedRecord> records;
  for (std::uint64_t chunk = 0; chunk < whole_chunks(size); ++chunk) locate_chunk_records(data, size, chunk, records, breaks);
  return records;
}

}  // namespace evtxdiag::evtx
