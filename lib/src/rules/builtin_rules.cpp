// The rule files compiled into the library: knowledge/rules/*.yaml through the knowledge
// module's embedding (one copy of the data for every module).
#include <algorithm>

#include "knowledge/embedded.hpp"
#include "rules/rule_loader.hpp"

namespace evtxdiag::diag {

std::vector<RuleFile> builtin_rule_files() {
  std::vector<RuleFile> out;
  for (const auto& file : knowledge::embedded_files()) {
    if (file.path.rfind("rules/", 0) != 0) continue;
    out.push_back({"knowledge/" + std::string(file.path), std::string(file.content)});
  }
  std::sort(out.begin(), out.end(), [](const RuleFile& a, const RuleFile& b) { return a.name < b.name; });
  return out;
}

}  // namespace evtxdiag::diag
