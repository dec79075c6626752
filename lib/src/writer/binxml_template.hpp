#pragma once
// A position-independent description of a binary-XML template (libyal's EVTX format
// document; [MS-EVEN6]) and of one instance of it (the values). The chunk
// builder turns these into bytes; the same description always yields the same template GUID,
// so equal event shapes share one definition per chunk.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace evtxdiag::evtx {

/// `%index` in a template: 0x0D (normal) or 0x0E (optional) with the declared value type.
struct Substitution {
  std::uint16_t index = 0;
  std::uint8_t type = 0;
  bool optional = true;
};

/// An attribute with either literal text or one substitution as its single data token.
struct TemplateAttribute {
  std::u16string name;
  std::u16string text;
  std::optional<Substitution> substitution;
};

/// One element. Its content is written in this order: child elements, one literal text, one
/// substitution (each optional). `<Event>` uses children + substitution (System, then %17);
/// every other element has at most one kind, which keeps every reader in agreement.
struct TemplateElement {
  std::u16string name;
  std::uint16_t dependency = 0xFFFF;  ///< index of the optional substitution it depends on
  std::vector<TemplateAttribute> attributes;
  std::vector<TemplateElement> children;
  std::u16string text;
  std::optional<Substitution> substitution;
  bool close_empty = true;  ///< with no content: `/>` (true) or `>` `</x>` (false)
};

struct TemplateInstance;

/// One value of an instance. type 0x21 (BinXml) carries a nested instance instead of bytes.
struct TemplateValue {
  std::uint8_t type = 0;
  std::vector<std::uint8_t> bytes;
  std::shared_ptr<const TemplateInstance> nested;
};

/// A template (its root element) plus the values of one use of it.
struct TemplateInstance {
  TemplateElement root;
  std::vector<TemplateValue> values;
};

/// Canonical serialisation of a template: equal strings <=> equal template bodies.
std::string canonical_key(const TemplateElement& root);

/// The template GUID: a deterministic 128-bit hash of the canonical key (FNV-1a based; the
/// reference only requires uniqueness per distinct body within a chunk).
std::array<std::uint8_t, 16> template_guid(const std::string& key);

}  // namespace evtxdiag::evtx
