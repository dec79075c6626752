// Typed substitution values: text -> bytes (see typed_value.hpp) and the type names.
#include "writer/typed_value.hpp"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include "binxml/values.hpp"
#include "evtxdiag/timestamp.hpp"
#include "format/format.hpp"
#include "writer/value_encoding.hpp"

namespace evtxdiag::evtx {
namespace {

struct Integer {
  bool negative = false;
  std::uint64_t magnitude = 0;
  bool hex = false;
};

// "-123", "123", "0x7B" (hex never negative); nullopt for anything else or above 2^64 - 1.
std::optional<Integer> parse_integer(std::string_view text) {
  Integer out;
  if (!text.empty() && text.front() == '-') {
    out.negative = true;
    text.remove_prefix(1);
  }
  if (!out.negative && text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    out.hex = true;
    text.remove_prefix(2);
  }
  if (text.empty()) return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out.magnitude, out.hex ? 16 : 10);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return out;
}

std::vector<std::uint8_t> little_endian(std::uint64_t value, std::size_t width) {
  std::vector<std::uint8_t> out(width);
  for (std::size_t k = 0; k < width; ++k) out[k] = static_cast<std::uint8_t>(value >> (8 * k));
  return out;
}

enum class Signedness { unsigned_, signed_, hex };

// Integer types of `width` bytes. Unsigned: decimal or 0x hex. Signed: decimal within the
// type's range, or 0x hex as the raw bits. HexInt: unsigned decimal, 0x hex, or negative
// decimal taken as two's complement (an HRESULT logged as -2139619167 is 0x807800A1).
std::optional<std::vector<std::uint8_t>> encode_integer(std::string_view text, std::size_t width, Signedness kind,
                                                        std::string& why) {
  const auto parsed = parse_integer(text);
  const std::uint64_t max = width == 8 ? UINT64_MAX : (1ULL << (8 * width)) - 1;
  const std::uint64_t half = 1ULL << (8 * width - 1);  // |minimum| of the signed type
  bool ok = parsed.has_value();
  if (ok && parsed->negative) ok = kind != Signedness::unsigned_ && parsed->magnitude <= half && parsed->magnitude > 0;
  if (ok && !parsed->negative) ok = parsed->magnitude <= (kind == Signedness::signed_ && !parsed->hex ? half - 1 : max);
  if (!ok) {
    static const char* const kForms[] = {"decimal or 0x hex", "decimal within the signed range, or 0x hex",
                                         "decimal, negative decimal or 0x hex"};
    why = "'" + std::string(text) + "' is not a " + std::to_string(8 * width) + "-bit " +
          (kind == Signedness::unsigned_ ? "unsigned " : "") + "integer (" + kForms[static_cast<int>(kind)] + ")";
    return std::nullopt;
  }
  const std::uint64_t bits = parsed->negative ? (~parsed->magnitude + 1) & max : parsed->magnitude;
  return little_endian(bits, width);
}

// std::from_chars for a double where the standard library has it; libc++ before 17 (the
// browser build's, emscripten 3.1.6) has not: there strtod (whose C library ignores locales),
// held to from_chars' syntax (no leading space, '+' or hex) so that both accept the same text.
bool parse_double(std::string_view text, double& value) {
#if defined(__cpp_lib_to_chars)
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
#else
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front())) || text.front() == '+') return false;
  const std::string_view digits = text.front() == '-' ? text.substr(1) : text;
  if (digits.size() > 1 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) return false;
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  value = std::strtod(copy.c_str(), &end);
  return errno != ERANGE && end == copy.c_str() + copy.size();
#endif
}

std::optional<std::vector<std::uint8_t>> encode_real(std::string_view text, bool single, std::string& why) {
  double value = 0;
  if (!parse_double(text, value)) {
    why = "'" + std::string(text) + "' is not a decimal number";
    return std::nullopt;
  }
  std::vector<std::uint8_t> out(single ? 4 : 8);
  if (single) {
    const float narrow = static_cast<float>(value);
    std::memcpy(out.data(), &narrow, 4);
  } else {
    std::memcpy(out.data(), &value, 8);
  }
  return out;
}

// Windows-1252 bytes for one code point; 0 when it has none (NUL is refused by the caller).
std::uint8_t cp1252_byte(std::uint32_t cp) {
  if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) return static_cast<std::uint8_t>(cp);
  static const std::uint16_t high[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                         0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                         0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                         0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  for (std::uint8_t i = 0; i < 32; ++i)
    if (high[i] != 0 && high[i] == cp) return static_cast<std::uint8_t>(0x80 + i);
  return 0;
}

std::optional<std::vector<std::uint8_t>> encode_ansi(std::string_view text, std::string& why) {
  const auto utf16 = utf8_to_utf16(text);
  std::vector<std::uint8_t> out;
  bool ok = utf16.has_value();
  for (std::size_t i = 0; ok && i < utf16->size(); ++i) {
    const std::uint8_t byte = cp1252_byte((*utf16)[i]);
    ok = byte != 0;
    out.push_back(byte);
  }
  if (!ok) {
    why = "'" + std::string(text) + "' is not text of Windows-1252 (AnsiString) without NUL";
    return std::nullopt;
  }
  return out;
}

// Reads up to five digits into `value`; false when there are none.
bool read_field(std::string_view text, std::size_t& pos, unsigned& value) {
  const std::size_t start = pos;
  value = 0;
  while (pos < text.size() && pos - start < 5 && std::isdigit(static_cast<unsigned char>(text[pos])))
    value = value * 10 + static_cast<unsigned>(text[pos++] - '0');
  return pos > start;
}

// SYSTEMTIME: "YYYY-MM-DDTHH:MM:SS[.mmm]Z" read field by field (any u16 values, as readers
// print whatever is stored); the day of the week is computed for real dates.
std::optional<std::vector<std::uint8_t>> encode_systemtime(std::string_view text, std::string& why) {
  static const char separators[] = {'-', '-', 'T', ':', ':'};
  unsigned fields[7] = {0, 0, 0, 0, 0, 0, 0};  // year, month, day, hour, minute, second, ms
  std::size_t pos = 0;
  bool ok = true;
  for (std::size_t i = 0; ok && i < 6; ++i) {
    ok = read_field(text, pos, fields[i]) && fields[i] <= 0xFFFF;
    if (ok && i < 5) ok = pos < text.size() && text[pos++] == separators[i];
  }
  if (ok && pos < text.size() && text[pos] == '.') {
    const std::size_t start = ++pos;
    ok = read_field(text, pos, fields[6]) && pos - start <= 3;
    for (std::size_t digits = pos - start; ok && digits < 3; ++digits) fields[6] *= 10;  // ".5" = 500 ms
  }
  if (!ok || pos + 1 != text.size() || text[pos] != 'Z') {
    why = "'" + std::string(text) + "' is not a SYSTEMTIME like 2012-01-18T07:26:31.310Z";
    return std::nullopt;
  }
  unsigned weekday = 0;  // Sunday = 0
  if (const auto date = Timestamp::parse_iso(std::string(text.substr(0, 10)) + "T00:00:00Z"))
    weekday = static_cast<unsigned>(((date->unix_seconds() / 86400) % 7 + 11) % 7);  // 1970-01-01 was a Thursday
  const unsigned stored[8] = {fields[0], fields[1], weekday, fields[2], fields[3], fields[4], fields[5], fields[6]};
  std::vector<std::uint8_t> out;
  for (unsigned v : stored)
    out.push_back(static_cast<std::uint8_t>(v & 0xFF)), out.push_back(static_cast<std::uint8_t>(v >> 8));
  return out;
}

std::optional<std::vector<std::uint8_t>> encode_filetime(std::string_view text, std::string& why) {
  if (const auto time = Timestamp::parse_iso(text)) return little_endian(time->ticks, 8);
  if (const auto ticks = parse_integer(text); ticks && !ticks->negative) return little_endian(ticks->magnitude, 8);
  why = "'" + std::string(text) + "' is not a FILETIME (ISO time in UTC with Z, or 100 ns ticks since 1601)";
  return std::nullopt;
}

std::optional<std::vector<std::uint8_t>> encode_boolean(std::string_view text, std::string& why) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "true" || lower == "1") return little_endian(1, 4);
  if (lower == "false" || lower == "0") return little_endian(0, 4);
  why = "'" + std::string(text) + "' is not a Boolean (true, false, 1 or 0)";
  return std::nullopt;
}

template <typename T>
std::optional<std::vector<std::uint8_t>> bytes_of(const std::optional<T>& parsed, std::string_view text,
                                                  const char* expected, std::string& why) {
  if (!parsed) {
    why = "'" + std::string(text) + "' is not " + expected;
    return std::nullopt;
  }
  return std::vector<std::uint8_t>(parsed->begin(), parsed->end());
}

}  // namespace

std::optional<std::vector<std::uint8_t>> encode_item(ValueType type, std::string_view text, std::string& why) {
  switch (type) {
    case ValueType::null: why = "a Null value has no items"; return std::nullopt;
    case ValueType::string: {
      const auto utf16 = utf8_to_utf16(text);
      if (!utf16) {
        why = "not valid UTF-8";
        return std::nullopt;
      }
      std::vector<std::uint8_t> out;
      for (char16_t c : *utf16)
        out.push_back(static_cast<std::uint8_t>(c & 0xFF)), out.push_back(static_cast<std::uint8_t>(c >> 8));
      return out;
    }
    case ValueType::ansi_string: return encode_ansi(text, why);
    case ValueType::int8: return encode_integer(text, 1, Signedness::signed_, why);
    case ValueType::uint8: return encode_integer(text, 1, Signedness::unsigned_, why);
    case ValueType::int16: return encode_integer(text, 2, Signedness::signed_, why);
    case ValueType::uint16: return encode_integer(text, 2, Signedness::unsigned_, why);
    case ValueType::int32: return encode_integer(text, 4, Signedness::signed_, why);
    case ValueType::uint32: return encode_integer(text, 4, Signedness::unsigned_, why);
    case ValueType::hex_int32: return encode_integer(text, 4, Signedness::hex, why);
    case ValueType::int64: return encode_integer(text, 8, Signedness::signed_, why);
    case ValueType::uint64:
    case ValueType::size_t_: return encode_integer(text, 8, Signedness::unsigned_, why);
    case ValueType::hex_int64: return encode_integer(text, 8, Signedness::hex, why);
    case ValueType::real32: return encode_real(text, true, why);
    case ValueType::real64: return encode_real(text, false, why);
    case ValueType::boolean: return encode_boolean(text, why);
    case ValueType::binary: return bytes_of(parse_hex(text), text, "hex digits (an even number of them)", why);
    case ValueType::guid:
      return bytes_of(parse_guid(text), text, "a GUID like {01234567-89ab-cdef-0123-456789abcdef}", why);
    case ValueType::filetime: return encode_filetime(text, why);
    case ValueType::systemtime: return encode_systemtime(text, why);
    case ValueType::sid: return bytes_of(parse_sid(text), text, "a SID like S-1-5-18", why);
  }
  why = "unknown value type";
  return std::nullopt;
}

std::optional<std::vector<std::uint8_t>> encode_value(const PayloadValue& value, std::string& why) {
  if (value.type == ValueType::null) {
    if (!value.items.empty() || value.array) {
      why = "a Null value has no items";
      return std::nullopt;
    }
    return std::vector<std::uint8_t>{};
  }
  if (!value.array && value.items.size() != 1) {
    why = "a scalar value needs exactly one item";
    return std::nullopt;
  }
  if (value.array && value.type == ValueType::binary) {
    why = "a Binary array cannot be written (its items could not be told apart)";
    return std::nullopt;
  }
  std::vector<std::uint8_t> out;
  for (const std::string& item : value.items) {
    auto bytes = encode_item(value.type, item, why);
    if (!bytes) return std::nullopt;
    const bool text = value.type == ValueType::string || value.type == ValueType::ansi_string;
    if (value.array && text) {
      const std::size_t unit = value.type == ValueType::string ? 2 : 1;
      for (std::size_t i = 0; i + unit <= bytes->size(); i += unit)
        if (bytes->at(i) == 0 && (unit == 1 || bytes->at(i + 1) == 0)) {
          why = "an item of a string array cannot contain NUL";
          return std::nullopt;
        }
      bytes->insert(bytes->end(), unit, 0);
    }
    out.insert(out.end(), bytes->begin(), bytes->end());
  }
  return out;
}

std::uint8_t stored_type(const PayloadValue& value) noexcept {
  const auto type = static_cast<std::uint8_t>(value.type);
  return value.array ? static_cast<std::uint8_t>(type | value_type::array_flag) : type;
}

std::string rendered_item(ValueType type, const std::vector<std::uint8_t>& bytes) {
  std::string out, why;
  if (!binxml::format_value(static_cast<std::uint8_t>(type), bytes.data(), bytes.size(), out, why)) return {};
  return out;
}

}  // namespace evtxdiag::evtx
