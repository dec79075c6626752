#include "scenario/yaml_context.hpp"

#include "evtxdiag/error.hpp"
#include "writer/value_encoding.hpp"

namespace evtxdiag::scenario {

void YamlContext::fail(const YAML::Node& node, const std::string& path, const std::string& why) const {
  throw Error(ErrorKind::invalid_input, where(node.Mark()) + path + ": " + why);
}

std::string YamlContext::where(const YAML::Mark& mark) const {
  if (mark.is_null()) return name_ + ": ";
  return name_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) + ": ";
}

std::string YamlContext::join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

YAML::Node YamlContext::require(const YAML::Node& map, const char* key, const std::string& path) const {
  const YAML::Node node = map[key];
  if (!node)
    fail(map, path.empty() ? std::string("scenario") : path, std::string("missing required key '") + key + "'");
  return node;
}

std::string YamlContext::text_of(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) fail(node, path, "expected a string");
  return node.Scalar();
}

std::string YamlContext::checked_text(const YAML::Node& node, const std::string& path) const {
  std::string text = text_of(node, path);
  if (!evtx::utf8_to_utf16(text)) fail(node, path, "not valid UTF-8");
  return text;
}

std::uint64_t YamlContext::integer_of(const YAML::Node& node, const std::string& path, std::uint64_t min,
                                      std::uint64_t max) const {
  const std::string range = std::to_string(min) + ".." + std::to_string(max);
  if (!node.IsScalar()) fail(node, path, "expected an integer " + range);
  const std::string& text = node.Scalar();
  const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  std::uint64_t value = 0;
  bool ok = !text.empty() && text.size() <= (hex ? 18 : 20);
  for (std::size_t i = hex ? 2 : 0; ok && i < text.size(); ++i) {
    const char c = text[i];
    int digit = -1;
    if (c >= '0' && c <= '9')
      digit = c - '0';
    else if (hex && c >= 'a' && c <= 'f')
      digit = c - 'a' + 10;
    else if (hex && c >= 'A' && c <= 'F')
      digit = c - 'A' + 10;
    const std::uint64_t base = hex ? 16 : 10;
    if (digit < 0 || value > (UINT64_MAX - static_cast<std::uint64_t>(digit)) / base)
      ok = false;
    else
      value = value * base + static_cast<std::uint64_t>(digit);
  }
  if (!ok || value < min || value > max) fail(node, path, "expected an integer " + range + ", got '" + text + "'");
  return value;
}

}  // namespace evtxdiag::scenario
