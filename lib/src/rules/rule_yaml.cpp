// See rule_yaml.hpp.
#include "rules/rule_yaml.hpp"

#include <sstream>
#include <stdexcept>

#include "knowledge/japanese_folding.hpp"
#include "rules/event_codes.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/knowledge.hpp"

namespace evtxdiag::diag::rule_yaml {

void fail(const std::string& file, const YAML::Node& node, const std::string& what) {
  std::ostringstream message;
  message << file;
  if (node.Mark().line >= 0) message << ':' << node.Mark().line + 1;
  message << ": " << what;
  throw Error(ErrorKind::invalid_input, message.str());
}

void check_keys(const std::string& file, const YAML::Node& map, const std::set<std::string>& allowed,
                const std::string& where) {
  if (!map.IsMap()) fail(file, map, where + " must be a mapping");
  for (const auto& entry : map) {
    const auto key = entry.first.as<std::string>();
    if (!allowed.count(key)) fail(file, entry.first, "unknown key '" + key + "' in " + where);
  }
}

std::string scalar(const std::string& file, const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) fail(file, node, "'" + key + "' must be a single value");
  return node.as<std::string>();
}

std::string text_scalar(const std::string& file, const YAML::Node& node, const std::string& key, std::string_view source) {
  scalar(file, node, key);
  return knowledge::folded_scalar(node, source);
}

std::vector<std::string> strings(const std::string& file, const YAML::Node& node, const std::string& key) {
  std::vector<std::string> out;
  if (node.IsSequence()) {
    for (const auto& item : node) out.push_back(scalar(file, item, key));
  } else {
    out.push_back(scalar(file, node, key));
  }
  return out;
}

std::vector<std::uint32_t> codes(const std::string& file, const YAML::Node& node, const std::string& key) {
  std::vector<std::uint32_t> out;
  for (const auto& text : strings(file, node, key)) {
    // Written by a person, like `explain`'s argument: "80780021" is the HRESULT 0x80780021.
    auto parsed = parse_code(text, CodeText::written_by_person);
    if (!parsed) fail(file, node, "'" + key + "': '" + text + "' is not a code");
    out.push_back(parsed->value);
  }
  return out;
}

std::vector<std::uint32_t> ids(const std::string& file, const YAML::Node& node) {
  std::vector<std::uint32_t> out;
  for (const auto& text : strings(file, node, "id")) {
    try {
      std::size_t used = 0;
      const unsigned long value = std::stoul(text, &used);
      if (used != text.size() || value > 65535) throw std::invalid_argument(text);
      out.push_back(static_cast<std::uint32_t>(value));
    } catch (const std::exception&) {
      fail(file, node, "'id': '" + text + "' is not an event id");
    }
  }
  return out;
}

std::map<std::string, std::string> texts_of(const std::string& file, const YAML::Node& node, const std::string& where,
                                            std::string_view source) {
  if (!node || !node.IsMap() || !node["en"]) fail(file, node, where + " needs {en: ..., ja: ...}");
  check_keys(file, node, {"en", "ja"}, where);
  std::map<std::string, std::string> out;
  for (const auto& entry : node) out[entry.first.as<std::string>()] = text_scalar(file, entry.second, where, source);
  return out;
}

}  // namespace evtxdiag::diag::rule_yaml
