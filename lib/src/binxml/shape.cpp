// Parsed binary XML -> EventShape (see shape.hpp). Walks the same tree the renderer walks
// (render.cpp) but keeps each substitution as a typed value instead of its text.
#include "binxml/shape.hpp"

#include <cstring>

#include "binxml/values.hpp"
#include "format/format.hpp"

namespace evtxdiag::binxml {
namespace {

namespace vt = evtx::value_type;

bool named(const std::string& name, const char* local) {
  const std::size_t colon = name.rfind(':');
  return std::strcmp(name.c_str() + (colon == std::string::npos ? 0 : colon + 1), local) == 0;
}

void append_entity(std::string& out, const std::string& name) {
  if (name == "amp")
    out += '&';
  else if (name == "lt")
    out += '<';
  else if (name == "gt")
    out += '>';
  else if (name == "quot")
    out += '"';
  else if (name == "apos")
    out += '\'';
  else
    out += "&" + name + ";";
}

// One piece of element or attribute content: literal text, or a value.
struct Part {
  std::string text;
  std::optional<PayloadValue> value;
  std::string rendered;  ///< the value's text as the renderer shows it (first item of an array)
};

class ShapeBuilder {
 public:
  ShapeBuilder(const ChunkView& chunk, TemplateCache& cache) : chunk_(chunk), cache_(cache) {}

  std::shared_ptr<const EventShape> shape(const std::vector<Node>& document) {
    const std::vector<Value>* values = nullptr;
    const Node* event = find_event(document, values);
    if (!event) return nullptr;
    auto shape = std::make_shared<EventShape>();
    std::vector<PayloadElement> payloads;
    for (const Node& child : event->children) {
      if (child.kind == NodeKind::element && named(child.name, "System")) {
        shape->provider_guid_text = guid_is_text(child, values);
      } else if (!content_elements(child, values, 1, payloads)) {
        return nullptr;
      }
    }
    if (!payloads.empty()) shape->payload = std::move(payloads.front());
    return shape;
  }

 private:
  const Node* find_event(const std::vector<Node>& nodes, const std::vector<Value>*& values) {
    for (const Node& node : nodes) {
      if (node.kind == NodeKind::element && named(node.name, "Event")) return &node;
      if (node.kind == NodeKind::template_instance && node.definition) {
        const std::vector<Value>* inner = &node.values;
        if (const Node* found = find_event(node.definition->body, inner)) {
          values = inner;
          return found;
        }
      }
    }
    return nullptr;
  }

  const Value* lookup(const Node& node, const std::vector<Value>* values) const {
    return values && node.index < values->size() ? &(*values)[node.index] : nullptr;
  }

  bool guid_is_text(const Node& system, const std::vector<Value>* values) const {
    for (const Node& child : system.children) {
      if (child.kind != NodeKind::element || !named(child.name, "Provider")) continue;
      for (const Attribute& attribute : child.attributes) {
        if (attribute.name != "Guid") continue;
        const bool substituted = attribute.content.size() == 1 && attribute.content[0].kind == NodeKind::substitution;
        const Value* value = substituted ? lookup(attribute.content[0], values) : nullptr;
        return !(value && value->type == vt::guid);
      }
    }
    return false;
  }

  // Elements that `node` stands for in element content: itself, a template instance's body, or
  // a nested BinXml value's document. Other nodes give none.
  bool content_elements(const Node& node, const std::vector<Value>* values, int depth,
                        std::vector<PayloadElement>& out) {
    if (depth > kMaxDepth) return false;
    if (node.kind == NodeKind::element) {
      out.emplace_back();
      return element(node, values, depth, out.back());
    }
    if (node.kind == NodeKind::template_instance && node.definition) {
      for (const Node& inner : node.definition->body)
        if (!content_elements(inner, &node.values, depth + 1, out)) return false;
      return true;
    }
    if (node.kind == NodeKind::substitution) {
      const Value* value = lookup(node, values);
      if (!value || value->type != vt::binxml) return true;
      std::vector<Node> document;
      ParseError error;
      if (!parse_document(chunk_, cache_, value->offset, value->offset + value->size, false, depth + 1, document,
                          error))
        return false;
      for (const Node& inner : document)
        if (!content_elements(inner, nullptr, depth + 1, out)) return false;
    }
    return true;
  }

  bool element(const Node& node, const std::vector<Value>* values, int depth, PayloadElement& out) {
    out.name = node.name;
    for (const Attribute& attribute : node.attributes) {
      std::vector<Part> parts;
      for (const Node& piece : attribute.content)
        if (!part(piece, values, parts)) return false;
      PayloadAttribute result{attribute.name, {}, std::nullopt};
      if (parts.size() == 1 && parts[0].value && !parts[0].value->array)
        result.value = parts[0].value;
      else
        for (const Part& p : parts) result.text += p.value ? p.rendered : p.text;
      out.attributes.push_back(std::move(result));
    }
    std::vector<Part> parts;
    for (const Node& child : node.children) {
      const Value* value = child.kind == NodeKind::substitution ? lookup(child, values) : nullptr;
      const bool nested = value && value->type == vt::binxml;
      if (child.kind == NodeKind::element || child.kind == NodeKind::template_instance || nested) {
        if (!content_elements(child, values, depth + 1, out.children)) return false;
      } else if (!part(child, values, parts)) {
        return false;
      }
    }
    // Text then at most one value is the model's order; anything else is kept as its text.
    std::size_t values_seen = 0;
    bool text_after_value = false;
    for (const Part& p : parts) {
      if (p.value)
        ++values_seen;
      else if (values_seen > 0 && !p.text.empty())
        text_after_value = true;
    }
    for (Part& p : parts) {
      if (values_seen > 1 || text_after_value)
        out.text += p.value ? p.rendered : p.text;
      else if (p.value)
        out.value = std::move(p.value);
      else
        out.text += p.text;
    }
    return true;
  }

  // Literal text pieces and values; processing instructions are not rendered.
  bool part(const Node& node, const std::vector<Value>* values, std::vector<Part>& out) {
    switch (node.kind) {
      case NodeKind::text:
      case NodeKind::cdata: out.push_back({node.text, std::nullopt, {}}); return true;
      case NodeKind::char_ref: {
        std::string text;
        const std::uint8_t unit[2] = {static_cast<std::uint8_t>(node.index & 0xFF),
                                      static_cast<std::uint8_t>(node.index >> 8)};
        append_utf16le(unit, 1, text, false);
        out.push_back({text, std::nullopt, {}});
        return true;
      }
      case NodeKind::entity_ref: {
        std::string text;
        append_entity(text, node.name);
        out.push_back({text, std::nullopt, {}});
        return true;
      }
      case NodeKind::substitution: {
        const Value* value = lookup(node, values);
        if (!value) return false;
        Part p;
        if (!typed_value(*value, node.optional, p)) return false;
        out.push_back(std::move(p));
        return true;
      }
      default: return true;
    }
  }

  // A value as the scenario model holds it, or, where its text would not give it back, a String.
  bool typed_value(const Value& value, bool optional, Part& out) {
    const auto type = static_cast<std::uint8_t>(value.type & ~vt::array_flag);
    const bool array = (value.type & vt::array_flag) != 0;
    if (type == vt::null) {
      // The renderer drops an element or attribute whose optional substitution is NULL and
      // shows a normal one as empty.
      out.value = optional ? PayloadValue{ValueType::null, false, {}} : PayloadValue{ValueType::string, false, {""}};
      return true;
    }
    std::vector<std::pair<const std::uint8_t*, std::size_t>> items;
    std::string why;
    if (!array)
      items.emplace_back(chunk_.at(value.offset), value.size);
    else if (!split_array(value.type, chunk_.at(value.offset), value.size, items, why))
      return false;
    PayloadValue typed{static_cast<ValueType>(type), array, {}};
    PayloadValue as_text{ValueType::string, array, {}};  // the same text, without the type
    bool faithful = true;
    for (const auto& [data, size] : items) {
      std::string text;
      if (!format_value(type, data, size, text, why)) return false;
      std::string item = text;
      faithful = faithful && gives_back(typed.type, data, size, item);
      typed.items.push_back(std::move(item));
      as_text.items.push_back(std::move(text));
    }
    out.rendered = as_text.items.empty() ? std::string() : as_text.items.front();
    out.value = faithful ? std::move(typed) : std::move(as_text);
    return true;
  }

  // True when `text` written back as `type` renders as `text`; a FILETIME that is no ISO time
  // (beyond year 9999, say) is given as its ticks instead.
  static bool gives_back(ValueType type, const std::uint8_t* data, std::size_t size, std::string& text) {
    std::string why;
    const auto again = check_value_text(type, text, why);
    if (again && *again == text) return true;
    if (type == ValueType::filetime && size == 8) {
      const std::string ticks = std::to_string(evtx::load_u64(data));
      if (check_value_text(type, ticks, why).value_or("") == text) {
        text = ticks;
        return true;
      }
    }
    return false;
  }

  const ChunkView& chunk_;
  TemplateCache& cache_;
};

}  // namespace

std::shared_ptr<const EventShape> event_shape(const ChunkView& chunk, TemplateCache& cache,
                                              const std::vector<Node>& document) {
  return ShapeBuilder(chunk, cache).shape(document);
}

}  // namespace evtxdiag::binxml
