#pragma once
// The YAML reading shared by the parts of the rule loader (rule_loader.cpp, rule_parts.cpp).
// Structure and types are knowledge/schema/rules.schema.yaml's job: the loader validates each
// file against it before anything here runs, so these helpers convert values the schema has
// already accepted. What they still refuse is what a schema cannot say (fail()).
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_model.hpp"

namespace evtxdiag::diag::rule_yaml {

/// Throws Error(invalid_input) "FILE:LINE:COLUMN: WHAT" (the position of `node`).
[[noreturn]] void fail(const std::string& file, const YAML::Node& node, const std::string& what);
/// A text meant for people (title, explanation, remedy): Japanese folded block scalars joined
/// without stray spaces (knowledge/japanese_folding.hpp); `source` is the file's YAML.
std::string text_of(const YAML::Node& node, std::string_view source);
/// A value or a list of values.
std::vector<std::string> strings(const YAML::Node& node);
/// A code or a list of codes, each in any form `explain` accepts (the schema's evtxdiag-code).
std::vector<std::uint32_t> codes(const YAML::Node& node);
/// An event id or a list of them.
std::vector<std::uint32_t> ids(const YAML::Node& node);
/// {en: ..., ja: ...}.
std::map<std::string, std::string> texts_of(const YAML::Node& node, std::string_view source);

/// An event of a rule example (knowledge/rules/README.md "examples"). `where` names it in
/// messages ("rule 'x': document.rules[0].examples[1].events[0]").
Event example_event(const std::string& file, const YAML::Node& node, std::uint64_t ordinal, const std::string& where);
/// The `differential:` block (knowledge/rules/differential.yaml).
void load_differential(const YAML::Node& node, Differential& out, std::string_view source);

}  // namespace evtxdiag::diag::rule_yaml
