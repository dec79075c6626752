#include "binxml/document.hpp"

#include "core/xml_text.hpp"

namespace evtxdiag::binxml {
namespace {

namespace tok = evtx::token;

// Recursive-descent parser over one byte range of a chunk. Every read goes through need(),
// which checks that the bytes lie before `end_` (itself inside the chunk).
class Parser {
 public:
  Parser(const ChunkView& chunk, TemplateCache& cache, std::size_t end, ParseError& error)
      : chunk_(chunk), cache_(cache), end_(end), error_(error) {}

  bool document(std::size_t& pos, bool in_template, int depth, std::vector<Node>& out) {
    if (depth > kMaxDepth) return fail(pos, "binary XML nested too deeply");
    while (pos < end_) {
      const std::uint8_t token = chunk_.u8(pos);
      switch (token) {
        case tok::eof: ++pos; return true;
        case tok::fragment_header:
          if (!need(pos, 4)) return false;
          pos += 4;
          break;
        case tok::template_instance: {
          Node node;
          if (!template_instance(pos, depth, node)) return false;
          out.push_back(std::move(node));
          break;
        }
        case tok::open_start_element:
        case tok::open_start_element | tok::more_flag: {
          Node node;
          if (!element(pos, in_template, depth + 1, node)) return false;
          out.push_back(std::move(node));
          break;
        }
        default: return fail(pos, "unexpected binary XML token 0x" + hex(token) + " at document level");
      }
    }
    return true;  // ran to the end of the range without EOF: tolerated (python-evtx does too)
  }

 private:
  bool fail(std::size_t offset, std::string message) {
    error_.message = std::move(message);
    error_.offset = offset;
    return false;
  }
  // Inline: called for every token and value; the message is built out of line, when it fails.
  bool need(std::size_t pos, std::size_t length) {
    if (pos <= end_ && length <= end_ - pos) return true;
    return too_short(pos, length);
  }
  [[gnu::noinline, gnu::cold]] bool too_short(std::size_t pos, std::size_t length) {
    return fail(pos, "binary XML runs past the end of its data (" + std::to_string(length) + " bytes needed)");
  }
  static std::string hex(std::uint8_t byte) {
    static const char digits[] = "0123456789abcdef";
    return {digits[byte >> 4], digits[byte & 0xF]};
  }
  bool name_at(std::size_t& pos, std::string& name) {
    std::size_t next = 0;
    if (!need(pos, 4)) return false;
    const std::size_t name_offset = chunk_.u32(pos);
    if (!read_name(chunk_, pos, name, next))
      return fail(pos, cache_.slack() ? "name at chunk offset 0x" + hex32(name_offset) +
                                            " is overwritten (no name structure there)"
                                      : "bad name reference");
    if (cache_.slack() && !name_hash_matches(name_offset))
      return fail(name_offset, "name at chunk offset 0x" + hex32(name_offset) +
                                   " is overwritten (its stored hash does not match its characters)");
    if (next > pos + 4 && next > end_) return fail(pos, "inline name runs past the end of its data");
    if (!core::is_xml_name(name))
      return fail(pos, "name at chunk offset 0x" + hex32(name_offset) +
                           (cache_.slack() ? " is overwritten (not an XML name)" : " is not an XML name"));
    pos = next;
    return true;
  }

  // Windows stores each name's 65599 hash (section 4.2); in slack space a name whose hash does
  // not match its characters has been overwritten (no live name in the samples mismatches).
  bool name_hash_matches(std::size_t name_offset) const {
    const std::size_t units = chunk_.u16(name_offset + 6);
    std::u16string text;
    text.reserve(units);
    for (std::size_t i = 0; i < units; ++i) text.push_back(static_cast<char16_t>(chunk_.u16(name_offset + 8 + 2 * i)));
    return evtx::name_hash(text) == chunk_.u16(name_offset + 4);
  }

  // A slack record's reference to a definition elsewhere in the chunk: the bytes there must
  // still be that definition (GUID starting with the instance's template id).
  bool names_definition(std::size_t pos, std::size_t definition_offset) {
    const std::uint32_t template_id = chunk_.u32(pos + 2);
    if (definition_offset < evtx::chunk_header::size || !ChunkView::contains(definition_offset, 24))
      return fail(pos,
                  "template definition offset 0x" + hex32(definition_offset) + " lies outside the chunk's records");
    const std::uint32_t guid_start = chunk_.u32(definition_offset + 4);
    if (guid_start != template_id)
      return fail(definition_offset, "template at chunk offset 0x" + hex32(definition_offset) +
                                         " is overwritten (the record wants template id 0x" + hex32(template_id) +
                                         ", the bytes there start a GUID 0x" + hex32(guid_start) + ")");
    return true;
  }
  static std::string hex32(std::uint64_t value) {
    std::string out;
    for (int shift = 28; shift >= 0; shift -= 4) out += "0123456789abcdef"[(value >> shift) & 0xF];
    return out;
  }

  bool template_instance(std::size_t& pos, int depth, Node& node) {
    node.kind = NodeKind::template_instance;
    node.offset = pos;
    if (!need(pos, 10)) return false;
    const std::size_t definition_offset = chunk_.u32(pos + 6);
    std::size_t data = pos + 10;
    if (cache_.slack() && definition_offset != data && !names_definition(pos, definition_offset)) return false;
    if (definition_offset == data) {  // first use in the chunk: the definition is inline here
      if (!need(data, 24)) return false;
      const std::size_t body_size = chunk_.u32(data + 20);
      if (!need(data + 24, body_size)) return false;
      data += 24 + body_size;
    }
    node.definition = cache_.get(chunk_, definition_offset, depth + 1, error_);
    if (!node.definition) return false;
    // Instance data: u32 count, count x {u16 size, u8 type, u8 0}, then the values.
    if (!need(data, 4)) return false;
    const std::size_t count = chunk_.u32(data);
    if (count > (end_ - data - 4) / 4) return fail(data, "template instance value count too large");
    std::size_t value_offset = data + 4 + 4 * count;
    node.values.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t descriptor = data + 4 + 4 * i;
      Value value;
      value.size = chunk_.u16(descriptor);
      value.type = chunk_.u8(descriptor + 2);
      value.offset = value_offset;
      if (!need(value_offset, value.size)) return false;
      value_offset += value.size;
      node.values.push_back(value);
    }
    pos = value_offset;
    return true;
  }

  bool element(std::size_t& pos, bool in_template, int depth, Node& node) {
    if (depth > kMaxDepth) return fail(pos, "binary XML nested too deeply");
    node.kind = NodeKind::element;
    node.offset = pos;
    const bool has_attributes = (chunk_.u8(pos) & tok::more_flag) != 0;
    std::size_t p = pos + 1 + (in_template ? 2 : 0);
    if (!need(p, 4)) return false;
    p += 4;  // data size: not needed, the tokens say where the element ends
    if (!name_at(p, node.name)) return false;
    if (has_attributes) {
      if (!need(p, 4)) return false;
      p += 4;  // attribute list size
      while (need(p, 1) && (chunk_.u8(p) & ~tok::more_flag) == tok::attribute) {
        Attribute attribute;
        ++p;
        if (!name_at(p, attribute.name)) return false;
        if (!content(p, in_template, depth, attribute.content, true)) return false;
        node.attributes.push_back(std::move(attribute));
      }
      if (!error_.message.empty()) return false;
    }
    if (!need(p, 1)) return false;
    const std::uint8_t close = chunk_.u8(p++);
    if (close == tok::close_empty_element) {
      pos = p;
      return true;
    }
    if (close != tok::close_start_element)
      return fail(p - 1, "unexpected binary XML token 0x" + hex(close) + " after element start");
    if (!content(p, in_template, depth, node.children, false)) return false;
    if (!need(p, 1) || chunk_.u8(p) != tok::end_element) return fail(p, "element not closed");
    pos = p + 1;
    return true;
  }

  // Reads content tokens into `out` until a token that is not content (left unread). In an
  // attribute only data tokens count; in an element also child elements and PIs.
  bool content(std::size_t& p, bool in_template, int depth, std::vector<Node>& out, bool attribute) {
    while (need(p, 1)) {
      const std::uint8_t token = chunk_.u8(p);
      const std::uint8_t base = token & static_cast<std::uint8_t>(~tok::more_flag);
      Node node;
      node.offset = p;
      if (base == tok::value) {
        if (!need(p, 4)) return false;
        if (chunk_.u8(p + 1) != evtx::value_type::string)
          return fail(p, "unsupported value text type 0x" + hex(chunk_.u8(p + 1)));
        const std::size_t units = chunk_.u16(p + 2);
        if (!need(p + 4, 2 * units)) return false;
        node.kind = NodeKind::text;
        append_utf16le(chunk_.at(p + 4), units, node.text, false);
        p += 4 + 2 * units;
      } else if (token == tok::normal_substitution || token == tok::optional_substitution) {
        if (!need(p, 4)) return false;
        node.kind = NodeKind::substitution;
        node.index = chunk_.u16(p + 1);
        node.optional = token == tok::optional_substitution;
        p += 4;
      } else if (base == tok::char_ref) {
        if (!need(p, 3)) return false;
        node.kind = NodeKind::char_ref;
        node.index = chunk_.u16(p + 1);
        append_utf16le(chunk_.at(p + 1), 1, node.text, false);
        p += 3;
      } else if (base == tok::entity_ref) {
        node.kind = NodeKind::entity_ref;
        ++p;
        if (!name_at(p, node.name)) return false;
        node.text = entity_text(node.name);
      } else if (base == tok::cdata) {
        if (!need(p, 3)) return false;
        const std::size_t units = chunk_.u16(p + 1);
        if (!need(p + 3, 2 * units)) return false;
        node.kind = NodeKind::cdata;
        append_utf16le(chunk_.at(p + 3), units, node.text, false);
        p += 3 + 2 * units;
      } else if (attribute) {
        return true;
      } else if (base == tok::open_start_element) {
        if (!element(p, in_template, depth + 1, node)) return false;
      } else if (token == tok::pi_target) {
        node.kind = NodeKind::processing_instruction;
        ++p;
        if (!name_at(p, node.name)) return false;
        if (need(p, 3) && chunk_.u8(p) == tok::pi_data) {
          const std::size_t units = chunk_.u16(p + 1);
          if (!need(p + 3, 2 * units)) return false;
          append_utf16le(chunk_.at(p + 3), units, node.text, false);
          p += 3 + 2 * units;
        }
      } else if (token == tok::template_instance) {
        if (!template_instance(p, depth, node)) return false;
      } else if (token == tok::end_element || token == tok::close_start_element || token == tok::close_empty_element ||
                 base == tok::attribute) {
        return true;
      } else {
        return fail(p, "unknown binary XML token 0x" + hex(token));
      }
      out.push_back(std::move(node));
    }
    return false;
  }

  const ChunkView& chunk_;
  TemplateCache& cache_;
  std::size_t end_;
  ParseError& error_;
};

}  // namespace

std::string entity_text(const std::string& name) {
  if (name == "amp") return "&";
  if (name == "lt") return "<";
  if (name == "gt") return ">";
  if (name == "quot") return "\"";
  if (name == "apos") return "'";
  return "&" + name + ";";
}

std::shared_ptr<const TemplateDefinition> TemplateCache::get(const ChunkView& chunk, std::size_t offset, int depth,
                                                             ParseError& error) {
  if (auto found = definitions_.find(offset); found != definitions_.end()) return found->second;
  if (auto failed = failures_.find(offset); failed != failures_.end()) {
    error = failed->second;
    return nullptr;
  }
  if (in_progress_[offset] || depth > kMaxDepth) {
    error = {"template definition refers to itself or is nested too deeply", offset};
    return nullptr;
  }
  // Header: u32 next definition, 16-byte GUID, u32 body size; then the body.
  if (offset < evtx::chunk_header::size || !ChunkView::contains(offset, 24) ||
      !ChunkView::contains(offset + 24, chunk.u32(offset + 20))) {
    error = {"template definition offset or size outside the chunk", offset};
    failures_[offset] = error;
    return nullptr;
  }
  in_progress_[offset] = true;
  auto definition = std::make_shared<TemplateDefinition>();
  definition->offset = offset;
  std::size_t pos = offset + 24;
  const std::size_t end = pos + chunk.u32(offset + 20);
  Parser parser(chunk, *this, end, error);
  const bool ok = parser.document(pos, true, depth, definition->body);
  in_progress_[offset] = false;
  if (!ok) {
    failures_[offset] = error;
    return nullptr;
  }
  definitions_[offset] = definition;
  return definition;
}

bool parse_document(const ChunkView& chunk, TemplateCache& cache, std::size_t begin, std::size_t end, bool in_template,
                    int depth, std::vector<Node>& out, ParseError& error) {
  if (begin > end || !ChunkView::contains(begin, end - begin)) {
    error = {"binary XML range outside the chunk", begin};
    return false;
  }
  Parser parser(chunk, cache, end, error);
  std::size_t pos = begin;
  return parser.document(pos, in_template, depth, out);
}

}  // namespace evtxdiag::binxml
