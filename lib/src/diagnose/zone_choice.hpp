#pragma once
// The zone of a diagnosis: resolved from --tz or the logs, and the one the report names.
#include <string>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/timezone.hpp"

namespace evtxdiag::diag {

/// The zone(s) for `request` (automatic: inferred from `events`); see ZoneResolution::from_request.
ZoneResolution resolve_zone(const ZoneRequest& request, const std::vector<Event>& events);

/// The zone the report names: the one in force at `reference` (the last job's start, or the
/// last event when no job ran), so a machine moved to Tokyo after an old Pacific period is
/// described by the zone its backups ran in. Other periods and changes become notes.
ZoneChoice zone_choice(const ZoneResolution& zones, Timestamp reference);

}  // namespace evtxdiag::diag
