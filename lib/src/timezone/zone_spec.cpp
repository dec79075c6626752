// TimeZone::parse: the --tz grammar.
#include <cctype>

#include "evtxdiag/timezone.hpp"

namespace evtxdiag {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// "+09:00", "-05:30", "+0900", "+9", optionally after "UTC" or "GMT". nullopt when not of that shape.
std::optional<int> parse_offset_minutes(std::string_view s) {
  if (s.size() > 3 && (iequals(s.substr(0, 3), "utc") || iequals(s.substr(0, 3), "gmt"))) s.remove_prefix(3);
  if (s.empty() || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  const int sign = s[0] == '-' ? -1 : 1;
  s.remove_prefix(1);
  std::string digits;
  bool colon = false;
  for (const char c : s) {
    if (c == ':' && !colon && !digits.empty()) {
      colon = true;
      if (digits.size() == 1) digits.insert(0, "0");
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else {
      return std::nullopt;
    }
  }
  int hours = 0, minutes = 0;
  if (colon && digits.size() == 4) {
    hours = std::stoi(digits.substr(0, 2));
    minutes = std::stoi(digits.substr(2));
  } else if (!colon && (digits.size() == 1 || digits.size() == 2)) {
    hours = std::stoi(digits);
  } else if (!colon && digits.size() == 4) {
    hours = std::stoi(digits.substr(0, 2));
    minutes = std::stoi(digits.substr(2));
  } else {
    return std::nullopt;
  }
  if (minutes > 59) return std::nullopt;
  return sign * (hours * 60 + minutes);
}

}  // namespace

std::optional<TimeZone> TimeZone::parse(std::string_view spec, std::string* error) {
  const std::string_view s = trim(spec);
  const auto fail = [&](std::string why) -> std::optional<TimeZone> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  if (s.empty()) return fail("empty time zone");
  if (iequals(s, "utc") || iequals(s, "z") || iequals(s, "gmt") || iequals(s, "etc/utc")) return utc();
  if (s[0] == '+' || s[0] == '-' || s.size() > 3) {
    if (auto minutes = parse_offset_minutes(s)) {
      if (auto zone = fixed_offset(*minutes)) return zone;
      return fail("offset '" + std::string(s) + "' is outside -18:00..+18:00");
    }
    if (s[0] == '+' || s[0] == '-') return fail("malformed offset '" + std::string(s) + "': expected e.g. +09:00 or -05:30");
  }
  if (auto zone = from_iana(s)) return zone;
  if (auto zone = from_windows_id(s)) return zone;
  if (auto id = windows_zone_from_name(s))
    if (auto zone = from_windows_id(*id)) return zone;
  return fail("unknown time zone '" + std::string(s) +
              "': expected auto, UTC, an offset (+09:00, -05:30), an IANA name (Asia/Tokyo) or a Windows zone id "
              "(Tokyo Standard Time)");
}

}  // namespace evtxdiag
