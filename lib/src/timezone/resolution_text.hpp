#pragma once
// Sentences shared by the inference and ZoneResolution (one wording everywhere).
#include <string>

#include "evtxdiag/timezone.hpp"

namespace evtxdiag::tzdetail {

/// "record 12 of System.evtx (EventLog 6013 at 2020-08-07T03:50:29.0000000Z: \"-540 東京 (標準時)\")"
std::string where(const ZoneEvidence& evidence);
/// The explanation of an inferred period (uses period.zone, bias_only and evidence).
std::string inferred_sentence(const ZonePeriod& period);

}  // namespace evtxdiag::tzdetail
