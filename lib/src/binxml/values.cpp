#include "binxml/values.hpp"

#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "binxml/chunk.hpp"
#include "core/digits.hpp"
#include "format/format.hpp"

namespace evtxdiag::binxml {
namespace {

namespace vt = evtx::value_type;

// "0x" and `digits` lower-case hex digits (printf's "0x%08x" / "0x%016llx").
void append_hex_number(std::string& out, std::uint64_t value, int digits) {
  char buffer[20] = {'0', 'x'};
  out.append(buffer, core::write_fixed_hex(buffer + 2, value, digits));
}

template <typename Integer>
void append_decimal(std::string& out, Integer value) {
  char buffer[24];  // any 64-bit integer
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

// libfvalue prints floating point as "%e" with a three-digit exponent: 1.500000e+000.
void append_real(std::string& out, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6e", value);
  std::string text = buffer;
  const std::size_t e = text.find('e');
  if (e != std::string::npos && e + 2 < text.size()) {
    std::string digits = text.substr(e + 2);
    while (digits.size() < 3) digits.insert(digits.begin(), '0');
    text = text.substr(0, e + 2) + digits;
  }
  out += text;
}

void append_hex_bytes(std::string& out, const std::uint8_t* data, std::size_t size) {
  static const char digits[] = "0123456789ABCDEF";
  for (std::size_t i = 0; i < size; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 0xF];
  }
}

// "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}", upper case, the first three groups little-endian.
void append_guid(std::string& out, const std::uint8_t* g) {
  char buffer[38];
  char* p = buffer;
  *p++ = '{';
  p = core::write_fixed_hex(p, evtx::load_u32(g), 8, true);
  *p++ = '-';
  p = core::write_fixed_hex(p, evtx::load_u16(g + 4), 4, true);
  *p++ = '-';
  p = core::write_fixed_hex(p, evtx::load_u16(g + 6), 4, true);
  *p++ = '-';
  for (int i = 8; i < 16; ++i) {
    if (i == 10) *p++ = '-';
    p = core::write_fixed_hex(p, g[i], 2, true);
  }
  *p++ = '}';
  out.append(buffer, p);
}

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

// FILETIME as libevtx prints it: nanoseconds, 9 digits, "Z".
void append_filetime(std::string& out, std::uint64_t ticks) {
  const std::uint64_t seconds = ticks / 10'000'000ULL;
  const std::uint64_t fraction = ticks % 10'000'000ULL;
  const std::int64_t days = static_cast<std::int64_t>(seconds / 86400) - 134774;  // 1601 -> 1970
  const std::uint64_t in_day = seconds % 86400;
  std::int64_t year = 0;
  unsigned month = 0, day = 0;
  civil_from_days(days, year, month, day);
  char buffer[64];
  const auto nanoseconds = static_cast<std::uint32_t>(fraction * 100);  // < 10^9
  if (year >= 0 && year <= 9999) {
    char* p = core::write_civil_time(buffer, static_cast<int>(year), month, day, static_cast<unsigned>(in_day / 3600),
                                     static_cast<unsigned>(in_day / 60 % 60), static_cast<unsigned>(in_day % 60), 0);
    p -= 7;  // nanoseconds (9 digits), not the 7 of 100 ns ticks
    p = core::write_fixed_decimal(p, nanoseconds, 9);
    *p++ = 'Z';
    out.append(buffer, p);
    return;
  }
  std::snprintf(buffer, sizeof buffer, "%04" PRId64 "-%02u-%02uT%02u:%02u:%02u.%09" PRIu64 "Z", year, month, day,
                static_cast<unsigned>(in_day / 3600), static_cast<unsigned>(in_day / 60 % 60),
                static_cast<unsigned>(in_day % 60), fraction * 100);
  out += buffer;
}

void append_systemtime(std::string& out, const std::uint8_t* p) {
  char buffer[64];
  const unsigned millisecond = evtx::load_u16(p + 14);
  if (millisecond <= 999)
    if (char* end = core::write_civil_time(buffer, evtx::load_u16(p), evtx::load_u16(p + 2), evtx::load_u16(p + 6),
                                           evtx::load_u16(p + 8), evtx::load_u16(p + 10), evtx::load_u16(p + 12), 0)) {
      end -= 7;  // milliseconds (3 digits), not the 7 of 100 ns ticks
      end = core::write_fixed_decimal(end, millisecond, 3);
      *end++ = 'Z';
      out.append(buffer, end);
      return;
    }
  // Fields out of range (a damaged value): printf's widths.
  std::snprintf(buffer, sizeof buffer, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", evtx::load_u16(p), evtx::load_u16(p + 2),
                evtx::load_u16(p + 6), evtx::load_u16(p + 8), evtx::load_u16(p + 10), evtx::load_u16(p + 12),
                evtx::load_u16(p + 14));
  out += buffer;
}

bool append_sid(std::string& out, const std::uint8_t* p, std::size_t size) {
  if (size < 8 || size < 8 + 4 * static_cast<std::size_t>(p[1])) return false;
  std::uint64_t authority = 0;
  for (int i = 2; i < 8; ++i) authority = (authority << 8) | p[i];
  out += "S-";
  append_decimal(out, unsigned{p[0]});
  out += '-';
  append_decimal(out, authority);
  for (std::size_t i = 0; i < p[1]; ++i) {
    out += '-';
    append_decimal(out, evtx::load_u32(p + 8 + 4 * i));
  }
  return true;
}

std::size_t fixed_size(std::uint8_t type) {
  switch (type) {
    case vt::int8:
    case vt::uint8: return 1;
    case vt::int16:
    case vt::uint16: return 2;
    case vt::int32:
    case vt::uint32:
    case vt::real32:
    case vt::boolean:
    case vt::hex_int32: return 4;
    case vt::int64:
    case vt::uint64:
    case vt::real64:
    case vt::filetime:
    case vt::hex_int64: return 8;
    case vt::guid:
    case vt::systemtime: return 16;
    default: return 0;
  }
}

}  // namespace

void append_cp1252(const std::uint8_t* data, std::size_t size, std::string& out) {
  // Windows-1252 0x80..0x9F; 0 marks the five undefined positions (kept as U+FFFD).
  static const std::uint16_t high[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                         0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                         0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                         0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  for (std::size_t i = 0; i < size && data[i] != 0; ++i) {
    std::uint16_t cp = data[i];
    if (cp >= 0x80 && cp < 0xA0) cp = high[cp - 0x80] ? high[cp - 0x80] : 0xFFFD;
    const std::uint8_t utf16[2] = {static_cast<std::uint8_t>(cp & 0xFF), static_cast<std::uint8_t>(cp >> 8)};
    append_utf16le(utf16, 1, out, true);
  }
}

bool format_value(std::uint8_t type, const std::uint8_t* p, std::size_t size, std::string& out, std::string& error) {
  const std::size_t need = fixed_size(type);
  if (need != 0 && size != need) {
    error = "value of type 0x" + std::to_string(type) + " has size " + std::to_string(size);
    return false;
  }
  switch (type) {
    case vt::null: return true;
    case vt::string: append_utf16le(p, size / 2, out, true); return true;
    case vt::ansi_string: append_cp1252(p, size, out); return true;
    case vt::int8: append_decimal(out, static_cast<int>(static_cast<std::int8_t>(p[0]))); return true;
    case vt::uint8: append_decimal(out, unsigned{p[0]}); return true;
    case vt::int16: append_decimal(out, int{static_cast<std::int16_t>(evtx::load_u16(p))}); return true;
    case vt::uint16: append_decimal(out, unsigned{evtx::load_u16(p)}); return true;
    case vt::int32: append_decimal(out, static_cast<std::int32_t>(evtx::load_u32(p))); return true;
    case vt::uint32: append_decimal(out, evtx::load_u32(p)); return true;
    case vt::int64: append_decimal(out, static_cast<std::int64_t>(evtx::load_u64(p))); return true;
    case vt::uint64: append_decimal(out, evtx::load_u64(p)); return true;
    case vt::real32: {
      float value;
      std::memcpy(&value, p, 4);
      append_real(out, value);
      return true;
    }
    case vt::real64: {
      double value;
      std::memcpy(&value, p, 8);
      append_real(out, value);
      return true;
    }
    case vt::boolean: out += evtx::load_u32(p) != 0 ? "true" : "false"; return true;
    case vt::binary: append_hex_bytes(out, p, size); return true;
    case vt::guid: append_guid(out, p); return true;
    case vt::size_t_:
      if (size == 4) {
        out += std::to_string(evtx::load_u32(p));
        return true;
      }
      if (size == 8) {
        out += std::to_string(evtx::load_u64(p));
        return true;
      }
      error = "SizeT value of size " + std::to_string(size);
      return false;
    case vt::filetime: append_filetime(out, evtx::load_u64(p)); return true;
    case vt::systemtime: append_systemtime(out, p); return true;
    case vt::sid:
      if (append_sid(out, p, size)) return true;
      error = "SID value of size " + std::to_string(size) + " too short";
      return false;
    case vt::hex_int32: append_hex_number(out, evtx::load_u32(p), 8); return true;
    case vt::hex_int64: append_hex_number(out, evtx::load_u64(p), 16); return true;
    default: error = "unsupported value type " + std::to_string(type); return false;
  }
}

bool unsigned_value(std::uint8_t type, const std::uint8_t* p, std::size_t size, unsigned long long& value) {
  const std::size_t need = type == vt::size_t_ ? (size == 4 || size == 8 ? size : 0) : fixed_size(type);
  if (need == 0 || size != need) return false;
  std::int64_t signed_value = 0;
  switch (type) {
    case vt::uint8: value = p[0]; return true;
    case vt::uint16: value = evtx::load_u16(p); return true;
    case vt::uint32:
    case vt::hex_int32: value = evtx::load_u32(p); return true;
    case vt::uint64:
    case vt::hex_int64: value = evtx::load_u64(p); return true;
    case vt::size_t_: value = size == 4 ? evtx::load_u32(p) : evtx::load_u64(p); return true;
    case vt::int8: signed_value = static_cast<std::int8_t>(p[0]); break;
    case vt::int16: signed_value = static_cast<std::int16_t>(evtx::load_u16(p)); break;
    case vt::int32: signed_value = static_cast<std::int32_t>(evtx::load_u32(p)); break;
    case vt::int64: signed_value = static_cast<std::int64_t>(evtx::load_u64(p)); break;
    default: return false;
  }
  if (signed_value < 0) return false;
  value = static_cast<unsigned long long>(signed_value);
  return true;
}

bool value_has_text(std::uint8_t type, const std::uint8_t* p, std::size_t size, std::string& error) {
  const std::size_t need = fixed_size(type);
  if (need != 0) {
    if (size == need) return true;
    error = "value of type 0x" + std::to_string(type) + " has size " + std::to_string(size);
    return false;
  }
  switch (type) {
    case vt::null:
    case vt::string:
    case vt::ansi_string:
    case vt::binary: return true;
    case vt::size_t_:
      if (size == 4 || size == 8) return true;
      error = "SizeT value of size " + std::to_string(size);
      return false;
    case vt::sid:
      if (size >= 8 && size >= 8 + 4 * static_cast<std::size_t>(p[1])) return true;
      error = "SID value of size " + std::to_string(size) + " too short";
      return false;
    default: error = "unsupported value type " + std::to_string(type); return false;
  }
}

bool split_array(std::uint8_t type, const std::uint8_t* data, std::size_t size,
                 std::vector<std::pair<const std::uint8_t*, std::size_t>>& items, std::string& error) {
  const std::uint8_t base = type & static_cast<std::uint8_t>(~vt::array_flag);
  items.clear();
  if (base == vt::string || base == vt::ansi_string) {
    const std::size_t unit = base == vt::string ? 2 : 1;
    std::size_t start = 0;
    for (std::size_t i = 0; i + unit <= size; i += unit) {
      const bool nul = unit == 2 ? evtx::load_u16(data + i) == 0 : data[i] == 0;
      if (nul) {
        items.emplace_back(data + start, i - start);
        start = i + unit;
      }
    }
    if (start + unit <= size) items.emplace_back(data + start, size - start);
    return true;
  }
  if (base == vt::sid) {
    for (std::size_t p = 0; p < size;) {
      if (size - p < 8 || size - p < 8 + 4 * static_cast<std::size_t>(data[p + 1])) {
        error = "SID array item runs past the value";
        return false;
      }
      const std::size_t item = 8 + 4 * static_cast<std::size_t>(data[p + 1]);
      items.emplace_back(data + p, item);
      p += item;
    }
    return true;
  }
  std::size_t item = fixed_size(base);
  if (base == vt::size_t_) item = 8;
  if (item == 0 || size % item != 0) {
    error = "array of type " + std::to_string(type) + " with size " + std::to_string(size) + " not supported";
    return false;
  }
  for (std::size_t p = 0; p < size; p += item) items.emplace_back(data + p, item);
  return true;
}

}  // namespace evtxdiag::binxml
