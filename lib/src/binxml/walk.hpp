#pragma once
// A record's parsed binary XML (document.hpp) walked as libevtx renders it, as a stream of
// elements, attributes and text handed to a Sink: the event model (event_builder.hpp) and the
// event XML (xml_writer.hpp) are both built from this one walk, without an XML text in between.
//
// libevtx's substitution rules: an optional substitution whose value is NULL drops its
// attribute, or in element content the whole enclosing element; an array value repeats the
// enclosing element once per item (an empty array gives one empty element); a BinXml (0x21)
// value is walked in place as a nested document. An element's text (all its pieces of
// character data, in order) comes before its child elements.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "binxml/document.hpp"
#include "evtxdiag/event.hpp"

namespace evtxdiag::binxml {

/// Upper bound on elements walked for one record, so that templates referring to the same
/// nested value many times cannot blow up the output.
inline constexpr std::size_t kMaxRenderedElements = 100000;

/// One piece of an attribute value or of an element's text: literal text of the template
/// (`literal` set), or a substituted value (an array's item when the element repeats per item).
struct Piece {
  const std::string* literal = nullptr;
  std::uint8_t type = 0;  ///< value type without the array flag
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
};

/// The pieces of one attribute value or element text (never empty when handed to a Sink).
struct Content {
  const Piece* pieces = nullptr;
  std::size_t count = 0;

  /// Appends the text (values formatted as format_value does; they were checked before).
  void append_text(std::string& out) const;
  /// The text as a new string.
  std::string text() const {
    std::string out;
    append_text(out);
    return out;
  }
  /// The value type: a single value's type, String for literal text or several pieces.
  ValueType type() const;
  /// The single value, when the content is exactly one substituted value.
  const Piece* single_value() const { return count == 1 && !pieces[0].literal ? &pieces[0] : nullptr; }
};

/// Receives the walk. Names are XML names (the parser checks them) and live as long as the
/// chunk's template cache.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void start_element(const std::string& name) = 0;
  virtual void attribute(const std::string& name, const Content& value) = 0;
  virtual void text(const Content& text) = 0;
  virtual void end_element() = 0;
};

/// Walks `document` (parsed with `cache` from `chunk`) into `sink`. Returns false with `error`
/// (chunk offset of the offending token or value) on bad substitutions, values that have no
/// text, or limits; the sink may then have seen part of the record.
bool walk(const ChunkView& chunk, TemplateCache& cache, const std::vector<Node>& document, Sink& sink,
          ParseError& error);

}  // namespace evtxdiag::binxml
