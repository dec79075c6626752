#include "rules/rule_serialization.hpp"

#include "knowledge/precompiled.hpp"
#include "rules/rule_loader.hpp"

namespace evtxdiag::diag {

std::string serialize(const RuleSet& rules) {
  core::BinaryWriter writer;
  writer(rules);
  return writer.take();
}

RuleSet deserialize_rules(std::string_view bytes) {
  RuleSet rules;
  core::BinaryReader reader(bytes);
  reader(rules);
  if (!reader.at_end()) throw Error(ErrorKind::internal, "precompiled rules: trailing bytes");
  return rules;
}

std::shared_ptr<const RuleSet> builtin_rules() {
  static const std::shared_ptr<const RuleSet> rules = [] {
    const std::string_view precompiled = knowledge::precompiled_section(knowledge::PrecompiledSection::rules);
    return std::make_shared<const RuleSet>(precompiled.empty() ? load_rules(builtin_rule_files())
                                                               : deserialize_rules(precompiled));
  }();
  return rules;
}

}  // namespace evtxdiag::diag
