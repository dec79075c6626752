// Time strings inside events: Backup's BackupTime (UTC) and EventLog 6008's localized local
// date and time. Windows renders dates for display with U+200E marks ("\u200E8/\u200E7/\u200E2020")
// and in the machine's locale, so the parser takes the digits and decides the order.
#include <cctype>
#include <vector>

#include "evtxdiag/timezone.hpp"

namespace evtxdiag {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

// Drops direction marks (LRM, RLM, LRE..RLO, ALM) and turns NBSP / ideographic space into ' '.
std::string strip_marks(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::string_view rest = text.substr(i);
    if (rest.size() >= 3 && static_cast<unsigned char>(rest[0]) == 0xE2 &&
        static_cast<unsigned char>(rest[1]) == 0x80) {
      const auto third = static_cast<unsigned char>(rest[2]);
      if (third == 0x8E || third == 0x8F || (third >= 0xAA && third <= 0xAE)) {
        i += 3;
        continue;
      }
    }
    if (starts_with(rest, "\xD8\x9C")) {
      i += 2;
      continue;
    }  // U+061C ALM
    if (starts_with(rest, "\xC2\xA0")) {
      out += ' ';
      i += 2;
      continue;
    }  // NBSP
    if (starts_with(rest, "\xE3\x80\x80")) {
      out += ' ';
      i += 3;
      continue;
    }  // ideographic space
    out += rest[0];
    ++i;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Runs of ASCII digits, with their lengths; nullopt when a run is absurdly long.
std::optional<std::vector<std::string>> digit_groups(std::string_view text) {
  std::vector<std::string> groups;
  std::string current;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      current += c;
      if (current.size() > 4) return std::nullopt;
    } else if (!current.empty()) {
      groups.push_back(current);
      current.clear();
    }
  }
  if (!current.empty()) groups.push_back(current);
  return groups;
}

// Removes a 12-hour marker and reports it: 0 none, 1 AM, 2 PM.
int take_meridiem(std::string& text) {
  struct Marker {
    const char* text;
    int value;
  };
  static const Marker markers[] = {{"\xE5\x8D\x88\xE5\x89\x8D", 1} /* 午前 */,
                                   {"\xE5\x8D\x88\xE5\xBE\x8C", 2} /* 午後 */,
                                   {"a.m.", 1},
                                   {"p.m.", 2},
                                   {"am", 1},
                                   {"pm", 2}};
  std::string lower = text;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& m : markers) {
    const auto pos = lower.find(m.text);
    if (pos != std::string::npos) {
      text.erase(pos, std::string_view(m.text).size());
      return m.value;
    }
  }
  return 0;
}

}  // namespace

std::optional<Timestamp> parse_backup_time(std::string_view text) {
  const std::string clean = strip_marks(text);
  return Timestamp::parse_iso(trim(clean));
}

std::optional<LocalizedDateTime> parse_localized_date_time(std::string_view time_text, std::string_view date_text,
                                                           DateOrder order) {
  LocalizedDateTime result;
  // --- time: h:mm[:ss] with an optional AM/PM (English) or 午前/午後 (Japanese) marker
  std::string time_clean = strip_marks(time_text);
  const int meridiem = take_meridiem(time_clean);
  const auto time_groups = digit_groups(time_clean);
  if (!time_groups || time_groups->size() < 2 || time_groups->size() > 3) return std::nullopt;
  unsigned hour = static_cast<unsigned>(std::stoi((*time_groups)[0]));
  const unsigned minute = static_cast<unsigned>(std::stoi((*time_groups)[1]));
  const unsigned second = time_groups->size() == 3 ? static_cast<unsigned>(std::stoi((*time_groups)[2])) : 0;
  if (meridiem != 0) {
    if (hour > 12) return std::nullopt;  // Japanese 12-hour clocks count 0..11 (午後 0:50 = 12:50)
    hour = (hour % 12) + (meridiem == 2 ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;

  // --- date: three numbers in the locale's order
  const auto date_groups = digit_groups(strip_marks(date_text));
  if (!date_groups || date_groups->size() != 3) return std::nullopt;
  const auto& g = *date_groups;
  const int a = std::stoi(g[0]), b = std::stoi(g[1]), c = std::stoi(g[2]);
  if (order == DateOrder::automatic) {
    if (g[0].size() == 4) {
      order = DateOrder::year_month_day;
    } else if (a > 12) {
      order = DateOrder::day_month_year;
    } else {
      order = DateOrder::month_day_year;  // en-US, the most common export locale
      result.order_guessed = b <= 12 && a != b;
    }
  }
  int year = 0, month = 0, day = 0;
  switch (order) {
    case DateOrder::year_month_day:
      year = a;
      month = b;
      day = c;
      break;
    case DateOrder::day_month_year:
      day = a;
      month = b;
      year = c;
      break;
    case DateOrder::month_day_year:
    case DateOrder::automatic:
      month = a;
      day = b;
      year = c;
      break;
  }
  if (year < 100) year += 2000;  // two-digit years: Windows short dates of this century
  result.local = CivilTime{year, static_cast<unsigned>(month), static_cast<unsigned>(day), hour, minute, second, 0};
  // Validate through the UTC conversion (catches 2020/02/30 and month 13).
  if (!TimeZone::utc().from_local(result.local)) return std::nullopt;
  return result;
}

std::optional<UnexpectedShutdownTime> unexpected_shutdown_time(const Event& event, const ZoneResolution& zones,
                                                               DateOrder order) {
  if (event.event_id != 6008) return std::nullopt;
  std::string provider = event.provider_name;
  for (auto& ch : provider) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (provider != "eventlog") return std::nullopt;
  const std::string* time_text = event.data_value("1");
  const std::string* date_text = event.data_value("2");
  if (!time_text || !date_text) {  // named or shifted fields: take the first two values
    if (event.data.size() < 2) return std::nullopt;
    time_text = &event.data[0].value;
    date_text = &event.data[1].value;
  }
  const auto parsed = parse_localized_date_time(*time_text, *date_text, order);
  if (!parsed) return std::nullopt;
  const TimeZone& zone = zones.zone_at(event.time_created);
  const auto utc = zone.from_local(parsed->local);
  if (!utc) return std::nullopt;
  return UnexpectedShutdownTime{parsed->local, *utc, zone.name(), parsed->order_guessed};
}

}  // namespace evtxdiag
