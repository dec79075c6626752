#pragma once
// Reading knowledge/rules/*.yaml into a RuleSet. Schema: knowledge/schema/rules.schema.yaml
// (JSON Schema, checked by lib/src/schema/); documentation: knowledge/rules/README.md.
#include <string>
#include <utility>
#include <vector>

#include "rules/rule_model.hpp"

namespace evtxdiag::diag {

/// One YAML document and the name used in error messages.
struct RuleFile {
  std::string name;  ///< e.g. "knowledge/rules/wsb.yaml"
  std::string text;
};

/// Parses the files in order into one RuleSet. A later rule with an id already defined by an
/// earlier *overlay* file replaces it (overrides); a duplicate id within `base` is an error.
/// Throws Error(invalid_input) listing every schema violation of a file (unknown key, wrong type,
/// bad code, value outside an enum, missing key), each with file:line:column, the rule's id and
/// the key path; and for what the schema cannot say (a time range backwards, a duplicate id).
RuleSet load_rules(const std::vector<RuleFile>& base, const std::vector<RuleFile>& overlay = {});

/// The built-in rule files (embedded knowledge/rules/*.yaml), sorted by name.
std::vector<RuleFile> builtin_rule_files();

/// *.yaml files directly under `dir`/rules (or `dir` itself when it has no rules/ folder), sorted.
std::vector<RuleFile> rule_files_in(const std::string& dir);

}  // namespace evtxdiag::diag
