#include "writer/value_encoding.hpp"

namespace evtxdiag::evtx {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads `digits` hex digits from text[pos...] into value; false on a non-hex character.
bool read_hex(std::string_view text, std::size_t pos, std::size_t digits, std::uint64_t& value) {
  if (pos + digits > text.size()) return false;
  value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const int d = hex_digit(text[pos + i]);
    if (d < 0) return false;
    value = value * 16 + static_cast<std::uint64_t>(d);
  }
  return true;
}

// Parses a decimal number without sign; false if empty, non-digit, or above `max`.
bool read_decimal(std::string_view text, std::uint64_t max, std::uint64_t& value) {
  if (text.empty() || text.size() > 20) return false;
  value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (value > (max - digit) / 10) return false;
    value = value * 10 + digit;
  }
  return true;
}

}  // namespace

std::optional<std::u16string> utf8_to_utf16(std::string_view text) {
  std::u16string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::uint32_t cp = 0;
    std::size_t extra = 0;
    if (lead < 0x80) {
      cp = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      cp = lead & 0x1F, extra = 1;
    } else if ((lead & 0xF0) == 0xE0) {
      cp = lead & 0x0F, extra = 2;
    } else if ((lead & 0xF8) == 0xF0) {
      cp = lead & 0x07, extra = 3;
    } else {
      return std::nullopt;
    }
    if (i + extra >= text.size() && extra > 0) return std::nullopt;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cont = static_cast<unsigned char>(text[i + k]);
      if ((cont & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cont & 0x3F);
    }
    static constexpr std::uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinimum[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += extra + 1;
  }
  return out;
}

std::optional<std::array<std::uint8_t, 16>> parse_guid(std::string_view text) {
  if (text.size() == 38 && text.front() == '{' && text.back() == '}') text = text.substr(1, 36);
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') return std::nullopt;
  std::array<std::uint8_t, 16> out{};
  std::uint64_t data1 = 0, data2 = 0, data3 = 0;
  if (!read_hex(text, 0, 8, data1) || !read_hex(text, 9, 4, data2) || !read_hex(text, 14, 4, data3))
    return std::nullopt;
  for (int k = 0; k < 4; ++k) out[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(data1 >> (8 * k));
  for (int k = 0; k < 2; ++k) out[static_cast<std::size_t>(4 + k)] = static_cast<std::uint8_t>(data2 >> (8 * k));
  for (int k = 0; k < 2; ++k) out[static_cast<std::size_t>(6 + k)] = static_cast<std::uint8_t>(data3 >> (8 * k));
  static constexpr std::size_t kData4Positions[] = {19, 21, 24, 26, 28, 30, 32, 34};
  for (std::size_t k = 0; k < 8; ++k) {
    std::uint64_t byte = 0;
    if (!read_hex(text, kData4Positions[k], 2, byte)) return std::nullopt;
    out[8 + k] = static_cast<std::uint8_t>(byte);
  }
  return out;
}

std::optional<std::vector<std::uint8_t>> parse_sid(std::string_view text) {
  if (text.size() < 4 || (text[0] != 'S' && text[0] != 's') || text[1] != '-') return std::nullopt;
  std::vector<std::uint64_t> parts;
  std::size_t pos = 2;
  while (true) {
    const std::size_t dash = text.find('-', pos);
    const std::string_view part =
        text.substr(pos, dash == std::string_view::npos ? std::string_view::npos : dash - pos);
    std::uint64_t value = 0;
    if (!read_decimal(part, 0xFFFFFFFFFFFFULL, value)) return std::nullopt;
    parts.push_back(value);
    if (dash == std::string_view::npos) break;
    pos = dash + 1;
  }
  // parts: revision, authority, sub-authorities...
  if (parts.size() < 2 || parts[0] != 1 || parts.size() - 2 > 15) return std::nullopt;
  std::vector<std::uint8_t> out;
  out.push_back(1);
  out.push_back(static_cast<std::uint8_t>(parts.size() - 2));
  for (int shift = 40; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(parts[1] >> shift));
  for (std::size_t i = 2; i < parts.size(); ++i) {
    if (parts[i] > 0xFFFFFFFFULL) return std::nullopt;
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<std::uint8_t>(parts[i] >> (8 * k)));
  }
  return out;
}

std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_digit(text[i]), lo = hex_digit(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return out;
}

}  // namespace evtxdiag::evtx
