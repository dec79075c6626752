#pragma once
// What every report format says, computed once from a Diagnosis: the findings grouped (one
// block for a finding several jobs share, naming the jobs), the error codes of the jobs, and
// the summary that opens each report (what failed, since when until when, why, what to do,
// whether later jobs succeeded). Text, HTML and JSON render this model; none of them decides
// anything of its own.
#include <string>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "report/words.hpp"

namespace evtxdiag::report {

/// Findings that say the same about several jobs (same rule, verdict and texts apart from the
/// job number), or one finding.
struct FindingGroup {
  std::string rule;
  Verdict verdict = Verdict::context;
  double confidence = 0;
  std::vector<const Finding*> members;  ///< one per job, in job order
  std::vector<std::size_t> jobs;        ///< their job numbers; empty when not tied to a job
  FindingTexts texts;                   ///< for the whole group, in the report language
};

/// A code some jobs reported.
struct CodeUse {
  JobCode code;                     ///< as the first job reported it
  std::vector<std::size_t> jobs;    ///< jobs reporting it
  std::vector<std::string> fields;  ///< where it was read, each once
};

/// The answer first: what a reader should know if they read nothing else.
struct Summary {
  std::size_t jobs = 0, failed = 0, succeeded = 0;
  std::vector<std::size_t> failed_jobs;
  const BackupJob* first_failure = nullptr;
  const BackupJob* last_failure = nullptr;
  const BackupJob* succeeded_after = nullptr;  ///< first successful job after the last failure
  const BackupJob* last_job = nullptr;
  /// "no-jobs", "succeeded" (no failure), "recovered" (a job succeeded after the last failure),
  /// "failing" (the last job failed), "unresolved" (failures, then no success but no failure).
  std::string status;
  std::vector<const FindingGroup*> causes;        ///< cause and undetermined groups, most jobs first
  std::vector<const FindingGroup*> red_herrings;  ///< every red-herring group
  std::string text;                               ///< the paragraph, in the report language
};

struct MachineReport {
  const Diagnosis* diagnosis = nullptr;
  std::vector<FindingGroup> findings;  ///< causes, contributing, undetermined, context: by first job
  std::vector<FindingGroup> red_herrings;
  std::vector<CodeUse> codes;  ///< every code of every job, first-seen order
  Summary summary;
};

/// Builds the model of one machine's diagnosis in `words`' language. The result points into
/// `diagnosis`, which must outlive it.
MachineReport build_report(const Diagnosis& diagnosis, const Words& words);

/// The local time of `t` for people in the diagnosis zone ("2019-10-28 21:00:04 JST").
std::string readable(const Diagnosis& diagnosis, Timestamp t);

/// The zone of the diagnosis in the report language, with where it came from: "Tokyo Standard
/// Time (Asia/Tokyo), inferred from EventLog 6013 "-540 東京 (標準時)", record 98812 of
/// ./System.evtx" / "東京 (標準時) (Asia/Tokyo)、./System.evtx のレコード 98812 (EventLog 6013 ...) から推定".
std::string zone_text(const Diagnosis& diagnosis, const Words& words);
/// The zone alone, for readers who need no provenance: "Tokyo Standard Time [Asia/Tokyo]".
std::string zone_text_short(const Diagnosis& diagnosis, const Words& words);
/// The zone's notes (changes, disagreements) in the report language.
std::vector<std::string> zone_notes(const Diagnosis& diagnosis, const Words& words);

}  // namespace evtxdiag::report
