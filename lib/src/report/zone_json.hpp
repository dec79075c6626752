#pragma once
// The zone resolution as JSON, for every output that states the zone of its local times. Keys
// sorted (nlohmann::json), as every output has printed them.
#include <nlohmann/json.hpp>

#include "evtxdiag/timezone.hpp"

namespace evtxdiag::report {

nlohmann::json zone_json(const ZoneResolution& zones);

}  // namespace evtxdiag::report
