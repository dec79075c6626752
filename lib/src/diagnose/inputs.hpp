#pragma once
// Turning the paths a user gives into one deduplicated, time-ordered list of events.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/diagnostic.hpp"
#include "evtxdiag/event.hpp"
#include "evtxdiag/inputs.hpp"
#include "evtxdiag/knowledge.hpp"
#include "rules/rule_model.hpp"

namespace evtxdiag::diag {

/// The (provider, id) pre-filter: true for events the diagnosis can use (job lifecycle, rule
/// conditions, timeline context, zone evidence, events the knowledge base gives a role).
class RelevanceFilter {
 public:
  RelevanceFilter(const RuleSet& rules, const KnowledgeBase& knowledge);
  bool operator()(std::string_view provider, std::uint32_t event_id) const;
  /// False when some rule pattern names no provider: then every event must be read.
  bool selective() const noexcept { return selective_; }

 private:
  std::vector<std::pair<std::string, std::uint32_t>> pairs_;  ///< sorted (lower-case provider, id)
  std::vector<std::string> any_id_;                           ///< providers whose every id counts
  std::vector<std::uint32_t> any_provider_;                   ///< ids that count for every provider
  bool selective_ = true;
};

/// Events of all inputs, deduplicated and sorted, with one summary per input.
struct LoadedEvents {
  std::vector<Event> events;
  std::vector<InputSummary> inputs;
  std::vector<Diagnostic> diagnostics;
};

/// Reads `files`; `want` is passed to the reader as its pre-filter and drops the events it
/// refuses. `threads` (0 = automatic, 1 = none): several files are read in parallel, one file
/// with that many reader threads. The result is the same whatever the number: files in the
/// given order, each file's events in read order. `want` must be safe to call from several
/// threads at once.
/// Files on disk are read through a mapping; archive members from memory (each released once
/// read); a file with an `error` is reported unreadable.
LoadedEvents load_events(std::vector<CaseFile> files, bool recovered,
                         const std::function<bool(std::string_view, std::uint32_t)>& want, unsigned threads);

/// Drops duplicates (same channel, record id, time, provider and event id: one record seen in
/// several files or recovered copies), counting them on `inputs`, then sorts by time.
void deduplicate_and_sort(std::vector<Event>& events, std::vector<InputSummary>& inputs);

}  // namespace evtxdiag::diag
