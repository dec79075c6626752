#pragma once
// The rules of the IANA zones behind TimeZone (zone.cpp), from one of two sources chosen at
// build time (CMake option EVTXDIAG_TZDB):
//  - "system": zone_rules_system.cpp, date/tz over the system's compiled zones
//    (/usr/share/zoneinfo, USE_OS_TZDB=1): Debian's tzdata, updated with the system;
//  - "embedded": zone_rules_embedded.cpp, the same compiled zones copied into the program when
//    it is built (cmake/EvtxdiagEmbeddedZones.cmake), for Windows, which has no tz database, so
//    that evtxdiag.exe needs no file beside it. They are read by the rules date/tz applies to
//    the system's files (transitions as written, DST as a flag), so both give the same results
//    for the same tzdata (tests/windows: the Windows program against the Linux one).
// Neither ever reads the analyst machine's zone: "localtime" is not a zone here.
#include <date/tz.h>  // date::sys_info, date::local_info: plain structs

#include <string>
#include <vector>

namespace evtxdiag::tz {

/// One zone's rules, owned by the loaded database and valid for the rest of the program.
class ZoneRules;

/// The rules of `name` (a zone or a link, exact case); nullptr when unknown or when there is no
/// readable database.
const ZoneRules* find_zone_rules(const std::string& name);

/// The period in force at a UTC instant.
date::sys_info zone_info(const ZoneRules& rules, date::sys_seconds instant);
/// The period(s) a local wall-clock time falls in: unique, nonexistent (in a gap) or ambiguous.
date::local_info zone_info(const ZoneRules& rules, date::local_seconds wall);

/// The names of every zone and link of the database, in any order; empty when it cannot be read.
std::vector<std::string> database_zone_names();

/// Loads the database's list of zones now (see warm_up_zone_database()). Throws when it
/// cannot be read.
void load_zone_database();

}  // namespace evtxdiag::tz
