#pragma once
// The binary-XML token stream of one chunk parsed into a small tree (section 6 of
// evtx-format.md). Template definitions are parsed once per chunk and shared through a
// TemplateCache; template instances keep their values as views into the chunk, so the same
// tree serves the full decoder (rendering XML) and the fast scan (reading a few values).
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "binxml/chunk.hpp"

namespace evtxdiag::binxml {

/// Nesting limit for elements, template definitions and nested BinXml values together.
inline constexpr int kMaxDepth = 64;

/// One substitution value of a template instance: its bytes are chunk[offset, offset + size).
struct Value {
  std::uint8_t type = 0;
  std::uint16_t size = 0;
  std::size_t offset = 0;
};

enum class NodeKind : std::uint8_t {
  element,
  text,          ///< value text, already decoded to UTF-8
  substitution,  ///< %index of the enclosing template instance
  char_ref,      ///< &#N; (index holds N)
  entity_ref,    ///< &name;
  cdata,
  processing_instruction,
  template_instance,
};

struct Node;
struct TemplateDefinition;

struct Attribute {
  std::string name;
  std::vector<Node> content;
};

struct Node {
  NodeKind kind = NodeKind::text;
  std::size_t offset = 0;   ///< chunk offset of the token
  std::string name;         ///< element, entity or PI target name
  std::string text;         ///< text, CDATA or PI data; a reference's character(s) (UTF-8)
  std::uint16_t index = 0;  ///< substitution index or character reference value
  bool optional = false;    ///< optional (0x0E) substitution
  std::vector<Attribute> attributes;
  std::vector<Node> children;
  std::shared_ptr<const TemplateDefinition> definition;  ///< template instance only
  std::vector<Value> values;                             ///< template instance only
};

struct TemplateDefinition {
  std::size_t offset = 0;  ///< chunk offset of the definition header
  std::vector<Node> body;  ///< the definition's top-level nodes (normally one <Event> element)
};

/// Why parsing stopped: a message and the chunk offset of the offending bytes.
struct ParseError {
  std::string message;
  std::size_t offset = 0;
};

/// Template definitions of one chunk, keyed by chunk offset, each parsed at most once.
class TemplateCache {
 public:
  /// `slack`: the records decoded with this cache come from slack space, where a referenced
  /// definition may have been overwritten by newer records. Each template instance then has
  /// to name the definition it points at (its template id equals the first 4 bytes of the
  /// definition's GUID, as Windows writes them), or decoding fails with "overwritten".
  explicit TemplateCache(bool slack = false) : slack_(slack) {}
  bool slack() const noexcept { return slack_; }

  /// The definition at `offset`, parsing it on first use; nullptr (and `error`) when it is bad.
  std::shared_ptr<const TemplateDefinition> get(const ChunkView& chunk, std::size_t offset, int depth,
                                                ParseError& error);

 private:
  std::map<std::size_t, std::shared_ptr<const TemplateDefinition>> definitions_;
  std::map<std::size_t, ParseError> failures_;
  std::map<std::size_t, bool> in_progress_;  ///< guards against a definition that contains itself
  bool slack_ = false;
};

/// The text an entity reference stands for: the character of the five predefined entities,
/// else "&name;" as written.
std::string entity_text(const std::string& name);

/// Parses a document (fragment headers, template instances, elements, up to EOF or `end`) from
/// chunk offsets [begin, end). `in_template` says elements carry a dependency id (true inside
/// template definitions). Never reads outside [begin, end) except referenced template
/// definitions and names, which must lie inside the chunk. Element and attribute names must be
/// XML names (else the output could not parse). Returns false with `error` set.
bool parse_document(const ChunkView& chunk, TemplateCache& cache, std::size_t begin, std::size_t end, bool in_template,
                    int depth, std::vector<Node>& out, ParseError& error);

}  // namespace evtxdiag::binxml
