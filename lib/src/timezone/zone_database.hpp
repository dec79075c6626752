#pragma once
// The system tz database behind TimeZone (date/tz, USE_OS_TZDB=1).

#include <string>
#include <vector>

namespace evtxdiag::tz {

/// Loads the tz database now. Its first use stats every file under /usr/share/zoneinfo
/// (about 600, ~2-3 ms); diagnose calls this on its loader thread while the logs are read, so
/// that zone inference after reading does not pay it. Errors are left for that first real use.
void warm_up_zone_database() noexcept;

/// The names of every zone and link of the tz database, sorted; empty when it cannot be read.
const std::vector<std::string>& zone_names();

}  // namespace evtxdiag::tz
