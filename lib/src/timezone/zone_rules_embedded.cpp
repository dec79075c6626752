// Zone rules from the compiled zones embedded in the program (embedded_zones.hpp), for
// platforms without a tz database (Windows).
//
// A TZif file is read the way date/tz reads the system's files with USE_OS_TZDB (src/tz.cpp,
// time_zone::init_impl, load_sys_info, get_info_impl), so that the results are the same as the
// Linux build's: the 64-bit data of a version 2+ file, the 32-bit data of a version 1 file;
// transitions before the first representable instant clamped to it; a first period of the
// first standard-time type when the file starts later; neighbouring periods with the same
// offset, abbreviation and DST flag merged; DST reported as a flag (save of 1 minute, since
// TZif does not say by how much); the last period lasting forever (Debian's "fat" files carry
// transitions to 2037; the POSIX rule at the end of the file is not read, as date/tz does not).
#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "timezone/embedded_zones.hpp"
#include "timezone/zone_rules.hpp"

namespace evtxdiag::tz {

namespace {

using std::chrono::seconds;

const date::sys_seconds kMinSeconds = date::sys_days(date::year::min() / date::January / 1);
const date::sys_seconds kMaxSeconds = date::sys_days(date::year::max() / date::December / 31);

struct ZoneType {
  seconds offset{0};
  std::string abbrev;
  bool is_dst = false;
};

struct Transition {
  date::sys_seconds at;
  const ZoneType* type = nullptr;
};

// Big-endian reads with bounds checks.
class Bytes {
 public:
  Bytes(const unsigned char* data, std::size_t size) : data_(data), size_(size) {}
  bool has(std::size_t offset, std::size_t count) const { return offset <= size_ && count <= size_ - offset; }
  std::int64_t signed_at(std::size_t offset, std::size_t width) const {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i) value = value << 8 | data_[offset + i];
    if (width < 8 && (value >> (width * 8 - 1)) & 1) value |= ~std::uint64_t{0} << (width * 8);  // sign-extend
    return static_cast<std::int64_t>(value);
  }
  unsigned char at(std::size_t offset) const { return data_[offset]; }
  const char* chars(std::size_t offset) const { return reinterpret_cast<const char*>(data_ + offset); }

 private:
  const unsigned char* data_;
  std::size_t size_;
};

struct Counts {
  std::size_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
  std::size_t data_bytes(std::size_t time_width) const {
    return time * (time_width + 1) + type * 6 + chars + leap * (time_width + 4) + isstd + isut;
  }
};

std::optional<Counts> read_header(const Bytes& bytes, std::size_t offset) {
  if (!bytes.has(offset, 44) || std::memcmp(bytes.chars(offset), "TZif", 4) != 0) return std::nullopt;
  Counts c;
  std::size_t* fields[] = {&c.isut, &c.isstd, &c.leap, &c.time, &c.type, &c.chars};
  for (std::size_t i = 0; i < 6; ++i) {
    const std::int64_t value = bytes.signed_at(offset + 20 + 4 * i, 4);
    if (value < 0) return std::nullopt;
    *fields[i] = static_cast<std::size_t>(value);
  }
  return c;
}

}  // namespace

class ZoneRules {
 public:
  /// nullptr when `tzif` is not a well-formed TZif file.
  static std::unique_ptr<ZoneRules> parse(const unsigned char* tzif, std::size_t size);

  date::sys_info info(date::sys_seconds instant) const;
  date::local_info info(date::local_seconds wall) const;

 private:
  using Iterator = std::vector<Transition>::const_iterator;
  date::sys_info period(Iterator i) const;

  std::vector<ZoneType> types_;
  std::vector<Transition> transitions_;
};

std::unique_ptr<ZoneRules> ZoneRules::parse(const unsigned char* tzif, std::size_t size) {
  const Bytes bytes(tzif, size);
  auto counts = read_header(bytes, 0);
  if (!counts) return nullptr;
  std::size_t offset = 44;
  std::size_t width = 4;
  if (bytes.at(4) != 0) {  // version 2+: skip the 32-bit data, read the 64-bit data
    offset += counts->data_bytes(4);
    counts = read_header(bytes, offset);
    if (!counts) return nullptr;
    offset += 44;
    width = 8;
  }
  const Counts& c = *counts;
  if (c.type == 0 || !bytes.has(offset, c.data_bytes(width))) return nullptr;

  auto rules = std::make_unique<ZoneRules>();
  const std::size_t times_at = offset, indices_at = times_at + c.time * width, types_at = indices_at + c.time,
                    chars_at = types_at + c.type * 6;
  const std::string chars(bytes.chars(chars_at), c.chars);
  rules->types_.reserve(c.type);
  for (std::size_t i = 0; i < c.type; ++i) {
    const std::size_t at = types_at + 6 * i;
    const std::size_t abbrev_index = bytes.at(at + 5);
    if (abbrev_index >= chars.size() && !(abbrev_index == 0 && chars.empty())) return nullptr;
    ZoneType type;
    type.offset = seconds{bytes.signed_at(at, 4)};
    type.is_dst = bytes.at(at + 4) != 0;
    type.abbrev = chars.empty() ? std::string() : std::string(chars.c_str() + abbrev_index);
    rules->types_.push_back(std::move(type));
  }
  auto& transitions = rules->transitions_;
  for (std::size_t i = 0; i < c.time; ++i) {
    const std::size_t index = bytes.at(indices_at + i);
    if (index >= c.type) return nullptr;
    date::sys_seconds at{seconds{bytes.signed_at(times_at + i * width, width)}};
    transitions.push_back({std::max(at, kMinSeconds), &rules->types_[index]});
  }
  if (transitions.empty() || transitions.front().at != kMinSeconds) {
    const auto standard =
        std::find_if(rules->types_.begin(), rules->types_.end(), [](const ZoneType& t) { return !t.is_dst; });
    transitions.insert(transitions.begin(),
                       {kMinSeconds, standard != rules->types_.end() ? &*standard : &rules->types_[0]});
  }
  // Merge periods that differ in nothing a reader sees (kept: the first of each run).
  std::vector<Transition> merged;
  for (const Transition& t : transitions) {
    if (!merged.empty() && merged.back().type->offset == t.type->offset &&
        merged.back().type->abbrev == t.type->abbrev && merged.back().type->is_dst == t.type->is_dst)
      continue;
    merged.push_back(t);
  }
  transitions = std::move(merged);
  return rules;
}

date::sys_info ZoneRules::period(Iterator i) const {
  date::sys_info r;
  const Iterator first = transitions_.begin(), last = transitions_.end();
  const Transition& in_force = i != first ? i[-1] : i[0];
  if (i != first) {
    r.begin = i[-1].at;
    r.end = i != last ? i->at : kMaxSeconds;
  } else {
    r.begin = kMinSeconds;
    r.end = i + 1 != last ? i[1].at : kMaxSeconds;
  }
  r.offset = in_force.type->offset;
  r.save = std::chrono::minutes{in_force.type->is_dst ? 1 : 0};
  r.abbrev = in_force.type->abbrev;
  return r;
}

date::sys_info ZoneRules::info(date::sys_seconds instant) const {
  return period(std::upper_bound(transitions_.begin(), transitions_.end(), instant,
                                 [](date::sys_seconds x, const Transition& t) { return x < t.at; }));
}

date::local_info ZoneRules::info(date::local_seconds wall) const {
  date::local_info i{};
  i.result = date::local_info::unique;
  auto tr =
      std::upper_bound(transitions_.begin(), transitions_.end(), wall, [](date::local_seconds x, const Transition& t) {
        return date::sys_seconds{x.time_since_epoch()} - t.type->offset < t.at;
      });
  i.first = period(tr);
  auto as_utc = date::sys_seconds{(wall - i.first.offset).time_since_epoch()};
  if (as_utc < i.first.begin + date::days{1} && tr != transitions_.begin()) {
    i.second = period(--tr);
    as_utc = date::sys_seconds{(wall - i.second.offset).time_since_epoch()};
    if (as_utc < i.second.end && i.first.end != i.second.end) {
      i.result = date::local_info::ambiguous;
      std::swap(i.first, i.second);
    } else {
      i.second = {};
    }
  } else if (as_utc >= i.first.end && tr != transitions_.end()) {
    i.second = period(++tr);
    as_utc = date::sys_seconds{(wall - i.second.offset).time_since_epoch()};
    if (as_utc < i.second.begin)
      i.result = date::local_info::nonexistent;
    else
      i.second = {};
  }
  return i;
}

const ZoneRules* find_zone_rules(const std::string& name) {
  const auto& zones = tz_data::embedded_zones();
  const auto found = std::lower_bound(zones.begin(), zones.end(), name,
                                      [](const tz_data::EmbeddedZone& z, const std::string& n) { return z.name < n; });
  if (found == zones.end() || found->name != name) return nullptr;
  static std::mutex mutex;
  static std::unordered_map<const unsigned char*, std::unique_ptr<ZoneRules>> parsed;  // links share their zone's
  const std::lock_guard<std::mutex> lock(mutex);
  auto& rules = parsed[found->tzif];
  if (!rules) rules = ZoneRules::parse(found->tzif, found->size);
  return rules.get();
}

date::sys_info zone_info(const ZoneRules& rules, date::sys_seconds instant) { return rules.info(instant); }

date::local_info zone_info(const ZoneRules& rules, date::local_seconds wall) { return rules.info(wall); }

std::vector<std::string> database_zone_names() {
  std::vector<std::string> names;
  for (const auto& zone : tz_data::embedded_zones()) names.emplace_back(zone.name);
  return names;
}

void load_zone_database() {}

}  // namespace evtxdiag::tz
