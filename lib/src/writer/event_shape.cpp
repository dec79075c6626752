// event_shape.hpp: value type names, item checks and the flat view of a payload. The flat view
// follows the readers step by step - render the elements as the built-in decoder does
// (binxml/render.cpp: Null drops, arrays repeat), then read them as xml/event_xml.cpp does -
// so that a scenario's Event::data equals what dump shows for the written file.
#include "evtxdiag/event_shape.hpp"

#include <cctype>

#include "writer/typed_value.hpp"

namespace evtxdiag {
namespace {

struct TypeName {
  ValueType type;
  const char* name;
};

constexpr TypeName kTypeNames[] = {
    {ValueType::null, "Null"},         {ValueType::string, "String"},       {ValueType::ansi_string, "AnsiString"},
    {ValueType::int8, "Int8"},         {ValueType::uint8, "UInt8"},         {ValueType::int16, "Int16"},
    {ValueType::uint16, "UInt16"},     {ValueType::int32, "Int32"},         {ValueType::uint32, "UInt32"},
    {ValueType::int64, "Int64"},       {ValueType::uint64, "UInt64"},       {ValueType::real32, "Real32"},
    {ValueType::real64, "Real64"},     {ValueType::boolean, "Boolean"},     {ValueType::binary, "Binary"},
    {ValueType::guid, "GUID"},         {ValueType::size_t_, "SizeT"},       {ValueType::filetime, "FILETIME"},
    {ValueType::systemtime, "SYSTEMTIME"}, {ValueType::sid, "SID"},        {ValueType::hex_int32, "HexInt32"},
    {ValueType::hex_int64, "HexInt64"},
};

bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// An element as a reader sees it after rendering: attributes, text, child elements.
struct Rendered {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string text;
  std::vector<Rendered> children;
};

std::string item_text(ValueType type, const std::string& item) {
  std::string why;
  const auto shown = check_value_text(type, item, why);
  return shown ? *shown : item;
}

// pugixml (parse_default) turns CR LF and lone CR into LF and skips text that is only white space.
std::string as_parsed_text(std::string text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  for (char c : out)
    if (c != ' ' && c != '\t' && c != '\n') return out;
  return {};
}

// Renders `element` into `out` (several tags for an array value, none for a Null value).
void render(const PayloadElement& element, std::vector<Rendered>& out) {
  if (element.value && element.value->type == ValueType::null) return;
  Rendered tag;
  tag.name = element.name;
  for (const PayloadAttribute& attribute : element.attributes) {
    if (!attribute.value) {
      tag.attributes.emplace_back(attribute.name, attribute.text);
    } else if (attribute.value->type != ValueType::null && !attribute.value->items.empty()) {
      tag.attributes.emplace_back(attribute.name, item_text(attribute.value->type, attribute.value->items.front()));
    }
  }
  for (const PayloadElement& child : element.children) render(child, tag.children);
  tag.text = element.text;
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
    copy.text += item_text(value.type, item);
    out.push_back(std::move(copy));
    if (!value.array) break;
  }
}

std::string hex_digits_upper(const std::string& text) {
  std::string out;
  for (char c : text)
    if (std::isxdigit(static_cast<unsigned char>(c))) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

const std::string* attribute_named(const Rendered& tag, const char* name) {
  for (const auto& [key, value] : tag.attributes)
    if (key == name) return &value;
  return nullptr;
}

// xml/event_xml.cpp read_event_data: Data by Name or position, Binary as hex.
void read_event_data(const Rendered& event_data, std::vector<DataField>& data, std::string& binary_hex) {
  std::size_t position = 0;
  for (const Rendered& child : event_data.children) {
    if (child.name == "Data") {
      ++position;
      const std::string* name = attribute_named(child, "Name");
      data.push_back({name ? *name : std::to_string(position), as_parsed_text(child.text)});
    } else if (child.name == "Binary") {
      binary_hex += hex_digits_upper(child.text);
    }
  }
}

// xml/event_xml.cpp flatten_leaves: leaf elements below `parent`, depth first.
void flatten_leaves(const Rendered& parent, std::vector<DataField>& data) {
  for (const Rendered& child : parent.children) {
    if (!child.children.empty())
      flatten_leaves(child, data);
    else
      data.push_back({child.name, as_parsed_text(child.text)});
  }
}

}  // namespace

const char* to_string(ValueType type) noexcept {
  for (const TypeName& entry : kTypeNames)
    if (entry.type == type) return entry.name;
  return "Null";
}

std::optional<ValueType> parse_value_type(std::string_view name) noexcept {
  for (const TypeName& entry : kTypeNames)
    if (same_ignoring_case(name, entry.name)) return entry.type;
  return std::nullopt;
}

std::optional<std::string> check_value_text(ValueType type, std::string_view text, std::string& why) {
  const auto bytes = evtx::encode_item(type, text, why);
  if (!bytes) return std::nullopt;
  return evtx::rendered_item(type, *bytes);
}

void flatten_payload(const PayloadElement& payload, std::vector<DataField>& data, std::string& binary_hex) {
  std::vector<Rendered> rendered;
  render(payload, rendered);
  for (const Rendered& root : rendered) {
    if (root.name == "EventData") {
      read_event_data(root, data, binary_hex);
    } else if (root.name == "UserData") {
      for (const Rendered& child : root.children) flatten_leaves(child, data);
    }
  }
}

}  // namespace evtxdiag
