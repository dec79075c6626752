#pragma once
// Which of the logs a backup diagnosis needs are missing, and what that hides: without the
// Backup operational log the successful jobs vanish ("4 jobs, 4 failed" when six succeeded),
// without the System log the zone and the disk evidence are gone. Said in every report so
// that a missing log is not mistaken for an absent problem.
#include <string>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/knowledge.hpp"

namespace evtxdiag::diag {

/// The missing logs of one machine's case, in a fixed order (System, Application, Backup).
/// `zone_given`: the user gave --tz, so a missing System log costs no zone.
std::vector<MissingLog> missing_logs(const std::vector<Event>& events, const std::vector<InputSummary>& inputs,
                                     const std::vector<BackupJob>& jobs, bool zone_given, Language language);

}  // namespace evtxdiag::diag
