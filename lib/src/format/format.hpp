#pragma once
// EVTX on-disk constants shared by evtxdiag's own format code: the writer (synth), the
// fast record scan and the built-in binary-XML decoder. One definition of the format,
// from libyal's EVTX format document and [MS-EVEN6] (binary XML); no libevtx here.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace evtxdiag::evtx {

// --- file layout (section 2, 3)
inline constexpr std::size_t kFileHeaderBlockSize = 4096;
inline constexpr std::size_t kFileHeaderUsedSize = 128;
inline constexpr std::size_t kChunkSize = 65536;
inline constexpr std::string_view kFileSignature{"ElfFile\0", 8};
inline constexpr std::string_view kChunkSignature{"ElfChnk\0", 8};

namespace file_header {
inline constexpr std::size_t first_chunk_number = 8;
inline constexpr std::size_t last_chunk_number = 16;
inline constexpr std::size_t next_record_id = 24;
inline constexpr std::size_t header_size = 32;
inline constexpr std::size_t minor_version = 36;
inline constexpr std::size_t major_version = 38;
inline constexpr std::size_t header_block_size = 40;
inline constexpr std::size_t chunk_count = 42;
inline constexpr std::size_t flags = 120;
inline constexpr std::size_t checksum = 124;  ///< CRC32 of bytes [0, 120)
inline constexpr std::uint32_t flag_dirty = 0x1;
inline constexpr std::uint32_t flag_full = 0x2;
inline constexpr std::uint32_t flag_no_crc32 = 0x4;
}  // namespace file_header

// --- chunk header (section 4.1); offsets relative to the chunk start
namespace chunk_header {
inline constexpr std::size_t first_record_number = 8;
inline constexpr std::size_t last_record_number = 16;
inline constexpr std::size_t first_record_id = 24;
inline constexpr std::size_t last_record_id = 32;
inline constexpr std::size_t header_size = 40;  ///< must be 128
inline constexpr std::size_t last_record_offset = 44;
inline constexpr std::size_t free_space_offset = 48;
inline constexpr std::size_t records_checksum = 52;  ///< CRC32 of [512, free space)
inline constexpr std::size_t flags = 120;
inline constexpr std::size_t header_checksum = 124;  ///< CRC32 of [0,120) + [128,512)
inline constexpr std::size_t string_table = 128;     ///< 64 x u32
inline constexpr std::size_t string_buckets = 64;
inline constexpr std::size_t template_table = 384;  ///< 32 x u32
inline constexpr std::size_t template_buckets = 32;
inline constexpr std::size_t size = 512;  ///< records start here
}  // namespace chunk_header

// --- event record (section 5)
inline constexpr std::uint32_t kRecordSignature = 0x00002A2A;  ///< "**\0\0" read as LE u32
inline constexpr std::size_t kRecordHeaderSize = 24;           ///< signature, size, id, written time
inline constexpr std::size_t kRecordTrailerSize = 4;           ///< copy of the size
/// The most records one chunk can hold (each at least a header and a trailer).
inline constexpr std::uint64_t kMaxRecordsPerChunk =
    (kChunkSize - chunk_header::size) / (kRecordHeaderSize + kRecordTrailerSize);
/// FILETIME bounds of a plausible record header: 1990-01-01 and 2100-01-01, 00:00 UTC.
inline constexpr std::uint64_t kEarliestPlausibleTime = 122756256000000000ULL;
inline constexpr std::uint64_t kLatestPlausibleTime = 157469184000000000ULL;
/// Record ids above this are taken for garbage (Windows counts from 1; 2^48 is never reached).
inline constexpr std::uint64_t kLargestPlausibleRecordId = 1ULL << 48;

// --- binary XML tokens (section 6.1). Bit 0x40 marks "more follows"/"has attributes".
namespace token {
inline constexpr std::uint8_t eof = 0x00;
inline constexpr std::uint8_t open_start_element = 0x01;
inline constexpr std::uint8_t close_start_element = 0x02;
inline constexpr std::uint8_t close_empty_element = 0x03;
inline constexpr std::uint8_t end_element = 0x04;
inline constexpr std::uint8_t value = 0x05;
inline constexpr std::uint8_t attribute = 0x06;
inline constexpr std::uint8_t cdata = 0x07;
inline constexpr std::uint8_t char_ref = 0x08;
inline constexpr std::uint8_t entity_ref = 0x09;
inline constexpr std::uint8_t pi_target = 0x0A;
inline constexpr std::uint8_t pi_data = 0x0B;
inline constexpr std::uint8_t template_instance = 0x0C;
inline constexpr std::uint8_t normal_substitution = 0x0D;
inline constexpr std::uint8_t optional_substitution = 0x0E;
inline constexpr std::uint8_t fragment_header = 0x0F;
inline constexpr std::uint8_t more_flag = 0x40;
}  // namespace token

// --- value types (section 7). Array types are the base type | 0x80.
namespace value_type {
inline constexpr std::uint8_t null = 0x00;
inline constexpr std::uint8_t string = 0x01;
inline constexpr std::uint8_t ansi_string = 0x02;
inline constexpr std::uint8_t int8 = 0x03;
inline constexpr std::uint8_t uint8 = 0x04;
inline constexpr std::uint8_t int16 = 0x05;
inline constexpr std::uint8_t uint16 = 0x06;
inline constexpr std::uint8_t int32 = 0x07;
inline constexpr std::uint8_t uint32 = 0x08;
inline constexpr std::uint8_t int64 = 0x09;
inline constexpr std::uint8_t uint64 = 0x0A;
inline constexpr std::uint8_t real32 = 0x0B;
inline constexpr std::uint8_t real64 = 0x0C;
inline constexpr std::uint8_t boolean = 0x0D;
inline constexpr std::uint8_t binary = 0x0E;
inline constexpr std::uint8_t guid = 0x0F;
inline constexpr std::uint8_t size_t_ = 0x10;
inline constexpr std::uint8_t filetime = 0x11;
inline constexpr std::uint8_t systemtime = 0x12;
inline constexpr std::uint8_t sid = 0x13;
inline constexpr std::uint8_t hex_int32 = 0x14;
inline constexpr std::uint8_t hex_int64 = 0x15;
inline constexpr std::uint8_t evt_handle = 0x20;
inline constexpr std::uint8_t binxml = 0x21;
inline constexpr std::uint8_t evt_xml = 0x23;
inline constexpr std::uint8_t array_flag = 0x80;
}  // namespace value_type

/// zlib/IEEE CRC-32 (reflected 0xEDB88320, init and final xor 0xFFFFFFFF).
/// Pass a previous result as `crc` to continue over a second range.
std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc = 0) noexcept;

/// The 65599 hash of UTF-16 code units that chunk name structures store (low 16 bits).
std::uint16_t name_hash(std::u16string_view name) noexcept;

/// Little-endian loads from a byte buffer; the caller has checked the bounds.
inline std::uint16_t load_u16(const std::uint8_t* p) noexcept { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }
inline std::uint32_t load_u32(const std::uint8_t* p) noexcept {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
inline std::uint64_t load_u64(const std::uint8_t* p) noexcept {
  return static_cast<std::uint64_t>(load_u32(p)) | (static_cast<std::uint64_t>(load_u32(p + 4)) << 32);
}

/// Little-endian stores into a byte buffer (patched copies of headers and records); the caller
/// has checked the bounds.
inline void store_u16(std::uint8_t* p, std::uint16_t value) noexcept {
  p[0] = static_cast<std::uint8_t>(value);
  p[1] = static_cast<std::uint8_t>(value >> 8);
}
inline void store_u32(std::uint8_t* p, std::uint32_t value) noexcept {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(value >> (8 * i));
}
inline void store_u64(std::uint8_t* p, std::uint64_t value) noexcept {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

}  // namespace evtxdiag::evtx
