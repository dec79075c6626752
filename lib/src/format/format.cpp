#include "format/format.hpp"

#include <array>

namespace evtxdiag::evtx {
namespace {

// Slicing-by-8 tables: table[0] is the classic byte table, table[k][b] the CRC of byte b
// followed by k zero bytes. Eight bytes per step instead of one: every chunk of every file is
// checksummed by the scan and the built-in decoder, so this is a measurable part of a read.
using CrcTables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr CrcTables make_crc_tables() {
  CrcTables tables{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320U ^ (c >> 1) : c >> 1;
    tables[0][i] = c;
  }
  for (std::size_t k = 1; k < 8; ++k)
    for (std::uint32_t i = 0; i < 256; ++i) tables[k][i] = (tables[k - 1][i] >> 8) ^ tables[0][tables[k - 1][i] & 0xFF];
  return tables;
}

constexpr CrcTables kCrc = make_crc_tables();

}  // namespace

std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc) noexcept {
  crc = ~crc;
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    const std::uint32_t low = crc ^ (std::uint32_t{data[i]} | std::uint32_t{data[i + 1]} << 8 |
                                     std::uint32_t{data[i + 2]} << 16 | std::uint32_t{data[i + 3]} << 24);
    crc = kCrc[7][low & 0xFF] ^ kCrc[6][(low >> 8) & 0xFF] ^ kCrc[5][(low >> 16) & 0xFF] ^ kCrc[4][low >> 24] ^
          kCrc[3][data[i + 4]] ^ kCrc[2][data[i + 5]] ^ kCrc[1][data[i + 6]] ^ kCrc[0][data[i + 7]];
  }
  for (; i < size; ++i) crc = kCrc[0][(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

std::uint16_t name_hash(std::u16string_view name) noexcept {
  std::uint32_t h = 0;
  for (char16_t c : name) h = h * 65599U + c;
  return static_cast<std::uint16_t>(h & 0xFFFF);
}

}  // namespace evtxdiag::evtx
