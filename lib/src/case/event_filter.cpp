// EventFilter, add_filter() and EventMatcher: see evtxdiag/event_filter.hpp.
#include <algorithm>
#include <cctype>

#include "evtxdiag/error.hpp"
#include "evtxdiag/event_filter.hpp"
#include "evtxdiag/knowledge.hpp"

namespace evtxdiag {
namespace {

constexpr std::uint64_t kTicksPerMinute = 60 * Timestamp::ticks_per_second;
constexpr std::uint64_t kTicksPerDay = 24 * 60 * kTicksPerMinute;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t comma = text.find(',');
    parts.push_back(trim(text.substr(0, comma)));
    if (comma == std::string_view::npos) return parts;
    text.remove_prefix(comma + 1);
  }
}

[[noreturn]] void refuse(std::string_view option, std::string_view value, const std::string& why) {
  throw Error(ErrorKind::invalid_input, "--" + std::string(option) + " " + std::string(value) + ": " + why);
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::uint32_t> parse_u32(std::string_view text) {
  if (!all_digits(text) || text.size() > 10) return std::nullopt;
  const unsigned long long value = std::stoull(std::string(text));
  if (value > 0xFFFFFFFFull) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

// "YYYY-MM-DD", "YYYY-MM-DD HH:MM", "YYYY-MM-DD[T ]HH:MM:SS[.f+]", then optionally Z or ±HH:MM.
FilterTime parse_time(std::string_view option, std::string_view value) {
  FilterTime bound;
  bound.text = std::string(value);
  std::string text(trim(value));
  const std::string why =
      "not a time (YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DDTHH:MM:SS, optionally with Z or an offset like +09:00)";
  // Split a zone suffix off: Z, or +HH:MM / -HH:MM after the time of day.
  std::string suffix;
  if (!text.empty() && (text.back() == 'Z' || text.back() == 'z')) {
    suffix = "Z";
    text.pop_back();
  } else if (text.size() > 16 && (text[text.size() - 6] == '+' || text[text.size() - 6] == '-') &&
             text[text.size() - 3] == ':') {
    suffix = text.substr(text.size() - 6);
    text.resize(text.size() - 6);
  }
  // Complete a shorter form to full seconds, remembering the unit the reader gave.
  std::string full = text;
  if (text.size() == 10) {
    full += "T00:00:00";
    bound.unit_ticks = kTicksPerDay;
  } else if (text.size() == 16) {
    full += ":00";
    bound.unit_ticks = kTicksPerMinute;
  } else if (text.size() == 19) {
    bound.unit_ticks = Timestamp::ticks_per_second;
  } else if (text.size() > 20 && text[19] == '.') {
    bound.unit_ticks = 1;
  } else {
    refuse(option, value, why);
  }
  // Timestamp::parse_iso validates the calendar and the clock; with "Z" it reads the wall-clock
  // fields as they are, which is also how a local time's fields are taken apart.
  const auto as_utc = Timestamp::parse_iso(full + "Z");
  if (!as_utc) refuse(option, value, why);
  if (!suffix.empty()) {
    const auto instant = Timestamp::parse_iso(full + suffix);
    if (!instant) refuse(option, value, why);
    bound.instant = *instant;
  } else {
    bound.local = TimeZone::utc().to_local(*as_utc);
  }
  return bound;
}

std::vector<EventIdRange> parse_event_ids(std::string_view option, std::string_view value) {
  std::vector<EventIdRange> ranges;
  for (std::string_view part : split_commas(value)) {
    const std::size_t dash = part.find('-');
    const auto first = parse_u32(trim(part.substr(0, dash)));
    const auto last = dash == std::string_view::npos ? first : parse_u32(trim(part.substr(dash + 1)));
    if (!first || !last) refuse(option, value, "not an event id or range (4104, 512-521, 7,9,512-521)");
    if (*last < *first) refuse(option, value, "a range must go from the smaller id to the larger");
    ranges.push_back({*first, *last});
  }
  return ranges;
}

// Event Viewer's level names. Level 0 (LogAlways) is shown as Information, so "information"
// keeps both 0 and 4.
std::vector<std::uint8_t> parse_levels(std::string_view option, std::string_view value) {
  std::vector<std::uint8_t> levels;
  for (std::string_view part : split_commas(value)) {
    const std::string name = lower(part);
    if (name == "critical")
      levels.push_back(1);
    else if (name == "error")
      levels.push_back(2);
    else if (name == "warning")
      levels.push_back(3);
    else if (name == "information" || name == "info")
      levels.insert(levels.end(), {0, 4});
    else if (name == "verbose")
      levels.push_back(5);
    else if (name.size() == 1 && name[0] >= '0' && name[0] <= '5')
      levels.push_back(static_cast<std::uint8_t>(name[0] - '0'));
    else
      refuse(option, value, "not a level (critical, error, warning, information, verbose, or 0-5)");
  }
  return levels;
}

// The instant of a wall-clock time in the zone period it falls in (a case whose zone changed
// has several); the first period's zone when none claims it.
Timestamp resolve_local(const CivilTime& local, const ZoneResolution& zones) {
  std::optional<Timestamp> fallback;
  for (const ZonePeriod& period : zones.periods) {
    const auto utc = period.zone.from_local(local);
    if (!utc) continue;
    if (!fallback) fallback = utc->utc;
    if ((!period.begin.valid() || utc->utc >= period.begin) && (!period.end.valid() || utc->utc < period.end))
      return utc->utc;
  }
  if (fallback) return *fallback;
  const auto utc = TimeZone::utc().from_local(local);
  return utc ? utc->utc : Timestamp{};
}

Timestamp resolve(const FilterTime& bound, const ZoneResolution& zones) {
  return bound.instant ? *bound.instant : resolve_local(bound.local, zones);
}

// "SRV01" matches "SRV01.example.local" and the other way round; case-insensitive.
bool same_computer(std::string_view wanted, std::string_view logged) {
  const std::string a = lower(wanted), b = lower(logged);
  if (a == b) return true;
  const std::string host_a = a.substr(0, a.find('.')), host_b = b.substr(0, b.find('.'));
  const bool a_short = a.find('.') == std::string::npos, b_short = b.find('.') == std::string::npos;
  return (a_short || b_short) && host_a == host_b;
}

const std::string kWindowsPrefix = "microsoft-windows-";

}  // namespace

bool EventFilter::empty() const noexcept {
  return !from && !to && providers.empty() && event_ids.empty() && levels.empty() && computers.empty();
}

const std::vector<std::string>& filter_option_names() {
  static const std::vector<std::string> names = {"from", "to", "provider", "event-id", "level", "computer"};
  return names;
}

void add_filter(EventFilter& filter, std::string_view option, std::string_view value) {
  if (option == "from") {
    filter.from = parse_time(option, value);
  } else if (option == "to") {
    filter.to = parse_time(option, value);
  } else if (option == "provider") {
    for (std::string_view name : split_commas(value)) {
      if (name.empty()) refuse(option, value, "empty provider name");
      filter.providers.emplace_back(name);
    }
  } else if (option == "event-id") {
    for (const EventIdRange& range : parse_event_ids(option, value)) filter.event_ids.push_back(range);
  } else if (option == "level") {
    for (std::uint8_t level : parse_levels(option, value)) filter.levels.push_back(level);
  } else if (option == "computer") {
    if (trim(value).empty()) refuse(option, value, "empty computer name");
    filter.computers.emplace_back(trim(value));
  } else {
    throw Error(ErrorKind::invalid_input,
                "unknown filter '" + std::string(option) + "' (from, to, provider, event-id, level or computer)");
  }
}

EventMatcher::EventMatcher(const EventFilter& filter, const ZoneResolution& zones)
    : filter_(filter), keeps_everything_(filter.empty()) {
  if (filter.from) from_ = resolve(*filter.from, zones);
  if (filter.to) to_exclusive_ = Timestamp{resolve(*filter.to, zones).ticks + filter.to->unit_ticks};
  if (filter.providers.empty()) return;
  const KnowledgeBase knowledge = KnowledgeBase::builtin();
  for (const std::string& name : filter.providers) {
    provider_names_.push_back(lower(name));
    if (const ProviderDefinition* known = knowledge.find_provider(name)) {
      provider_names_.push_back(lower(known->name));
      for (const std::string& alias : known->aliases) provider_names_.push_back(lower(alias));
    }
  }
}

bool EventMatcher::matches_provider(std::string_view provider) const {
  if (filter_.providers.empty()) return true;
  const std::string name = lower(provider);
  const std::string short_name =
      name.compare(0, kWindowsPrefix.size(), kWindowsPrefix) == 0 ? name.substr(kWindowsPrefix.size()) : std::string();
  return std::any_of(provider_names_.begin(), provider_names_.end(), [&](const std::string& wanted) {
    return wanted == name || (!short_name.empty() && wanted == short_name);
  });
}

bool EventMatcher::matches(std::string_view provider, std::uint32_t event_id, std::uint8_t level,
                           std::string_view computer, Timestamp time) const {
  if (keeps_everything_) return true;
  if (from_.valid() && !(time.valid() && time >= from_)) return false;
  if (to_exclusive_.valid() && !(time.valid() && time < to_exclusive_)) return false;
  if (!matches_provider(provider)) return false;
  if (!filter_.event_ids.empty() &&
      std::none_of(filter_.event_ids.begin(), filter_.event_ids.end(),
                   [&](const EventIdRange& r) { return event_id >= r.first && event_id <= r.last; }))
    return false;
  if (!filter_.levels.empty() && std::find(filter_.levels.begin(), filter_.levels.end(), level) == filter_.levels.end())
    return false;
  if (!filter_.computers.empty() &&
      std::none_of(filter_.computers.begin(), filter_.computers.end(),
                   [&](const std::string& wanted) { return same_computer(wanted, computer); }))
    return false;
  return true;
}

bool EventMatcher::matches(const Event& event) const {
  return matches(event.provider_name, event.event_id, event.level, event.computer, event.time_created);
}

}  // namespace evtxdiag
