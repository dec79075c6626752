// Zone rules from the system's tz database: date/tz with USE_OS_TZDB=1 reads the compiled
// zones under /usr/share/zoneinfo (zone_rules.hpp).
#include <date/tz.h>

#include <mutex>
#include <unordered_map>

#include "timezone/zone_rules.hpp"

namespace evtxdiag::tz {

class ZoneRules {
 public:
  explicit ZoneRules(const date::time_zone* zone) : zone_(zone) {}
  const date::time_zone& zone() const { return *zone_; }

 private:
  const date::time_zone* zone_;
};

namespace {

// /usr/share/zoneinfo/localtime is a link to /etc/localtime: the analyst machine's zone, which
// evtxdiag never uses.
bool is_machine_zone(const std::string& name) { return name == "localtime"; }

}  // namespace

const ZoneRules* find_zone_rules(const std::string& name) {
  if (is_machine_zone(name)) return nullptr;
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(name);
  } catch (const std::exception&) {  // unknown name, or no readable tz database
    return nullptr;
  }
  static std::mutex mutex;
  static std::unordered_map<const date::time_zone*, ZoneRules> rules;  // entries never move
  const std::lock_guard<std::mutex> lock(mutex);
  return &rules.try_emplace(zone, zone).first->second;
}

date::sys_info zone_info(const ZoneRules& rules, date::sys_seconds instant) { return rules.zone().get_info(instant); }

date::local_info zone_info(const ZoneRules& rules, date::local_seconds wall) { return rules.zone().get_info(wall); }

std::vector<std::string> database_zone_names() {
  std::vector<std::string> names;
  try {
    for (const auto& zone : date::get_tzdb().zones)  // links are zones too (files) in OS mode
      if (!is_machine_zone(zone.name())) names.emplace_back(zone.name());
  } catch (const std::exception&) {  // no readable tz database: no names
  }
  return names;
}

void load_zone_database() { (void)date::get_tzdb(); }

}  // namespace evtxdiag::tz
