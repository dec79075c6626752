#pragma once
// Tables generated at configure time by cmake/EvtxdiagTimezoneData.cmake (see there).
#include <vector>

namespace evtxdiag::tz_data {

/// One Windows zone of CLDR windowsZones.xml, territory "001".
struct CldrWindowsZone {
  const char* windows_id;    ///< registry key name, e.g. "Tokyo Standard Time"
  const char* iana;          ///< CLDR's zone for territory 001, e.g. "Asia/Tokyo"
  const char* display_name;  ///< English display name from CLDR's comment, e.g. "(UTC+09:00) Osaka, Sapporo, Tokyo"
};

/// A YAML file of knowledge/timezones/, embedded verbatim.
struct EmbeddedYaml {
  const char* path;  ///< "knowledge/timezones/<file>.yaml" (for error messages)
  const char* text;
};

const std::vector<CldrWindowsZone>& cldr_windows_zones();
const std::vector<EmbeddedYaml>& zone_name_yaml();

}  // namespace evtxdiag::tz_data
