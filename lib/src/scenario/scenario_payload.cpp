// Scenario payloads (see scenario_payload.hpp). A value is a plain scalar (a String) or a
// typed mapping {type: T, value: V} / {type: T, values: [...]} / {type: Null}; an element's
// content is a value, or a mapping of attributes ("@name"), literal text ("#text"), its own
// value ("#value") and child elements (a list repeats the child).
#include "scenario/scenario_payload.hpp"

#include <algorithm>
#include <memory>

#include "evtxdiag/event_shape.hpp"
#include "scenario/scenario_keys.hpp"
#include "writer/value_encoding.hpp"

namespace evtxdiag::scenario {
namespace {

std::string type_names() {
  std::string out;
  for (int t = 0; t <= static_cast<int>(ValueType::hex_int64); ++t)
    out += (out.empty() ? "" : ", ") + std::string(to_string(static_cast<ValueType>(t)));
  return out;
}

class PayloadLoader {
 public:
  explicit PayloadLoader(const YamlContext& yaml) : yaml_(yaml) {}

  static bool is_typed(const YAML::Node& node) { return node.IsMap() && node["type"]; }

  // A scalar (String) or a typed mapping.
  PayloadValue value(const YAML::Node& node, const std::string& path) const {
    if (is_typed(node)) return typed(node, path);
    return PayloadValue{ValueType::string, false, {item(node, ValueType::string, path)}};
  }

  PayloadValue typed(const YAML::Node& node, const std::string& path) const {
    yaml_.check_keys(node, path, kTypedValueKeys);
    const YAML::Node type_node = node["type"];
    // YAML reads a plain `Null` (like null and ~) as a null node, not as the text "Null".
    const std::string type_name = type_node.IsNull() ? "Null" : yaml_.text_of(type_node, path + ".type");
    const auto type = parse_value_type(type_name);
    if (!type) yaml_.fail(type_node, path + ".type", "unknown type '" + type_name + "' (known: " + type_names() + ")");
    PayloadValue out{*type, false, {}};
    const YAML::Node one = node["value"], many = node["values"];
    if (*type == ValueType::null) {
      if (one || many) yaml_.fail(one ? one : many, path, "a Null value has no value");
      return out;
    }
    if (bool(one) == bool(many))
      yaml_.fail(node, path, "expected exactly one of 'value' (a scalar) or 'values' (an array)");
    if (one) {
      out.items.push_back(item(one, *type, path + ".value"));
      return out;
    }
    if (!many.IsSequence()) yaml_.fail(many, path + ".values", "expected a list (an array value; [] for an empty one)");
    if (*type == ValueType::binary) yaml_.fail(many, path + ".values", "a Binary value cannot be an array");
    out.array = true;
    for (std::size_t i = 0; i < many.size(); ++i)
      out.items.push_back(item(many[i], *type, path + ".values[" + std::to_string(i) + "]"));
    return out;
  }

  // The content of `element` from `node` (see the file comment).
  void content(const YAML::Node& node, const std::string& path, PayloadElement& element) const {
    if (node.IsNull() && node.Tag() != "!")
      yaml_.fail(node, path, "no content; write {} for an empty element or \"\" for an empty value");
    if (node.IsSequence())
      yaml_.fail(node, path, "a list repeats an element: give it as the value of the element's name");
    if (node.IsScalar() || is_typed(node)) {
      element.value = value(node, path);
      return;
    }
    std::vector<std::string> seen;
    for (const auto& entry : node) {
      const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
      const std::string at = YamlContext::join(path, key);
      if (key.empty()) yaml_.fail(entry.first, path, "element and attribute names must be non-empty strings");
      if (std::find(seen.begin(), seen.end(), key) != seen.end())
        yaml_.fail(entry.first, at, "given twice (write repeated elements as a list under one name)");
      seen.push_back(key);
      if (key[0] == '@') {
        PayloadAttribute attribute{key.substr(1), {}, std::nullopt};
        if (is_typed(entry.second)) {
          attribute.value = typed(entry.second, at);
          if (attribute.value->array) yaml_.fail(entry.second, at, "an attribute cannot hold an array");
        } else {
          attribute.text = item(entry.second, ValueType::string, at);
        }
        element.attributes.push_back(std::move(attribute));
      } else if (key == "#text") {
        element.text = item(entry.second, ValueType::string, at);
      } else if (key == "#value") {
        element.value = value(entry.second, at);
      } else if (key == "#children") {
        ordered_children(entry.second, at, element);
      } else if (key[0] == '#') {
        yaml_.fail(entry.first, at,
                   "unknown key (allowed: #text, #value, #children, @attribute, or a child element's name)");
      } else {
        child(key, entry.second, at, element);
      }
    }
  }

 private:
  // `name: content` (a list: the child repeated once per item).
  void child(const std::string& name, const YAML::Node& node, const std::string& path, PayloadElement& element) const {
    if (!node.IsSequence()) {
      element.children.push_back(PayloadElement{name, {}, {}, {}, std::nullopt});
      content(node, path, element.children.back());
      return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      element.children.push_back(PayloadElement{name, {}, {}, {}, std::nullopt});
      content(node[i], path + "[" + std::to_string(i) + "]", element.children.back());
    }
  }

  // "#children": [{A: ...}, {B: ...}, {A: ...}]: children in this order, names in any order (and
  // names a mapping key cannot take, such as `type`).
  void ordered_children(const YAML::Node& node, const std::string& path, PayloadElement& element) const {
    if (!node.IsSequence()) yaml_.fail(node, path, "expected a list of one-key mappings {Name: content}");
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string at = path + "[" + std::to_string(i) + "]";
      const YAML::Node item = node[i];
      if (!item.IsMap() || item.size() != 1 || !item.begin()->first.IsScalar())
        yaml_.fail(item, at, "expected a one-key mapping {Name: content}");
      const std::string name = item.begin()->first.Scalar();
      if (name.empty() || name[0] == '@' || name[0] == '#')
        yaml_.fail(item, at, "'" + name + "' is not an element name");
      child(name, item.begin()->second, YamlContext::join(at, name), element);
    }
  }

  // One item as text, checked against its type.
  std::string item(const YAML::Node& node, ValueType type, const std::string& path) const {
    if (node.IsNull() && node.Tag() != "!") yaml_.fail(node, path, "no value; write \"\" for an empty string");
    if (!node.IsScalar())
      yaml_.fail(node, path, "expected a string or {type: T, value: V} (quote it if it looks like a list or mapping)");
    const std::string text = yaml_.checked_text(node, path);
    std::string why;
    if (!check_value_text(type, text, why)) yaml_.fail(node, path, why);
    return text;
  }

  const YamlContext& yaml_;
};

// `data` (+ `binary`): String Data as before, or a typed EventData shape when any value is typed.
void load_data(const YamlContext& yaml, const PayloadLoader& loader, const YAML::Node& node, const std::string& path,
               Event& event, EventShape& shape) {
  PayloadElement root{"EventData", {}, {}, {}, std::nullopt};
  bool typed = false;
  auto add = [&](const std::string& name, const YAML::Node& value_node, const std::string& at) {
    PayloadElement data{"Data", {}, {}, {}, loader.value(value_node, at)};
    if (!name.empty()) data.attributes.push_back(PayloadAttribute{"Name", name, std::nullopt});
    typed = typed || PayloadLoader::is_typed(value_node);
    const std::string text = data.value->items.empty() ? std::string() : data.value->items.front();
    event.data.push_back({name.empty() ? std::to_string(root.children.size() + 1) : name, text});
    root.children.push_back(std::move(data));
  };
  if (const YAML::Node data = node["data"]) {
    const std::string at = path + ".data";
    if (data.IsMap()) {
      std::vector<std::string> seen;
      for (const auto& entry : data) {
        if (!entry.first.IsScalar() || entry.first.Scalar().empty())
          yaml.fail(entry.first, at, "Data names must be non-empty strings");
        const std::string name = entry.first.Scalar();
        if (std::find(seen.begin(), seen.end(), name) != seen.end())
          yaml.fail(entry.first, YamlContext::join(at, name), "duplicate Data name");
        seen.push_back(name);
        add(name, entry.second, YamlContext::join(at, name));
      }
    } else if (data.IsSequence()) {
      for (std::size_t i = 0; i < data.size(); ++i) add("", data[i], at + "[" + std::to_string(i) + "]");
    } else {
      yaml.fail(data, at, "expected a mapping (named Data) or a list (unnamed Data)");
    }
  }
  if (const YAML::Node binary = node["binary"]) {
    event.binary_hex = yaml.text_of(binary, path + ".binary");
    if (!evtx::parse_hex(event.binary_hex))
      yaml.fail(binary, path + ".binary", "expected an even number of hex digits");
    std::transform(event.binary_hex.begin(), event.binary_hex.end(), event.binary_hex.begin(),
                   [](char c) { return c >= 'a' && c <= 'f' ? static_cast<char>(c - 'a' + 'A') : c; });
    root.children.push_back(
        PayloadElement{"Binary", {}, {}, {}, PayloadValue{ValueType::binary, false, {event.binary_hex}}});
  }
  if (!typed) return;  // String Data only: the writer's plain EventData, as before
  // Arrays and type-specific text: the flat fields are what a reader will show.
  event.data.clear();
  event.binary_hex.clear();
  flatten_payload(root, event.data, event.binary_hex);
  shape.payload = std::move(root);
}

// `guid: "{...}"` (a GUID value) or {type: String, value: "{...}"} (literal text, as Windows
// writes it for classic sources) or {type: GUID, value: ...}.
void load_guid(const YamlContext& yaml, const PayloadLoader& loader, const YAML::Node& node, const std::string& path,
               Event& event, EventShape& shape) {
  if (PayloadLoader::is_typed(node)) {
    const PayloadValue value = loader.typed(node, path);
    if ((value.type != ValueType::string && value.type != ValueType::guid) || value.array)
      yaml.fail(node, path,
                "a Provider Guid is a GUID value or literal text: {type: GUID or String, value: \"{...}\"}");
    event.provider_guid = value.items.front();
    shape.provider_guid_text = value.type == ValueType::string;
  } else {
    event.provider_guid = yaml.text_of(node, path);
  }
  if (!evtx::parse_guid(event.provider_guid))
    yaml.fail(node, path, "'" + event.provider_guid + "' is not a GUID like {01234567-89ab-cdef-0123-456789abcdef}");
}

}  // namespace

void load_payload(const YamlContext& yaml, const YAML::Node& node, const std::string& path, Event& event) {
  const PayloadLoader loader(yaml);
  EventShape shape;
  if (const YAML::Node guid = node["guid"]) load_guid(yaml, loader, guid, path + ".guid", event, shape);
  const char* payload_keys[] = {"data", "binary", "event_data", "user_data"};
  std::string given;
  for (const char* key : payload_keys) {
    if (!node[key]) continue;
    const bool data_pair = given == "data" && std::string(key) == "binary";
    if (!given.empty() && !data_pair)
      yaml.fail(node[key], path + "." + key, "cannot be combined with '" + given + "' (one payload per event)");
    if (given.empty()) given = key;
  }
  if (node["user_data"] || node["event_data"]) {
    const bool user = bool(node["user_data"]);
    const std::string key = user ? "user_data" : "event_data";
    const YAML::Node content = node[key];
    if (!content.IsMap() || PayloadLoader::is_typed(content))
      yaml.fail(content, path + "." + key, "expected a mapping of child elements (and @attributes)");
    PayloadElement root{user ? "UserData" : "EventData", {}, {}, {}, std::nullopt};
    loader.content(content, path + "." + key, root);
    flatten_payload(root, event.data, event.binary_hex);
    shape.payload = std::move(root);
  } else {
    load_data(yaml, loader, node, path, event, shape);
  }
  if (shape.payload || shape.provider_guid_text) event.shape = std::make_shared<const EventShape>(std::move(shape));
}

}  // namespace evtxdiag::scenario
