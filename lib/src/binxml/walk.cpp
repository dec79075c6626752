#include "binxml/walk.hpp"

#include <algorithm>

#include "binxml/values.hpp"

namespace evtxdiag::binxml {
namespace {

namespace vt = evtx::value_type;

using Items = std::vector<std::pair<const std::uint8_t*, std::size_t>>;

class Walker {
 public:
  Walker(const ChunkView& chunk, TemplateCache& cache, Sink& sink, ParseError& error)
      : chunk_(chunk), cache_(cache), sink_(sink), error_(error) {}

  // Top-level nodes of a document or template body.
  bool nodes(const std::vector<Node>& list, const std::vector<Value>* values, int depth) {
    if (depth > kMaxDepth) return fail(list.empty() ? 0 : list.front().offset, "binary XML nested too deeply");
    for (const Node& node : list) {
      if (node.kind == NodeKind::element) {
        if (!element(node, values, depth + 1)) return false;
      } else if (node.kind == NodeKind::template_instance) {
        if (!nodes(node.definition->body, &node.values, depth + 1)) return false;
      } else if (node.kind == NodeKind::substitution) {
        const Value* value = lookup(node, values);
        if (!value) return false;
        if (value->type == vt::binxml && !nested(*value, depth)) return false;
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

  bool nested(const Value& value, int depth) {
    std::vector<Node> document;
    if (!parse_document(chunk_, cache_, value.offset, value.offset + value.size, false, depth + 1, document, error_))
      return false;
    return nodes(document, nullptr, depth + 1);
  }

  // Adds the piece `node` gives to attribute or element text; sets `dropped` for an optional
  // NULL substitution. Processing instructions give no text.
  bool add_piece(const Node& node, const std::vector<Value>* values, const Items* items, std::size_t item,
                 bool& dropped, std::vector<Piece>& out) {
    switch (node.kind) {
      case NodeKind::text:
      case NodeKind::cdata:
      case NodeKind::char_ref:
      case NodeKind::entity_ref: out.push_back({&node.text, 0, nullptr, 0}); return true;
      case NodeKind::substitution: {
        const Value* value = lookup(node, values);
        if (!value) return false;
        if (value->type == vt::null) {
          if (node.optional)
            dropped = true;
          else
            out.push_back({nullptr, vt::null, chunk_.at(value->offset), 0});
          return true;
        }
        if (value->type & vt::array_flag) {
          if (!items) return fail(value->offset, "array value outside element content");
          if (items->empty()) return true;  // an empty array still gives one empty element (libevtx)
          const auto base = static_cast<std::uint8_t>(value->type & ~vt::array_flag);
          return add_value(base, (*items)[item].first, (*items)[item].second, value->offset, out);
        }
        if (value->type == vt::binxml) return fail(value->offset, "BinXml value used as text");
        return add_value(value->type, chunk_.at(value->offset), value->size, value->offset, out);
      }
      default: return true;
    }
  }

  bool add_value(std::uint8_t type, const std::uint8_t* data, std::size_t size, std::size_t offset,
                 std::vector<Piece>& out) {
    std::string why;
    if (!value_has_text(type, data, size, why)) return fail(offset, why);
    out.push_back({nullptr, type, data, size});
    return true;
  }

  bool nested_value(const Node& child, const std::vector<Value>* values) const {
    return child.kind == NodeKind::substitution && values && child.index < values->size() &&
           (*values)[child.index].type == vt::binxml;
  }

  bool element(const Node& node, const std::vector<Value>* values, int depth) {
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
        if (!one_element(node, values, &items, i, depth)) return false;
      return true;
    }
    return one_element(node, values, nullptr, 0, depth);
  }

  bool one_element(const Node& node, const std::vector<Value>* values, const Items* items, std::size_t item,
                   int depth) {
    if (++rendered_ > kMaxRenderedElements) return fail(node.offset, "record renders too many elements");
    // The element's text first: an optional NULL in it drops the whole element. Attributes and
    // text are handed over before any child is walked, so two buffers serve every depth.
    bool dropped = false;
    text_.clear();
    for (const Node& child : node.children) {
      if (child.kind == NodeKind::element || child.kind == NodeKind::template_instance || nested_value(child, values))
        continue;
      if (!add_piece(child, values, items, item, dropped, text_)) return false;
    }
    if (dropped) return true;
    sink_.start_element(node.name);
    for (const Attribute& attribute : node.attributes) {
      attribute_.clear();
      bool attribute_dropped = false;
      for (const Node& part : attribute.content)
        if (!add_piece(part, values, nullptr, 0, attribute_dropped, attribute_)) return false;
      if (!attribute_dropped) sink_.attribute(attribute.name, Content{attribute_.data(), attribute_.size()});
    }
    if (!text_.empty()) sink_.text(Content{text_.data(), text_.size()});
    for (const Node& child : node.children) {
      if (child.kind == NodeKind::element) {
        if (!element(child, values, depth + 1)) return false;
      } else if (child.kind == NodeKind::template_instance) {
        if (!nodes(child.definition->body, &child.values, depth + 1)) return false;
      } else if (nested_value(child, values)) {
        if (!nested((*values)[child.index], depth)) return false;
      }
    }
    sink_.end_element();
    return true;
  }

  const ChunkView& chunk_;
  TemplateCache& cache_;
  Sink& sink_;
  ParseError& error_;
  std::vector<Piece> text_;
  std::vector<Piece> attribute_;
  std::size_t rendered_ = 0;
};

}  // namespace

void Content::append_text(std::string& out) const {
  for (std::size_t i = 0; i < count; ++i) {
    const Piece& piece = pieces[i];
    if (piece.literal) {
      out += *piece.literal;
    } else {
      std::string ignored;
      format_value(piece.type, piece.data, piece.size, out, ignored);
    }
  }
}

ValueType Content::type() const {
  if (const Piece* value = single_value()) return static_cast<ValueType>(value->type);
  return ValueType::string;
}

bool walk(const ChunkView& chunk, TemplateCache& cache, const std::vector<Node>& document, Sink& sink,
          ParseError& error) {
  return Walker(chunk, cache, sink, error).nodes(document, nullptr, 0);
}

}  // namespace evtxdiag::binxml
