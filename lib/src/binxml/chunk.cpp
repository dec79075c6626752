#include "binxml/chunk.hpp"

#include "core/utf8.hpp"

namespace evtxdiag::binxml {

namespace ch = evtx::chunk_header;

ChunkHeader read_chunk_header(const ChunkView& chunk) noexcept {
  ChunkHeader header;
  header.signature_ok = std::string_view(reinterpret_cast<const char*>(chunk.at(0)), 8) == evtx::kChunkSignature;
  header.first_record_number = chunk.u64(ch::first_record_number);
  header.last_record_number = chunk.u64(ch::last_record_number);
  header.first_record_id = chunk.u64(ch::first_record_id);
  header.last_record_id = chunk.u64(ch::last_record_id);
  header.header_size_ok = chunk.u32(ch::header_size) == 128;
  header.last_record_offset = chunk.u32(ch::last_record_offset);
  header.free_space_offset = chunk.u32(ch::free_space_offset);
  header.flags = chunk.u32(ch::flags);
  header.offsets_ok = header.free_space_offset >= ch::size && header.free_space_offset <= evtx::kChunkSize &&
                      (header.last_record_offset == 0 ||
                       (header.last_record_offset >= ch::size && header.last_record_offset < header.free_space_offset));
  const std::uint32_t header_crc = evtx::crc32(chunk.at(ch::size - 384), 384, evtx::crc32(chunk.at(0), ch::flags));
  header.header_checksum_ok = header_crc == chunk.u32(ch::header_checksum);
  if (header.offsets_ok) {
    const std::uint32_t records_crc = evtx::crc32(chunk.at(ch::size), header.free_space_offset - ch::size);
    header.records_checksum_ok = records_crc == chunk.u32(ch::records_checksum);
  }
  return header;
}

void append_utf16le(const std::uint8_t* bytes, std::size_t units, std::string& out, bool stop_at_nul) {
  auto put = [&out](std::uint32_t cp) { core::append_utf8(out, cp); };

  out.reserve(out.size() + units);  // exact for ASCII, the common case (names, most values)
  std::size_t i = 0;
  while (i < units) {
    // Runs of ASCII gathered and appended at once (a push_back per character cost more than
    // the conversion).
    char ascii[64];
    std::size_t run = 0;
    for (; run < sizeof ascii && i < units; ++i, ++run) {
      const std::uint32_t unit = evtx::load_u16(bytes + 2 * i);
      if (unit >= 0x80 || (unit == 0 && stop_at_nul)) break;
      ascii[run] = static_cast<char>(unit);
    }
    if (run) out.append(ascii, run);
    if (run == sizeof ascii || i == units) continue;
    const std::uint32_t unit = evtx::load_u16(bytes + 2 * i);
    if (unit == 0) return;  // stop_at_nul: an ASCII NUL otherwise went with the run
    if (unit >= 0xD800 && unit < 0xDC00 && i + 1 < units) {
      // A high surrogate takes the next unit with it; libevtx (libuna) turns an invalid pair
      // into one U+FFFD, and so does this, so that both decoders agree.
      const std::uint32_t low = evtx::load_u16(bytes + 2 * (i + 1));
      i += 2;
      put(low >= 0xDC00 && low < 0xE000 ? 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD);
      continue;
    }
    ++i;
    put(unit >= 0xD800 && unit < 0xE000 ? 0xFFFD : unit);
  }
}

bool read_name(const ChunkView& chunk, std::size_t field, std::string& name, std::size_t& next) {
  if (!ChunkView::contains(field, 4)) return false;
  const std::size_t offset = chunk.u32(field);
  next = field + 4;
  // Name structure: u32 next-in-bucket, u16 hash, u16 character count, characters, NUL.
  if (offset < evtx::chunk_header::string_table || !ChunkView::contains(offset, 8)) return false;
  const std::size_t units = chunk.u16(offset + 6);
  const std::size_t structure_size = 10 + 2 * units;
  if (!ChunkView::contains(offset, structure_size)) return false;
  name.clear();
  append_utf16le(chunk.at(offset + 8), units, name, false);
  if (offset == next) next += structure_size;  // written inline right after the field
  return true;
}

}  // namespace evtxdiag::binxml
