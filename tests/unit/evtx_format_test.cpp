#include <doctest/doctest.h>

#include <cstring>

#include "format/format.hpp"

using namespace evtxdiag::evtx;

TEST_CASE("crc32 matches the zlib check value and continues across ranges") {
  const char* text = "123456789";
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text);
  CHECK(crc32(bytes, 9) == 0xCBF43926U);
  CHECK(crc32(bytes + 4, 5, crc32(bytes, 4)) == 0xCBF43926U);
  CHECK(crc32(bytes, 0) == 0U);
}

TEST_CASE("crc32 over long and unaligned ranges matches zlib (eight bytes per step)") {
  std::uint8_t data[1000];
  for (int i = 0; i < 1000; ++i) data[i] = static_cast<std::uint8_t>(i * 7 + 3);
  CHECK(crc32(data, 1000) == 0x17BC2A46U);  // zlib.crc32 of the same bytes
  CHECK(crc32(data, 333) == 0x484A05C9U);
  CHECK(crc32(data + 333, 667, crc32(data, 333)) == 0x17BC2A46U);
}

TEST_CASE("chunk name hashes match the reference test vectors") {
  CHECK(name_hash(u"Event") == 0x0CBA);
  CHECK(name_hash(u"System") == 0x546F);
  CHECK(name_hash(u"Data") == 0x6F8A);
  CHECK(name_hash(u"Name") == 0x954B);
  CHECK(name_hash(u"EventData") == 0x8244);
  CHECK(name_hash(u"xmlns") == 0x0FBC);
}

TEST_CASE("little-endian loads") {
  const std::uint8_t b[8] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
  CHECK(load_u16(b) == 0x0201);
  CHECK(load_u32(b) == 0x04030201U);
  CHECK(load_u64(b) == 0x0807060504030201ULL);
}
