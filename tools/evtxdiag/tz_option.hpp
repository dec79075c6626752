#pragma once
// --tz for every command that prints times: adds the option, resolves it (user zone, or
// "auto" = inferred from the events of the input files, or UTC as the stated fallback) and
// formats local times beside UTC. The resolution says where the zone came from; commands
// print ZoneResolution::summary() (text) or zone_resolution_json() (JSON, evtxdiag/info.hpp) so the reader of the
// output always knows which zone a local time is in.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "evtxdiag/timestamp.hpp"
#include "evtxdiag/timezone.hpp"

namespace evtxdiag::cli {

/// The value of --tz as given ("auto" unless the user said otherwise).
struct TzOption {
  std::string spec = "auto";
  /// The zone asked for (the option's check has already refused anything malformed).
  ZoneRequest request() const { return ZoneRequest::parse(spec).value_or(ZoneRequest::automatic()); }
};

/// Adds `--tz ZONE` to `sub`; malformed zones are rejected at parse time (exit 2).
void add_tz_option(CLI::App& sub, TzOption& option);

/// The local time of `t` with its offset ("2012-01-19T01:26:31.3100000+09:00"); "" when unknown.
std::string local_time(const ZoneResolution& zones, Timestamp t);

}  // namespace evtxdiag::cli
