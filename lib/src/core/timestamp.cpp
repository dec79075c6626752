#include "evtxdiag/timestamp.hpp"

#include <date/date.h>

#include <cstdio>

#include "core/digits.hpp"
#include "core/time_text.hpp"

namespace evtxdiag {
namespace {

constexpr std::int64_t kSecondsPerDay = 86'400;

bool parse_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

// The civil date of a Unix time and the seconds since its midnight (floored: instants before
// 1970 belong to the day before).
struct CivilDay {
  date::year_month_day date;
  std::int64_t seconds_of_day;
};

CivilDay civil_day(std::int64_t unix_seconds) {
  std::int64_t days = unix_seconds / kSecondsPerDay;
  std::int64_t rem = unix_seconds % kSecondsPerDay;
  if (rem < 0) {
    rem += kSecondsPerDay;
    --days;
  }
  return {date::year_month_day{date::sys_days{date::days{days}}}, rem};
}

}  // namespace

std::int64_t Timestamp::unix_seconds() const noexcept {
  // In unsigned arithmetic: FILETIME spans all 64 bits, so ticks - epoch can overflow int64.
  // Floor division so that instants before 1970 round towards the past.
  if (ticks >= unix_epoch_ticks) return static_cast<std::int64_t>((ticks - unix_epoch_ticks) / ticks_per_second);
  return -static_cast<std::int64_t>((unix_epoch_ticks - ticks + ticks_per_second - 1) / ticks_per_second);
}

Timestamp Timestamp::from_unix(std::int64_t seconds, std::uint32_t extra_ticks) noexcept {
  const auto base = static_cast<std::int64_t>(unix_epoch_ticks) + seconds * static_cast<std::int64_t>(ticks_per_second);
  return Timestamp{static_cast<std::uint64_t>(base) + extra_ticks};
}

namespace core {

char* write_iso_utc(char* out, Timestamp time) {
  if (!time.valid()) return nullptr;
  const auto [ymd, rem] = civil_day(time.unix_seconds());
  const auto hour = static_cast<unsigned>(rem / 3600), minute = static_cast<unsigned>(rem / 60 % 60),
             second = static_cast<unsigned>(rem % 60);
  char* end = write_civil_time(out, static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                               static_cast<unsigned>(ymd.day()), hour, minute, second, time.subsecond_ticks());
  if (end) *end++ = 'Z';
  return end;
}

}  // namespace core

std::string Timestamp::iso_utc() const {
  if (!valid()) return {};
  char buf[48];
  if (char* end = core::write_iso_utc(buf, *this)) return std::string(buf, end);
  const auto [ymd, rem] = civil_day(unix_seconds());
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%07uZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(rem / 3600),
                static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60), subsecond_ticks());
  return buf;
}

std::optional<Timestamp> Timestamp::parse_iso(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!parse_digits(text, 0, 4, year) || text.size() < 19 || text[4] != '-' || !parse_digits(text, 5, 2, month) ||
      text[7] != '-' || !parse_digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != ' ') ||
      !parse_digits(text, 11, 2, hour) || text[13] != ':' || !parse_digits(text, 14, 2, minute) || text[16] != ':' ||
      !parse_digits(text, 17, 2, second))
    return std::nullopt;
  std::size_t pos = 19;
  std::uint32_t fraction_ticks = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 7) fraction_ticks = fraction_ticks * 10 + static_cast<std::uint32_t>(text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return std::nullopt;
    for (std::size_t d = digits; d < 7; ++d) fraction_ticks *= 10;
  }
  int offset_seconds = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    int off_h = 0, off_m = 0;
    if (!parse_digits(text, pos + 1, 2, off_h) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !parse_digits(text, pos + 4, 2, off_m) || off_h > 23 || off_m > 59)
      return std::nullopt;
    offset_seconds = sign * (off_h * 3600 + off_m * 60);
    pos += 6;
  } else {
    return std::nullopt;  // civil time without a zone is ambiguous: refuse it
  }
  if (pos != text.size()) return std::nullopt;
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60 || year < 1601) return std::nullopt;
  const std::int64_t days = date::sys_days{ymd}.time_since_epoch().count();
  const std::int64_t secs = days * kSecondsPerDay + hour * 3600 + minute * 60 + second - offset_seconds;
  const Timestamp result = from_unix(secs, fraction_ticks);
  if (!result.valid()) return std::nullopt;
  return result;
}

}  // namespace evtxdiag
