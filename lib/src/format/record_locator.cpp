#include "format/record_locator.hpp"

#include <algorithm>
#include <cstdio>

#include "format/format.hpp"

namespace evtxdiag::evtx {
namespace {

bool has_signature(const std::uint8_t* data, std::size_t size, std::uint64_t offset, std::string_view signature) {
  if (offset > size || size - offset < signature.size()) return false;
  return std::string_view(reinterpret_cast<const char*>(data + offset), signature.size()) == signature;
}

bool all_zero(const std::uint8_t* bytes, std::size_t length) {
  return std::all_of(bytes, bytes + length, [](std::uint8_t b) { return b == 0; });
}

std::string hex(std::uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
  return buffer;
}

bool plausible_time(std::uint64_t filetime) {
  return filetime >= kEarliestPlausibleTime && filetime <= kLatestPlausibleTime;
}

// The walk of one chunk's record area, going on past damage.
class ChunkWalker {
 public:
  ChunkWalker(const std::uint8_t* data, std::size_t size, ChunkWalk& walk, std::vector<LocatedRecord>& records,
              std::uint64_t data_end)
      : data_(data),
        size_(size),
        walk_(walk),
        records_(records),
        data_end_(data_end),
        base_(kFileHeaderBlockSize + walk.index * kChunkSize) {}

  void run(std::uint64_t end) {
    std::uint64_t offset = base_ + chunk_header::size;
    while (offset + kRecordHeaderSize <= end) {
      if (std::optional<LocatedRecord> record = record_at(data_, size_, offset)) {
        record->declared_size = record->size;
        add(*record);
        offset += record->size;
        continue;
      }
      offset = past_damage(offset, end);
    }
  }

 private:
  void add(const LocatedRecord& record) {
    records_.push_back(record);
    previous_id_ = record.record_id;
  }

  // A record header that belongs where it stands: the signature, the record id that follows
  // the previous record's (or the chunk's first id) and a plausible written time. Such a record
  // was written here even when its size or its bytes are damaged.
  bool header_fits(std::uint64_t offset) const {
    if (offset + kRecordHeaderSize > size_ || load_u32(data_ + offset) != kRecordSignature) return false;
    const std::uint64_t id = load_u64(data_ + offset + 8);
    if (!plausible_time(load_u64(data_ + offset + 16)) || id == 0 || id > kLargestPlausibleRecordId) return false;
    if (previous_id_) return id == *previous_id_ + 1;
    return walk_.first_id == kNoRecordId || id == walk_.first_id;
  }

  // The next plausible record after damage: a record header whose size copy matches, with an
  // id after the previous record's and inside the chunk header's range, and a plausible time.
  std::optional<LocatedRecord> next_record(std::uint64_t from, std::uint64_t end) const {
    for (std::uint64_t at = from; at + kRecordHeaderSize <= end; at += 4) {
      if (load_u32(data_ + at) != kRecordSignature) continue;
      std::optional<LocatedRecord> record = record_at(data_, size_, at);
      if (!record || !plausible_time(record->written_time)) continue;
      if (previous_id_ && record->record_id <= *previous_id_) continue;
      if (walk_.first_id != kNoRecordId && (record->record_id < walk_.first_id || record->record_id > walk_.last_id))
        continue;
      if (record->record_id > kLargestPlausibleRecordId) continue;
      return record;
    }
    return std::nullopt;
  }

  // Handles the damage at `offset` (no whole record there); returns where the walk goes on.
  std::uint64_t past_damage(std::uint64_t offset, std::uint64_t end) {
    const std::optional<LocatedRecord> next = next_record(offset + 4, end);
    const std::uint64_t stop = next ? next->offset : end;
    const bool header = header_fits(offset);
    const std::uint32_t declared = offset + 8 <= size_ ? load_u32(data_ + offset + 4) : 0;
    if (header) {
      LocatedRecord record;
      record.offset = offset;
      record.record_id = load_u64(data_ + offset + 8);
      record.written_time = load_u64(data_ + offset + 16);
      record.chunk_index = walk_.index;
      record.declared_size = declared;
      const std::uint64_t span = stop - offset;
      // Only the size field is wrong: its copy at the end and the next record agree.
      if (next && span >= kRecordHeaderSize + kRecordTrailerSize && load_u32(data_ + stop - 4) == span) {
        record.size = static_cast<std::uint32_t>(span);
        record.shape = RecordShape::size_repaired;
        add(record);
        return stop;
      }
      // Only the size copy is wrong: the size field and the next record (or the end of the
      // chunk's records) agree, so the record is delimited; the decoder judges its payload.
      if (declared == span && span >= kRecordHeaderSize + kRecordTrailerSize && (next || stop == end)) {
        record.size = declared;
        record.copy_size = load_u32(data_ + stop - 4);
        record.shape = RecordShape::size_copy_repaired;
        add(record);
        return stop;
      }
      record.shape = RecordShape::damaged;
      record.size = declared >= kRecordHeaderSize + kRecordTrailerSize && declared <= span
                        ? declared
                        : static_cast<std::uint32_t>(span);
      add(record);
    }
    DamagedRange range;
    range.offset = offset;
    range.length = stop - offset;
    range.cut_by_file_end = data_end_ < stop;
    range.why = describe(offset, stop, header, declared, next.has_value());
    walk_.damage.push_back(std::move(range));
    return stop;
  }

  std::string describe(std::uint64_t offset, std::uint64_t stop, bool header, std::uint32_t declared,
                       bool resynced) const {
    std::string why;
    if (data_end_ < stop) {
      why = "the file ends at offset " + hex(data_end_) + " inside this record area";
      if (header) why += " (record " + std::to_string(load_u64(data_ + offset + 8)) + " is cut)";
    } else if (header) {
      why = "record " + std::to_string(load_u64(data_ + offset + 8)) + " declares size " + std::to_string(declared);
      const std::uint64_t room = kFileHeaderBlockSize + (walk_.index + 1) * kChunkSize - offset;
      if (declared > room)
        why += ", past the end of its chunk";
      else if (declared >= kRecordHeaderSize + kRecordTrailerSize)
        why += " but the size copy at its end reads " + hex(load_u32(data_ + offset + declared - 4)) +
               ": its bytes are damaged";
    } else {
      why = "no record header where record " +
            (previous_id_ ? std::to_string(*previous_id_ + 1) : std::string("of the chunk")) + " should start";
    }
    why += resynced ? "; the walk goes on at the next record" : "; no further record in the chunk";
    return why;
  }

  const std::uint8_t* data_;
  std::size_t size_;
  ChunkWalk& walk_;
  std::vector<LocatedRecord>& records_;
  std::uint64_t data_end_;
  std::uint64_t base_;
  std::optional<std::uint64_t> previous_id_;
};

}  // namespace

std::string describe_repair(const LocatedRecord& record) {
  switch (record.shape) {
    case RecordShape::size_repaired:
      return "the record declares size " + std::to_string(record.declared_size) +
             "; its size copy and the next record give " + std::to_string(record.size) + ": read with that size";
    case RecordShape::size_copy_repaired:
      return "the size copy at the record's end reads " + hex(record.copy_size) + "; its size field and the next " +
             "record give " + std::to_string(record.size) + ": read with that size";
    case RecordShape::whole:
    case RecordShape::damaged: break;
  }
  return {};
}

std::optional<FileHeaderFacts> read_file_header(const std::uint8_t* data, std::size_t size) noexcept {
  if (size < kFileHeaderUsedSize || !has_signature(data, size, 0, kFileSignature)) return std::nullopt;
  FileHeaderFacts facts;
  facts.minor_version = load_u16(data + file_header::minor_version);
  facts.major_version = load_u16(data + file_header::major_version);
  facts.header_chunk_count = load_u16(data + file_header::chunk_count);
  facts.next_record_id = load_u64(data + file_header::next_record_id);
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
  record.declared_size = record_size;
  record.record_id = load_u64(data + offset + 8);
  record.written_time = load_u64(data + offset + 16);
  record.chunk_index = chunk_index;
  return record;
}

std::optional<LocatedRecord> record_header_at(const std::uint8_t* data, std::size_t size,
                                              std::uint64_t offset) noexcept {
  if (offset < kFileHeaderBlockSize || offset >= size || size - offset < kRecordHeaderSize) return std::nullopt;
  if (load_u32(data + offset) != kRecordSignature) return std::nullopt;
  LocatedRecord record;
  record.offset = offset;
  record.declared_size = record.size = load_u32(data + offset + 4);
  record.record_id = load_u64(data + offset + 8);
  record.written_time = load_u64(data + offset + 16);
  record.chunk_index = (offset - kFileHeaderBlockSize) / kChunkSize;
  if (record.record_id == 0 || record.record_id > kLargestPlausibleRecordId || !plausible_time(record.written_time))
    return std::nullopt;
  return record;
}

std::uint64_t whole_chunks(std::size_t size) noexcept {
  return size <= kFileHeaderBlockSize ? 0 : (size - kFileHeaderBlockSize) / kChunkSize;
}

ChunkWalk walk_chunk(const std::uint8_t* data, std::size_t size, std::uint64_t chunk,
                     std::vector<LocatedRecord>& records, std::uint64_t data_end) {
  ChunkWalk walk;
  walk.index = chunk;
  walk.records_begin = walk.records_end = records.size();
  if (chunk >= whole_chunks(size)) return walk;
  const std::uint64_t base = kFileHeaderBlockSize + chunk * kChunkSize;
  const std::uint8_t* bytes = data + base;
  walk.cut_by_file_end = data_end < base + kChunkSize;
  const bool signature = has_signature(data, size, base, kChunkSignature);
  if (!signature && all_zero(bytes, kChunkSize)) return walk;  // unused

  const std::uint64_t first_id = load_u64(bytes + chunk_header::first_record_id);
  const std::uint64_t last_id = load_u64(bytes + chunk_header::last_record_id);
  const std::uint64_t free_space = load_u32(bytes + chunk_header::free_space_offset);
  const bool free_space_ok = free_space >= chunk_header::size && free_space <= kChunkSize;
  const bool no_records = first_id == kNoRecordId && last_id == kNoRecordId;
  const bool ids_ok = no_records || (first_id != 0 && first_id <= last_id && last_id - first_id < kMaxRecordsPerChunk);
  walk.header_plausible = load_u32(bytes + chunk_header::header_size) == 128 && free_space_ok && ids_ok;
  if (walk.header_plausible && !no_records) {
    walk.first_id = first_id;
    walk.last_id = last_id;
  }
  if (signature) {
    walk.state = ChunkState::records;
  } else {
    // Only the magic is gone when the rest of the header is sound and its first record is there.
    const std::optional<LocatedRecord> first = record_at(data, size, base + chunk_header::size);
    if (!walk.header_plausible || walk.first_id == kNoRecordId || !first || first->record_id != walk.first_id) {
      walk.state = ChunkState::unreadable;
      return walk;
    }
    walk.state = ChunkState::signature_damaged;
  }
  // The free-space offset bounds the records; a damaged one falls back to the chunk end.
  ChunkWalker(data, size, walk, records, data_end).run(base + (free_space_ok ? free_space : kChunkSize));
  walk.records_end = records.size();
  return walk;
}

bool anything_readable(const std::uint8_t* data, std::size_t size) {
  for (std::uint64_t chunk = 0; chunk < whole_chunks(size); ++chunk)
    if (has_signature(data, size, kFileHeaderBlockSize + chunk * kChunkSize, kChunkSignature)) return true;
  std::vector<LocatedRecord> records;
  for (std::uint64_t chunk = 0; chunk < whole_chunks(size); ++chunk) {
    if (walk_chunk(data, size, chunk, records).state == ChunkState::signature_damaged) return true;
    const std::uint64_t base = kFileHeaderBlockSize + chunk * kChunkSize;
    for (std::uint64_t at = base; at + kRecordHeaderSize <= base + kChunkSize; at += 8) {
      if (load_u32(data + at) != kRecordSignature) continue;
      const std::optional<LocatedRecord> record = record_at(data, size, at);
      if (record && record_header_at(data, size, at)) return true;
    }
  }
  return false;
}

void locate_chunk_records(const std::uint8_t* data, std::size_t size, std::uint64_t chunk,
                          std::vector<LocatedRecord>& records) {
  walk_chunk(data, size, chunk, records);
}

std::vector<LocatedRecord> locate_records(const std::uint8_t* data, std::size_t size) {
  std::vector<LocatedRecord> records;
  for (std::uint64_t chunk = 0; chunk < whole_chunks(size); ++chunk) walk_chunk(data, size, chunk, records);
  return records;
}

}  // namespace evtxdiag::evtx
