#include "binxml/render.hpp"

#include <algorithm>

#include "binxml/values.hpp"

namespace evtxdiag::binxml {
namespace {

namespace vt = evtx::value_type;

// The shape libfwevt builds before printing: an element has a text value or child elements.
struct XmlTag {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string value;
  std::vector<XmlTag> elements;
};

// libevtx escapes only & < > in text; quotes are escaped too in attribute values so that the
// document stays well-formed (libevtx leaves them raw).
void append_escaped(std::string& out, const std::string& text, bool attribute) {
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"':
        if (attribute) {
          out += "&quot;";
          break;
        }
        [[fallthrough]];
      default: out += c;
    }
  }
}

void print(const XmlTag& tag, int level, std::string& out) {
  out.append(static_cast<std::size_t>(level) * 2, ' ');
  out += '<';
  out += tag.name;
  for (const auto& [name, value] : tag.attributes) {
    out += ' ';
    out += name;
    out += "=\"";
    append_escaped(out, value, true);
    out += '"';
  }
  if (!tag.value.empty()) {
    out += '>';
    append_escaped(out, tag.value, false);
    out += "</" + tag.name;
  } else if (!tag.elements.empty()) {
    out += ">\n";
    for (const XmlTag& child : tag.elements) print(child, level + 1, out);
    out.append(static_cast<std::size_t>(level) * 2, ' ');
    out += "</" + tag.name;
  } else {
    out += '/';
  }
  out += ">\n";
}

void append_code_point(std::string& out, std::uint16_t unit) {
  const std::uint8_t bytes[2] = {static_cast<std::uint8_t>(unit & 0xFF), static_cast<std::uint8_t>(unit >> 8)};
  append_utf16le(bytes, 1, out, false);
}

void append_entity(std::string& out, const std::string& name) {
  if (name == "amp") out += '&';
  else if (name == "lt") out += '<';
  else if (name == "gt") out += '>';
  else if (name == "quot") out += '"';
  else if (name == "apos") out += '\'';
  else out += "&" + name + ";";
}

using Items = std::vector<std::pair<const std::uint8_t*, std::size_t>>;

class Renderer {
 public:
  Renderer(const ChunkView& chunk, TemplateCache& cache, ParseError& error) : chunk_(chunk), cache_(cache), error_(error) {}

  // Top-level nodes of a document or template body -> tags.
  bool nodes(const std::vector<Node>& list, const std::vector<Value>* values, int depth, std::vector<XmlTag>& out) {
    if (depth > kMaxDepth) return fail(list.empty() ? 0 : list.front().offset, "binary XML nested too deeply");
    for (const Node& node : list) {
      if (node.kind == NodeKind::element) {
        if (!element(node, values, depth + 1, out)) return false;
      } else if (node.kind == NodeKind::template_instance) {
        if (!nodes(node.definition->body, &node.values, depth + 1, out)) return false;
      } else if (node.kind == NodeKind::substitution) {
        const Value* value = lookup(node, values);
        if (!value) return false;
        if (value->type == vt::binxml && !nested(*value, depth, out)) return false;
      }
    }
    return true;
  }

 private:
  bool fail(std::size_t offset, std::string message) {
    error_ = {std::move(message), offset};
    return false;
  }

  const Value* lookup(const Node& node, const std::vector<Value>* values) {
    if (!values || node.index >= values->size()) {
      fail(node.offset, "substitution %" + std::to_string(node.index) + " has no value");
      return nullptr;
    }
    return &(*values)[node.index];
  }

  bool nested(const Value& value, int depth, std::vector<XmlTag>& out) {
    std::vector<Node> document;
    if (!parse_document(chunk_, cache_, value.offset, value.offset + value.size, false, depth + 1, document, error_))
      return false;
    return nodes(document, nullptr, depth + 1, out);
  }

  bool scalar(const Value& value, std::string& out) {
    std::string why;
    if (format_value(value.type, chunk_.at(value.offset), value.size, out, why)) return true;
    return fail(value.offset, why);
  }

  // Text of attribute or element content; sets `dropped` for an optional NULL substitution.
  bool text(const Node& node, const std::vector<Value>* values, const Items* items, std::size_t item, std::string& out,
            bool& dropped) {
    switch (node.kind) {
      case NodeKind::text:
      case NodeKind::cdata: out += node.text; return true;
      case NodeKind::char_ref: append_code_point(out, node.index); return true;
      case NodeKind::entity_ref: append_entity(out, node.name); return true;
      case NodeKind::substitution: {
        const Value* value = lookup(node, values);
        if (!value) return false;
        if (value->type == vt::null) {
          dropped = dropped || node.optional;
          return true;
        }
        if (value->type & vt::array_flag) {
          if (!items) return fail(value->offset, "array value outside element content");
          if (items->empty()) return true;  // an empty array still gives one empty element (libevtx)
          std::string why;
          if (!format_value(value->type & static_cast<std::uint8_t>(~vt::array_flag), (*items)[item].first,
                            (*items)[item].second, out, why))
            return fail(value->offset, why);
          return true;
        }
        if (value->type == vt::binxml) return fail(value->offset, "BinXml value used as text");
        return scalar(*value, out);
      }
      default: return true;
    }
  }

  bool element(const Node& node, const std::vector<Value>* values, int depth, std::vector<XmlTag>& out) {
    if (depth > kMaxDepth) return fail(node.offset, "binary XML nested too deeply");
    // An array substitution in the content repeats the element once per item (libevtx, MS-EVEN6).
    for (const Node& child : node.children) {
      if (child.kind != NodeKind::substitution || !values || child.index >= values->size()) continue;
      const Value& value = (*values)[child.index];
      if (!(value.type & vt::array_flag)) continue;
      Items items;
      std::string why;
      if (!split_array(value.type, chunk_.at(value.offset), value.size, items, why)) return fail(value.offset, why);
      for (std::size_t i = 0; i < std::max<std::size_t>(items.size(), 1); ++i)
        if (!one_element(node, values, &items, i, depth, out)) return false;
      return true;
    }
    return one_element(node, values, nullptr, 0, depth, out);
  }

  bool one_element(const Node& node, const std::vector<Value>* values, const Items* items, std::size_t item, int depth,
                   std::vector<XmlTag>& out) {
    if (++rendered_ > kMaxRenderedElements) return fail(node.offset, "record renders too many elements");
    XmlTag tag;
    tag.name = node.name;
    for (const Attribute& attribute : node.attributes) {
      std::string value;
      bool dropped = false;
      for (const Node& part : attribute.content)
        if (!text(part, values, nullptr, 0, value, dropped)) return false;
      if (!dropped) tag.attributes.emplace_back(attribute.name, std::move(value));
    }
    bool dropped = false;
    for (const Node& child : node.children) {
      if (child.kind == NodeKind::element) {
        if (!element(child, values, depth + 1, tag.elements)) return false;
      } else if (child.kind == NodeKind::template_instance) {
        if (!nodes(child.definition->body, &child.values, depth + 1, tag.elements)) return false;
      } else if (child.kind == NodeKind::substitution && values && child.index < values->size() &&
                 (*values)[child.index].type == vt::binxml) {
        if (!nested((*values)[child.index], depth, tag.elements)) return false;
      } else if (!text(child, values, items, item, tag.value, dropped)) {
        return false;
      }
    }
    if (!dropped) out.push_back(std::move(tag));
    return true;
  }

  const ChunkView& chunk_;
  TemplateCache& cache_;
  ParseError& error_;
  std::size_t rendered_ = 0;
};

}  // namespace

bool render_xml(const ChunkView& chunk, TemplateCache& cache, const std::vector<Node>& document, std::string& xml,
                ParseError& error) {
  Renderer renderer(chunk, cache, error);
  std::vector<XmlTag> tags;
  if (!renderer.nodes(document, nullptr, 0, tags)) return false;
  xml.clear();
  for (const XmlTag& tag : tags) print(tag, 0, xml);
  return true;
}

}  // namespace evtxdiag::binxml
