#pragma once
// Backup job reconstruction from lifecycle events (knowledge/rules/jobs.yaml): start, end,
// result, codes and volumes. Failure events that quote the job's start time (BackupTime) are
// tied to the job that started then, whichever log they came from.
#include <cstddef>
#include <optional>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/event.hpp"
#include "rules/event_codes.hpp"
#include "rules/rule_model.hpp"

namespace evtxdiag::diag {

/// A job as the engine sees it: indices into the time-ordered event list.
struct JobDraft {
  BackupProduct product = BackupProduct::windows_server_backup;
  Timestamp start;
  Timestamp end;
  bool has_start_event = false;
  bool closed = false;
  bool success = false, failure = false, canceled = false, warning = false;
  bool refused = false;                  ///< could not start (another backup running, ...): nothing joins it later
  std::vector<std::size_t> events;       ///< lifecycle events of the job, time order
  std::vector<std::size_t> code_events;  ///< the subset that carries failure codes
  std::vector<std::vector<FoundCode>> code_event_codes;  ///< the codes of each code event (parallel)
  std::vector<FoundCode> codes;                          ///< distinct values, first-seen order
  std::vector<VolumeResult> volumes;

  JobResult result() const;
};

/// How far a quoted BackupTime may be from a job's start and still name that job.
inline constexpr std::uint64_t kBackupTimeTolerance = 5ULL * 60 * Timestamp::ticks_per_second;

/// The lifecycle entry `event` matches, or nullptr.
const LifecycleEvent* classify(const std::vector<LifecycleEvent>& lifecycle, const Event& event);

/// The job start an event quotes in one of `fields` (ISO UTC; U+200E marks ignored).
std::optional<Timestamp> quoted_backup_time(const Event& event, const std::vector<std::string>& fields);

/// Builds the jobs from `events` (sorted by time). Jobs come out in start order.
std::vector<JobDraft> reconstruct_jobs(const std::vector<Event>& events, const std::vector<LifecycleEvent>& lifecycle);

/// Per-volume results of Backup's VolumesInfo XML (<VolumeInfoItem Name= State= HResult= ...>).
std::vector<VolumeResult> parse_volumes_info(const std::string& xml);

}  // namespace evtxdiag::diag
