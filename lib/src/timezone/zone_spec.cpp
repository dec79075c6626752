// TimeZone::parse: the --tz grammar, lenient with what engineers actually type ("JST",
// "Tokyo", "Asia/tokyo", "tokyo standard time") and explicit about what it understood.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "evtxdiag/timezone.hpp"
#include "timezone/windows_names.hpp"
#include "timezone/zone_database.hpp"

namespace evtxdiag {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) { return a.size() == b.size() && lower(a) == lower(b); }

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

// Abbreviations people type, read the way they mean them: "EST" for New York's clock with its
// DST (the tz database's own "EST" zone is a fixed UTC-05:00), "JST" for Japan. Only
// abbreviations with one common meaning are here; the ambiguous ones are refused below.
struct Abbreviation {
  const char* text;
  const char* iana;
};
constexpr Abbreviation kAbbreviations[] = {
    {"JST", "Asia/Tokyo"},          {"KST", "Asia/Seoul"},          {"HKT", "Asia/Hong_Kong"},
    {"SGT", "Asia/Singapore"},      {"PHT", "Asia/Manila"},         {"ICT", "Asia/Bangkok"},
    {"WIB", "Asia/Jakarta"},        {"AEST", "Australia/Sydney"},   {"AEDT", "Australia/Sydney"},
    {"ACST", "Australia/Adelaide"}, {"AWST", "Australia/Perth"},    {"NZST", "Pacific/Auckland"},
    {"NZDT", "Pacific/Auckland"},   {"CET", "Europe/Berlin"},       {"CEST", "Europe/Berlin"},
    {"MET", "Europe/Berlin"},       {"EET", "Europe/Helsinki"},     {"EEST", "Europe/Helsinki"},
    {"WET", "Europe/Lisbon"},       {"WEST", "Europe/Lisbon"},      {"MSK", "Europe/Moscow"},
    {"TRT", "Europe/Istanbul"},     {"EST", "America/New_York"},    {"EDT", "America/New_York"},
    {"ET", "America/New_York"},     {"MST", "America/Denver"},      {"MDT", "America/Denver"},
    {"MT", "America/Denver"},       {"PST", "America/Los_Angeles"}, {"PDT", "America/Los_Angeles"},
    {"PT", "America/Los_Angeles"},  {"AKST", "America/Anchorage"},  {"AKDT", "America/Anchorage"},
    {"HST", "Pacific/Honolulu"},    {"BRT", "America/Sao_Paulo"},   {"ART", "America/Argentina/Buenos_Aires"},
};
struct Ambiguous {
  const char* text;
  const char* meanings;
};
constexpr Ambiguous kAmbiguous[] = {
    {"CST", "America/Chicago (US Central), Asia/Shanghai (China) or America/Havana (Cuba)"},
    {"CDT", "America/Chicago (US Central) or America/Havana (Cuba)"},
    {"CT", "America/Chicago (US Central)"},
    {"IST", "Asia/Kolkata (India), Asia/Jerusalem (Israel) or Europe/Dublin (Ireland)"},
    {"BST", "Europe/London (British Summer Time) or Asia/Dhaka (Bangladesh)"},
    {"AST", "America/Halifax (Atlantic) or Asia/Riyadh (Arabia)"},
};

// Edit distance (Levenshtein) over lower-case text, stopping early past `limit`.
std::size_t distance(const std::string& a, const std::string& b, std::size_t limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return row[b.size()];
}

// The last part of an IANA name as people say it: "America/New_York" -> "new york".
std::string city_of(const std::string& iana) {
  std::string city = lower(iana.substr(iana.find_last_of('/') + 1));
  std::replace(city.begin(), city.end(), '_', ' ');
  return city;
}

// Up to three names close to `wanted`: IANA names (whole or city), Windows ids, abbreviations.
std::vector<std::string> suggestions(std::string_view wanted) {
  const std::string key = lower(wanted);
  std::vector<std::pair<std::size_t, std::string>> scored;
  const auto consider = [&](const std::string& candidate, const std::string& compared) {
    const std::size_t limit = std::max<std::size_t>(2, key.size() / 4);
    const std::size_t d = distance(key, compared, limit);
    if (d <= limit) scored.emplace_back(d, candidate);
  };
  for (const std::string& name : tz::zone_names()) {
    consider(name, lower(name));
    consider(name, city_of(name));
  }
  for (const std::string& id : tz::windows_zone_ids()) consider(id, lower(id));
  for (const auto& a : kAbbreviations) consider(a.text, lower(a.text));
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (const auto& [d, name] : scored)
    if (std::find(out.begin(), out.end(), name) == out.end() && out.size() < 3) out.push_back(name);
  return out;
}

// "Etc/GMT+9": POSIX names count hours *west*, so this is UTC-09:00. Returns the offset in
// minutes east when `s` is such a name.
std::optional<int> posix_etc_offset(std::string_view s) {
  const std::string key = lower(s);
  if (key.rfind("etc/gmt", 0) != 0 || key.size() <= 7 || (key[7] != '+' && key[7] != '-')) return std::nullopt;
  const std::string digits = key.substr(8);
  if (digits.empty() || digits.size() > 2 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return std::nullopt;
  const int hours = std::atoi(digits.c_str());
  return key[7] == '+' ? -hours * 60 : hours * 60;
}

}  // namespace

std::optional<TimeZone> TimeZone::parse(std::string_view spec, std::string* error) {
  return parse(spec, error, nullptr);
}

std::optional<TimeZone> TimeZone::parse(std::string_view spec, std::string* error, std::string* note) {
  const std::string_view s = trim(spec);
  const std::string given(s);
  const auto fail = [&](std::string why) -> std::optional<TimeZone> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  const auto noted = [&](std::optional<TimeZone> zone, std::string text) {
    if (zone && note) *note = std::move(text);
    return zone;
  };
  if (s.empty()) return fail("empty time zone");
  if (iequals(s, "utc") || iequals(s, "z") || iequals(s, "gmt") || iequals(s, "etc/utc")) return utc();
  if (s[0] == '+' || s[0] == '-' || s.size() > 3) {
    if (auto minutes = parse_offset_minutes(s)) {
      if (auto zone = fixed_offset(*minutes)) return zone;
      return fail("offset '" + given + "' is outside -18:00..+18:00");
    }
    if (s[0] == '+' || s[0] == '-') return fail("malformed offset '" + given + "': expected e.g. +09:00 or -05:30");
  }
  for (const auto& a : kAbbreviations)
    if (iequals(s, a.text))
      return noted(from_iana(a.iana), "--tz " + given + " is read as " + a.iana + " (with its daylight-saving rules)");
  for (const auto& a : kAmbiguous)
    if (iequals(s, a.text))
      return fail("'" + given + "' is ambiguous: it can mean " + a.meanings + "; give the IANA name or an offset");
  if (auto minutes = posix_etc_offset(s)) {
    auto zone = from_iana("Etc/GMT" + given.substr(7));
    return noted(zone, given + " is UTC" + format_utc_offset(*minutes) +
                           ": POSIX zone names count hours west of UTC, the opposite of what they seem to say (for "
                           "UTC" +
                           format_utc_offset(-*minutes) + " give " + format_utc_offset(-*minutes) + ")");
  }
  if (auto zone = from_iana(s)) return zone;
  if (auto zone = from_windows_id(s)) return zone;
  if (auto id = windows_zone_from_name(s))
    if (auto zone = from_windows_id(*id)) return zone;
  // Case-insensitive IANA names, then unique city names ("tokyo", "new york", "Sao_Paulo").
  const std::string key = lower(s);
  std::string spaced = key;
  std::replace(spaced.begin(), spaced.end(), '_', ' ');
  std::vector<std::string> cities;
  for (const std::string& name : tz::zone_names()) {
    if (lower(name) == key) return noted(from_iana(name), "--tz " + given + " is read as " + name);
    if (name.find('/') != std::string::npos && name.rfind("Etc/", 0) != 0 && city_of(name) == spaced)
      cities.push_back(name);
  }
  if (cities.size() == 1) return noted(from_iana(cities.front()), "--tz " + given + " is read as " + cities.front());
  std::string why = "unknown time zone '" + given + "'";
  const auto near = cities.size() > 1 ? cities : suggestions(s);
  if (!near.empty()) {
    why += cities.size() > 1 ? "; it names several zones: " : "; did you mean ";
    for (std::size_t i = 0; i < near.size(); ++i) why += (i ? ", " : "") + near[i];
    why += cities.size() > 1 ? "." : "?";
  } else {
    why += ".";
  }
  return fail(why +
              " Accepted: auto, UTC, an offset (+09:00, -05:30), an IANA name (Asia/Tokyo), a city "
              "(Tokyo), a Windows zone id (Tokyo Standard Time) or an abbreviation (JST, CET, PST)");
}

}  // namespace evtxdiag
