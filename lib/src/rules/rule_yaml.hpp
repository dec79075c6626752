#pragma once
// The strict YAML reading shared by the parts of the rule loader: every key known, every value
// of the right type, errors naming file, line and key (rule_loader.cpp, rule_examples.cpp,
// rule_differential.cpp).
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_model.hpp"

namespace evtxdiag::diag::rule_yaml {

[[noreturn]] void fail(const std::string& file, const YAML::Node& node, const std::string& what);
void check_keys(const std::string& file, const YAML::Node& map, const std::set<std::string>& allowed, const std::string& where);
std::string scalar(const std::string& file, const YAML::Node& node, const std::string& key);
/// A text meant for people (title, explanation, remedy): scalar() with Japanese folded block
/// scalars joined without stray spaces (knowledge/japanese_folding.hpp); `source` is the file's YAML.
std::string text_scalar(const std::string& file, const YAML::Node& node, const std::string& key, std::string_view source);
/// A value or a list of values.
std::vector<std::string> strings(const std::string& file, const YAML::Node& node, const std::string& key);
/// Codes in any form (parse_code_value).
std::vector<std::uint32_t> codes(const std::string& file, const YAML::Node& node, const std::string& key);
/// Event ids 0..65535.
std::vector<std::uint32_t> ids(const std::string& file, const YAML::Node& node);
/// {en: ..., ja: ...} with en required.
std::map<std::string, std::string> texts_of(const std::string& file, const YAML::Node& node, const std::string& where,
                                            std::string_view source);

/// An event of a rule example (knowledge/rules/README.md "examples").
Event example_event(const std::string& file, const YAML::Node& node, std::uint64_t ordinal);
/// The `differential:` block (knowledge/rules/differential.yaml).
void load_differential(const std::string& file, const YAML::Node& node, Differential& out, std::string_view source);

}  // namespace evtxdiag::diag::rule_yaml
