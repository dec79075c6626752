#pragma once
// Fixed-width decimal and hexadecimal digits written straight into a buffer: the times and
// keywords of every dumped event (snprintf's format parsing cost more than the digits).
// Each writer returns the position after what it wrote; none writes a terminating NUL.
#include <cstdint>

namespace evtxdiag::core {

/// `value` as exactly `width` decimal digits, zero-padded (value must fit: < 10^width).
inline char* write_fixed_decimal(char* out, std::uint32_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

/// The low `width` hexadecimal digits of `value`, zero-padded, lower or upper case.
inline char* write_fixed_hex(char* out, std::uint64_t value, int width, bool upper = false) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  for (int i = width - 1; i >= 0; --i) {
    out[i] = digits[value & 0xF];
    value >>= 4;
  }
  return out + width;
}

/// `value` as 16 lower-case hexadecimal digits, zero-padded.
inline char* write_hex16(char* out, std::uint64_t value) { return write_fixed_hex(out, value, 16); }

/// "YYYY-MM-DDThh:mm:ss.fffffff" (27 characters) as printf's "%04d-%02u-%02uT%02u:%02u:%02u.%07u"
/// writes it for a year of 0..9999; returns nullptr for any other year, which the caller then
/// formats the slow way (a FILETIME reaches year 30828).
inline char* write_civil_time(char* out, int year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                              unsigned second, std::uint32_t ticks) {
  if (year < 0 || year > 9999 || month > 99 || day > 99 || hour > 99 || minute > 99 || second > 99 || ticks > 9'999'999)
    return nullptr;
  out = write_fixed_decimal(out, static_cast<std::uint32_t>(year), 4);
  *out++ = '-';
  out = write_fixed_decimal(out, month, 2);
  *out++ = '-';
  out = write_fixed_decimal(out, day, 2);
  *out++ = 'T';
  out = write_fixed_decimal(out, hour, 2);
  *out++ = ':';
  out = write_fixed_decimal(out, minute, 2);
  *out++ = ':';
  out = write_fixed_decimal(out, second, 2);
  *out++ = '.';
  return write_fixed_decimal(out, ticks, 7);
}

}  // namespace evtxdiag::core
