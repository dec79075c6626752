#pragma once
// The texts of Timestamp::iso_utc() and TimeZone::format_local() written straight into a
// buffer: dump writes two of them per event, and as std::strings (28 and 33 characters, past
// the small-string buffer) each cost an allocation. Each writer returns the end of what it
// wrote, or nullptr where the std::string function must be asked instead (an invalid time, a
// year outside 0..9999, an offset of 100 hours or more). write_local_time lives beside
// TimeZone::format_local in timezone/zone.cpp.
#include "evtxdiag/timestamp.hpp"
#include "evtxdiag/timezone.hpp"

namespace evtxdiag::core {

/// Room needed by the writers.
inline constexpr std::size_t kTimeTextRoom = 48;

/// Timestamp::iso_utc(): "2020-09-17T15:52:48.1234567Z".
char* write_iso_utc(char* out, Timestamp time);

/// TimeZone::format_local(): "2020-09-17T08:52:48.1234567-07:00".
char* write_local_time(char* out, const TimeZone& zone, Timestamp time);

}  // namespace evtxdiag::core
