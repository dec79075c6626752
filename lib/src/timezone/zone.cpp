// TimeZone over the zone rules of timezone/zone_rules.hpp (the system's tz database through
// date/tz, or the same compiled zones embedded in the program). date::current_zone() is
// deliberately never called: it reads the analyst machine's zone.
#include <date/date.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "core/digits.hpp"
#include "core/time_text.hpp"
#include "evtxdiag/timezone.hpp"
#include "timezone/windows_names.hpp"
#include "timezone/zone_database.hpp"
#include "timezone/zone_rules.hpp"

namespace evtxdiag {

void tz::warm_up_zone_database() noexcept {
  try {
    tz::load_zone_database();
  } catch (...) {  // no readable database: reported when a zone is actually needed
  }
}

struct TimeZone::Impl {
  ZoneKind kind = ZoneKind::utc;
  std::string name = "UTC";
  std::string iana;
  std::string windows_id;
  int fixed_minutes = 0;                 // utc / fixed_offset
  const tz::ZoneRules* rules = nullptr;  // iana / windows (live for the program)
};

const std::vector<std::string>& tz::zone_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out = tz::database_zone_names();  // empty without a readable database
    std::sort(out.begin(), out.end());
    return out;
  }();
  return names;
}

namespace {

constexpr std::int64_t kTicksPerSecond = static_cast<std::int64_t>(Timestamp::ticks_per_second);
constexpr int kMaxOffsetMinutes = 18 * 60;

date::sys_seconds to_sys(Timestamp t) { return date::sys_seconds{std::chrono::seconds{t.unix_seconds()}}; }

const tz::ZoneRules* locate(std::string_view iana) { return tz::find_zone_rules(std::string(iana)); }

CivilTime civil_from_unix(std::int64_t seconds, std::uint32_t ticks) {
  auto days = date::floor<date::days>(date::sys_seconds{std::chrono::seconds{seconds}});
  const date::year_month_day ymd{days};
  const date::hh_mm_ss<std::chrono::seconds> hms{date::sys_seconds{std::chrono::seconds{seconds}} - days};
  CivilTime c;
  c.year = static_cast<int>(ymd.year());
  c.month = static_cast<unsigned>(ymd.month());
  c.day = static_cast<unsigned>(ymd.day());
  c.hour = static_cast<unsigned>(hms.hours().count());
  c.minute = static_cast<unsigned>(hms.minutes().count());
  c.second = static_cast<unsigned>(hms.seconds().count());
  c.ticks = ticks;
  return c;
}

}  // namespace

const char* to_string(ZoneKind kind) noexcept {
  switch (kind) {
    case ZoneKind::utc: return "utc";
    case ZoneKind::fixed_offset: return "fixed-offset";
    case ZoneKind::iana: return "iana";
    case ZoneKind::windows: return "windows";
  }
  return "utc";
}

std::string format_utc_offset(int minutes_east) {
  const int magnitude = minutes_east < 0 ? -minutes_east : minutes_east;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", minutes_east < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
  return buf;
}

TimeZone::TimeZone() : impl_(std::make_shared<const Impl>()) {}
TimeZone::TimeZone(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

TimeZone TimeZone::utc() { return TimeZone(); }

std::optional<TimeZone> TimeZone::fixed_offset(int minutes_east) {
  if (minutes_east < -kMaxOffsetMinutes || minutes_east > kMaxOffsetMinutes) return std::nullopt;
  auto impl = std::make_shared<Impl>();
  impl->kind = ZoneKind::fixed_offset;
  impl->name = format_utc_offset(minutes_east);
  impl->fixed_minutes = minutes_east;
  return TimeZone(std::move(impl));
}

std::optional<TimeZone> TimeZone::from_iana(std::string_view name) {
  const tz::ZoneRules* rules = locate(name);
  if (!rules) return std::nullopt;
  auto impl = std::make_shared<Impl>();
  impl->kind = ZoneKind::iana;
  impl->name = std::string(name);
  impl->iana = std::string(name);
  impl->rules = rules;
  return TimeZone(std::move(impl));
}

std::optional<TimeZone> TimeZone::from_windows_id(std::string_view windows_id) {
  const auto entry = tz::find_windows_zone(windows_id);
  if (!entry) return std::nullopt;
  const tz::ZoneRules* rules = locate(entry->iana);
  if (!rules) return std::nullopt;
  auto impl = std::make_shared<Impl>();
  impl->kind = ZoneKind::windows;
  impl->name = entry->windows_id;
  impl->iana = entry->iana;
  impl->windows_id = entry->windows_id;
  impl->rules = rules;
  return TimeZone(std::move(impl));
}

ZoneKind TimeZone::kind() const noexcept { return impl_->kind; }
const std::string& TimeZone::name() const noexcept { return impl_->name; }
const std::string& TimeZone::iana_name() const noexcept { return impl_->iana; }
const std::string& TimeZone::windows_id() const noexcept { return impl_->windows_id; }

std::string TimeZone::description() const {
  switch (impl_->kind) {
    case ZoneKind::utc: return "UTC";
    case ZoneKind::fixed_offset: return "UTC" + impl_->name + " (fixed offset, no DST)";
    case ZoneKind::iana: return impl_->name;
    case ZoneKind::windows: return impl_->name + " (" + impl_->iana + ")";
  }
  return impl_->name;
}

int TimeZone::offset_minutes(Timestamp t) const {
  if (!impl_->rules) return impl_->fixed_minutes;
  const auto info = tz::zone_info(*impl_->rules, to_sys(t));
  return static_cast<int>(info.offset.count() / 60);
}

int TimeZone::standard_offset_minutes(Timestamp t) const {
  if (!impl_->rules) return impl_->fixed_minutes;
  // With the OS tz database (TZif files) date/tz only knows *whether* DST is on (save = 1 min
  // as a flag), not by how much, so take the offset of the neighbouring standard-time period.
  const auto info = tz::zone_info(*impl_->rules, to_sys(t));
  if (info.save.count() == 0) return static_cast<int>(info.offset.count() / 60);
  const auto before = tz::zone_info(*impl_->rules, info.begin - std::chrono::seconds{1});
  if (before.save.count() == 0) return static_cast<int>(before.offset.count() / 60);
  const auto after = tz::zone_info(*impl_->rules, info.end);
  if (after.save.count() == 0) return static_cast<int>(after.offset.count() / 60);
  return static_cast<int>(info.offset.count() / 60) - 60;  // double summer time all around: assume 1 h
}

bool TimeZone::is_dst(Timestamp t) const {
  return impl_->rules && tz::zone_info(*impl_->rules, to_sys(t)).save.count() != 0;
}

std::string TimeZone::abbreviation(Timestamp t) const {
  if (!impl_->rules) return impl_->kind == ZoneKind::utc ? "UTC" : impl_->name;
  return tz::zone_info(*impl_->rules, to_sys(t)).abbrev;
}

std::string TimeZone::format_readable(Timestamp t) const {
  if (!t.valid()) return {};
  const CivilTime c = to_local(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02u:%02u:%02u ", c.year, c.month, c.day, c.hour, c.minute, c.second);
  std::string zone = abbreviation(t);
  // The tz database writes "+07" where a zone has no letters; a fixed offset is named by itself.
  const bool letters = !zone.empty() && std::all_of(zone.begin(), zone.end(), [](char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
  });
  if (!letters) zone = "UTC" + format_utc_offset(offset_minutes(t));
  return buf + zone;
}

CivilTime TimeZone::to_local(Timestamp t) const {
  return civil_from_unix(t.unix_seconds() + std::int64_t{offset_minutes(t)} * 60, t.subsecond_ticks());
}

std::string TimeZone::format_local(Timestamp t) const {
  if (!t.valid()) return {};
  char buf[64];
  if (char* end = core::write_local_time(buf, *this, t)) return std::string(buf, end);
  const int offset = offset_minutes(t);  // once: a zone with rules searches its transitions
  const CivilTime c = civil_from_unix(t.unix_seconds() + std::int64_t{offset} * 60, t.subsecond_ticks());
  char* end = core::write_civil_time(buf, c.year, c.month, c.day, c.hour, c.minute, c.second, c.ticks);
  if (!end) {  // a year beyond 9999 (or before 0): printf's widths
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02u.%07u", c.year, c.month, c.day, c.hour, c.minute,
                  c.second, c.ticks);
    return buf + format_utc_offset(offset);
  }
  return std::string(buf, end) + format_utc_offset(offset);  // 100 hours or more
}

namespace core {

char* write_local_time(char* out, const TimeZone& zone, Timestamp t) {
  if (!t.valid()) return nullptr;
  const int offset = zone.offset_minutes(t);  // once: a zone with rules searches its transitions
  const int magnitude = offset < 0 ? -offset : offset;
  if (magnitude / 60 > 99) return nullptr;
  const CivilTime c = civil_from_unix(t.unix_seconds() + std::int64_t{offset} * 60, t.subsecond_ticks());
  char* end = write_civil_time(out, c.year, c.month, c.day, c.hour, c.minute, c.second, c.ticks);
  if (!end) return nullptr;
  *end++ = offset < 0 ? '-' : '+';
  end = write_fixed_decimal(end, static_cast<std::uint32_t>(magnitude / 60), 2);
  *end++ = ':';
  return write_fixed_decimal(end, static_cast<std::uint32_t>(magnitude % 60), 2);
}

}  // namespace core

std::optional<LocalToUtc> TimeZone::from_local(const CivilTime& local) const {
  const date::year_month_day ymd{date::year{local.year}, date::month{local.month}, date::day{local.day}};
  if (!ymd.ok() || local.hour > 23 || local.minute > 59 || local.second > 59 ||
      local.ticks >= Timestamp::ticks_per_second)
    return std::nullopt;
  const auto wall = date::local_days{ymd} + std::chrono::hours{local.hour} + std::chrono::minutes{local.minute} +
                    std::chrono::seconds{local.second};
  const auto to_timestamp = [&](std::chrono::seconds offset) -> std::optional<Timestamp> {
    // (Not named "unix": emscripten's compiler predefines that as a macro.)
    const std::int64_t unix_seconds = (wall - offset).time_since_epoch().count();
    const std::int64_t ticks = unix_seconds * kTicksPerSecond + static_cast<std::int64_t>(Timestamp::unix_epoch_ticks);
    if (ticks <= 0) return std::nullopt;  // before 1601: not a FILETIME
    return Timestamp::from_unix(unix_seconds, local.ticks);
  };
  LocalToUtc result;
  std::optional<Timestamp> first;
  if (!impl_->rules) {
    first = to_timestamp(std::chrono::minutes{impl_->fixed_minutes});
  } else {
    const auto info = tz::zone_info(*impl_->rules, wall);
    first = to_timestamp(info.first.offset);
    if (info.result == date::local_info::ambiguous) {
      result.match = LocalTimeMatch::ambiguous;
      if (auto later = to_timestamp(info.second.offset)) result.alternative = *later;
    } else if (info.result == date::local_info::nonexistent) {
      result.match = LocalTimeMatch::nonexistent;
    }
  }
  if (!first) return std::nullopt;
  result.utc = *first;
  return result;
}

bool operator==(const TimeZone& a, const TimeZone& b) {
  return a.impl_->kind == b.impl_->kind && a.impl_->name == b.impl_->name && a.impl_->iana == b.impl_->iana &&
         a.impl_->fixed_minutes == b.impl_->fixed_minutes;
}

}  // namespace evtxdiag
