#include "evtx/format.hpp"

#include <array>

namespace evtxdiag::evtx {
namespace {

constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320U ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

constexpr auto kCrcTable = make_crc_table();

}  // namespace

std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc) noexcept {
  crc = ~crc;
  for (std::size_t i = 0; i < size; ++i) crc = kCrcTable[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

std::uint16_t name_hash(std::u16string_view name) noexcept {
  std::uint32_t h = 0;
  for (char16_t c : name) h = h * 65599U + c;
  return static_cast<std::uint16_t>(h & 0xFFFF);
}

}  // namespace evtxdiag::evtx
