#pragma once
// Lookups between Windows zone ids, their localized names and IANA zones. Backed by the
// tables generated from CLDR windowsZones.xml and knowledge/timezones/*.yaml.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evtxdiag::tz {

/// CLDR territory-001 IANA zone and canonical spelling of a Windows id (case-insensitive).
struct WindowsZoneEntry {
  std::string windows_id;
  std::string iana;
  std::string display_name;  ///< English display name from CLDR, may be empty
};
std::optional<WindowsZoneEntry> find_windows_zone(std::string_view windows_id);

/// Every Windows zone id of CLDR, as spelt there (for suggestions).
std::vector<std::string> windows_zone_ids();

/// The key names are compared by: no white space or direction marks, ASCII lower case,
/// full-width parentheses as ASCII.
std::string normalize_zone_name(std::string_view name);

/// Problems found while loading knowledge/timezones/*.yaml (empty when all is well). The
/// lookups skip broken entries; the unit tests assert this is empty.
const std::vector<std::string>& zone_name_load_errors();

/// Number of localized names loaded from the YAML (for tests and `info`).
std::size_t localized_zone_name_count();

/// The localized zone names of knowledge/timezones/*.yaml, as loaded.
struct LocalizedZoneNames {
  std::map<std::string, std::string> by_name;  ///< normalized name -> canonical Windows id
  /// language ("ja") -> canonical Windows id -> the standard name Windows shows in that language
  std::map<std::string, std::map<std::string, std::string>> standard_names;
  std::vector<std::string> errors;  ///< problems found while loading
  std::size_t count = 0;            ///< names loaded
};

/// Reads the embedded YAML (the slow path; the build precompiles its result).
LocalizedZoneNames load_localized_zone_names_yaml();
/// The binary form of core/binary_archive.hpp, and back (Error(internal) on malformed bytes).
std::string serialize(const LocalizedZoneNames& names);
LocalizedZoneNames deserialize_zone_names(std::string_view bytes);

}  // namespace evtxdiag::tz
