// event_shape.hpp: item checks and the flat view of a payload. The flat view follows the
// readers step by step - render the elements as the built-in decoder walks them
// (binxml/walk.cpp: Null drops, arrays repeat), then read them through the readers' shared
// payload reading (core/payload_fields.hpp) - so that a scenario's Event::data equals what
// dump shows for the written file.
#include "evtxdiag/event_shape.hpp"

#include "core/payload_fields.hpp"
#include "writer/typed_value.hpp"

namespace evtxdiag {
namespace {

// An element as a reader sees it after rendering: attributes, text, child elements.
struct Rendered {
  struct Attribute {
    std::string name;
    std::string text;
    ValueType type;
  };
  std::string name;
  std::vector<Attribute> attributes;
  std::string text;
  std::optional<ValueType> text_type;  ///< set when the element has text or a value
  std::vector<Rendered> children;
};

std::string item_text(ValueType type, const std::string& item) {
  std::string why;
  const auto shown = check_value_text(type, item, why);
  return shown ? *shown : item;
}

// Renders `element` into `out` (several tags for an array value, none for a Null value).
void render(const PayloadElement& element, std::vector<Rendered>& out) {
  if (element.value && element.value->type == ValueType::null) return;
  Rendered tag;
  tag.name = element.name;
  for (const PayloadAttribute& attribute : element.attributes) {
    if (!attribute.value) {
      tag.attributes.push_back({attribute.name, attribute.text, ValueType::string});
    } else if (attribute.value->type != ValueType::null && !attribute.value->items.empty()) {
      tag.attributes.push_back(
          {attribute.name, item_text(attribute.value->type, attribute.value->items.front()), attribute.value->type});
    }
  }
  for (const PayloadElement& child : element.children) render(child, tag.children);
  tag.text = element.text;
  if (!tag.text.empty()) tag.text_type = ValueType::string;
  if (!element.value) {
    out.push_back(std::move(tag));
    return;
  }
  const PayloadValue& value = *element.value;
  if (value.array && value.items.empty()) {  // an empty array still gives one empty element
    out.push_back(std::move(tag));
    return;
  }
  for (const std::string& item : value.items) {
    Rendered copy = tag;
    copy.text_type = copy.text_type ? ValueType::string : value.type;  // literal text and a value: a String
    copy.text += item_text(value.type, item);
    out.push_back(std::move(copy));
    if (!value.array) break;
  }
}

// What a reader makes of the rendered element (its text before its children, as the walk gives it).
void feed(const Rendered& tag, core::PayloadFields& fields) {
  fields.start_element(tag.name);
  for (const Rendered::Attribute& attribute : tag.attributes)
    fields.attribute(attribute.name, attribute.text, attribute.type);
  if (tag.text_type) fields.text(tag.text, tag.text_type);
  for (const Rendered& child : tag.children) feed(child, fields);
  fields.end_element();
}

}  // namespace

std::optional<std::string> check_value_text(ValueType type, std::string_view text, std::string& why) {
  const auto bytes = evtx::encode_item(type, text, why);
  if (!bytes) return std::nullopt;
  return evtx::rendered_item(type, *bytes);
}

void flatten_payload(const PayloadElement& payload, std::vector<DataField>& data, std::string& binary_hex) {
  std::vector<Rendered> rendered;
  render(payload, rendered);
  core::PayloadFields fields(data, binary_hex);
  for (const Rendered& root : rendered) feed(root, fields);
}

}  // namespace evtxdiag
