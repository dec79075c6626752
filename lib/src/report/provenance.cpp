// See provenance.hpp.
#include "report/provenance.hpp"

#include <set>

#include "evtxdiag/version.hpp"

namespace evtxdiag::report {

std::vector<const InputSummary*> distinct_inputs(const std::vector<const Diagnosis*>& machines) {
  std::vector<const InputSummary*> inputs;
  std::set<std::string> seen;
  for (const Diagnosis* d : machines)
    for (const InputSummary& input : d->inputs)
      if (seen.insert(input.path).second) inputs.push_back(&input);
  return inputs;
}

std::string tool_text() { return std::string("evtxdiag ") + version(); }

std::vector<std::string> provenance_lines(const std::vector<const Diagnosis*>& machines, const ReportOptions& options,
                                          const Words& w) {
  std::vector<std::string> lines{w("provenance.tool", {{"tool", tool_text()}})};
  if (options.analysed_at)
    lines.push_back(w("provenance.analysed_at", {{"time", TimeZone::utc().format_readable(*options.analysed_at)}}));
  for (const InputSummary* input : distinct_inputs(machines))
    lines.push_back(input->sha256.empty()
                        ? w("provenance.input_unreadable", {{"file", input->path}})
                        : w("provenance.input",
                            {{"file", input->path}, {"size", std::to_string(input->size)}, {"sha256", input->sha256}}));
  return lines;
}

}  // namespace evtxdiag::report
