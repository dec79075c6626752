#pragma once
// How the diagnosis shows an event and a code: an EvidenceRef with local time and the message
// the customer saw (MTA) or the knowledge base's template, a JobCode with its meaning (or its
// structure when unknown), and where a code was read.
#include <string>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/knowledge.hpp"
#include "evtxdiag/timezone.hpp"
#include "rules/event_codes.hpp"
#include "rules/rule_model.hpp"

namespace evtxdiag::diag {

class EvidenceWriter {
 public:
  EvidenceWriter(const KnowledgeBase& knowledge, Language language, const ZoneResolution& zones)
      : knowledge_(knowledge), language_(language), zones_(zones) {}

  /// The event as evidence: file, record, local time, message and a one-line summary.
  EvidenceRef reference(const Event& event) const;
  /// A code with its symbol and meaning in the language; unknown codes get their structure.
  JobCode job_code(const FoundCode& code, const std::string& field) const;

 private:
  const KnowledgeBase& knowledge_;
  Language language_;
  const ZoneResolution& zones_;
};

/// The fields a rule reads codes from in free text (its patterns' `codes_in`).
std::vector<std::string> code_text_fields(const Rule& rule);

/// Where a code was read: "VSS 8229 data 2", "Microsoft-Windows-Backup 521 ErrorCode".
std::string code_source(const Event& event, const std::string& field);

}  // namespace evtxdiag::diag
