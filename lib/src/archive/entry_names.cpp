// See entry_names.hpp. Why valid UTF-8 is tried first: CP932 names are almost never valid
// UTF-8 (their lead bytes 0x81-0x9F are UTF-8 continuation bytes), while UTF-8 Japanese is
// rarely valid CP932 in a way that reads as text, so the order is safe.
#include "archive/entry_names.hpp"

#include <cstdint>

#include "platform/text_encoding.hpp"

namespace evtxdiag::archive {

bool is_valid_utf8(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t cp = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2, cp = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3, cp = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4, cp = byte & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (next & 0x3F);
    }
    const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < smallest[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

std::string decode_entry_name(std::string_view raw) {
  if (is_valid_utf8(raw)) return std::string(raw);
  if (auto converted = platform::cp932_to_utf8(raw)) return *converted;
  std::string out;
  for (const char c : raw) {
    if (static_cast<unsigned char>(c) < 0x80)
      out += c;
    else
      out += "\xEF\xBF\xBD";
  }
  return out;
}

}  // namespace evtxdiag::archive
