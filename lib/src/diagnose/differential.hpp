#pragma once
// The differential diagnosis of a failed job no rule explains: "no failed job may end
// without a finding". Data: knowledge/rules/differential.yaml.
#include <cstddef>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/knowledge.hpp"
#include "jobs/jobs.hpp"
#include "rules/rule_model.hpp"

namespace evtxdiag::diag {

/// The finding (verdict undetermined, rule "differential-diagnosis", job set) for `job`: the
/// stage it failed at (the `stage` of its first code that has one), its codes, when it failed
/// relative to its start, and what to check, most likely first (the stage's timing-matched
/// checks, the remedies of its known codes, the stage's other checks). Evidence is left to the
/// caller (the job's failure events).
Finding differential_finding(const Differential& differential, const JobDraft& draft, const BackupJob& job,
                             const KnowledgeBase& knowledge, Language language);

/// The rule id of differential findings.
inline constexpr const char* kDifferentialRule = "differential-diagnosis";

}  // namespace evtxdiag::diag
