// See rule_yaml.hpp.
#include "rules/rule_yaml.hpp"

#include "evtxdiag/error.hpp"
#include "evtxdiag/knowledge.hpp"
#include "knowledge/japanese_folding.hpp"

namespace evtxdiag::diag::rule_yaml {

void fail(const std::string& file, const YAML::Node& node, const std::string& what) {
  std::string message = file;
  if (!node.Mark().is_null())
    message += ":" + std::to_string(node.Mark().line + 1) + ":" + std::to_string(node.Mark().column + 1);
  throw Error(ErrorKind::invalid_input, message + ": " + what);
}

std::string text_of(const YAML::Node& node, std::string_view source) { return knowledge::folded_scalar(node, source); }

std::vector<std::string> strings(const YAML::Node& node) {
  if (!node.IsSequence()) return {node.Scalar()};
  std::vector<std::string> out;
  for (const auto& item : node) out.push_back(item.Scalar());
  return out;
}

std::vector<std::uint32_t> codes(const YAML::Node& node) {
  std::vector<std::uint32_t> out;
  for (const auto& text : strings(node)) {
    // Written by a person, like `explain`'s argument: "80780021" is the HRESULT 0x80780021.
    const auto parsed = parse_code(text, CodeText::written_by_person);
    if (!parsed) throw Error(ErrorKind::internal, "the rule schema accepted '" + text + "' as a code");
    out.push_back(parsed->value);
  }
  return out;
}

std::vector<std::uint32_t> ids(const YAML::Node& node) {
  if (!node.IsSequence()) return {node.as<std::uint32_t>()};  // yaml-cpp reads 0x.. and 0o.. as YAML 1.2 does
  std::vector<std::uint32_t> out;
  for (const auto& item : node) out.push_back(item.as<std::uint32_t>());
  return out;
}

std::map<std::string, std::string> texts_of(const YAML::Node& node, std::string_view source) {
  std::map<std::string, std::string> out;
  for (const auto& entry : node) out[entry.first.Scalar()] = text_of(entry.second, source);
  return out;
}

}  // namespace evtxdiag::diag::rule_yaml
