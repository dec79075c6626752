#pragma once
// The diagnosis of one machine: its backup jobs, the rules' findings (and the differential
// diagnosis of the failures no rule explains) and the timeline, in the zone of its logs.
#include <memory>

#include "diagnose/machines.hpp"
#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/knowledge.hpp"
#include "rules/rule_model.hpp"

namespace evtxdiag::diag {

/// What the diagnoses of one diagnose() call share: the options, the knowledge and the rules.
struct DiagnosisContext {
  const DiagnoseOptions& options;
  Language language = Language::en;
  KnowledgeBase knowledge;
  std::shared_ptr<const RuleSet> rules;  ///< the built-in set is shared, not copied per diagnosis
};

/// The diagnosis of one machine's events (deduplicated and sorted).
Diagnosis analyse(MachineCase machine, const DiagnosisContext& context);

}  // namespace evtxdiag::diag
