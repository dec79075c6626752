#include "writer/payload_template.hpp"

#include "evtxdiag/error.hpp"
#include "writer/typed_value.hpp"
#include "writer/value_encoding.hpp"

namespace evtxdiag::evtx {
namespace {

[[noreturn]] void fail(const std::string& where, const std::string& why) {
  throw Error(ErrorKind::invalid_input, "cannot write event: " + where + ": " + why);
}

std::u16string utf16(const std::string& text, const std::string& where) {
  auto converted = utf8_to_utf16(text);
  if (!converted) fail(where, "not valid UTF-8");
  return std::move(*converted);
}

// XML names: non-empty, no white space or markup characters (readers would garble them).
std::u16string name_of(const std::string& name, const std::string& where) {
  if (name.empty()) fail(where, "an element or attribute needs a name");
  for (char c : name)
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '<' || c == '>' || c == '&' || c == '"' || c == '\'' ||
        c == '=' || c == '/')
      fail(where, "'" + name + "' is not an XML name");
  return utf16(name, where);
}

class Builder {
 public:
  explicit Builder(TemplateInstance& instance) : instance_(instance) {}

  TemplateElement element(const PayloadElement& source, const std::string& where, bool root) {
    TemplateElement out;
    out.name = name_of(source.name, where);
    out.close_empty = !root;  // Windows writes an empty EventData as <EventData></EventData>
    for (const PayloadAttribute& attribute : source.attributes) {
      const std::string at = where + "@" + attribute.name;
      if (!attribute.value) {
        out.attributes.push_back(
            TemplateAttribute{name_of(attribute.name, at), utf16(attribute.text, at), std::nullopt});
        continue;
      }
      if (attribute.value->array) fail(at, "an attribute cannot hold an array");
      out.attributes.push_back(TemplateAttribute{name_of(attribute.name, at), {}, substitution(*attribute.value, at)});
    }
    for (const PayloadElement& child : source.children)
      out.children.push_back(element(child, where + "/" + child.name, false));
    out.text = utf16(source.text, where);
    if (source.value) {
      out.substitution = substitution(*source.value, where);
      if (out.substitution->optional) out.dependency = out.substitution->index;
    }
    return out;
  }

 private:
  Substitution substitution(const PayloadValue& value, const std::string& where) {
    std::string why;
    auto bytes = encode_value(value, why);
    if (!bytes) fail(where, why);
    if (instance_.values.size() >= 0xFFFF) fail(where, "too many values in one event");
    const auto index = static_cast<std::uint16_t>(instance_.values.size());
    const bool optional = value.type == ValueType::null || value.array;
    instance_.values.push_back(TemplateValue{stored_type(value), std::move(*bytes), nullptr});
    return Substitution{index, stored_type(value), optional};
  }

  TemplateInstance& instance_;
};

}  // namespace

std::shared_ptr<TemplateInstance> payload_instance(const PayloadElement& payload) {
  auto instance = std::make_shared<TemplateInstance>();
  instance->root = Builder(*instance).element(payload, payload.name, true);
  return instance;
}

}  // namespace evtxdiag::evtx
