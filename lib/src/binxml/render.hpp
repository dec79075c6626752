#pragma once
// Parsed binary XML (document.hpp) -> event XML text in libevtx's layout (two-space indent,
// one element per line, empty elements as <X/>), with libevtx's substitution rules: an
// optional substitution whose value is NULL drops its attribute, or in element content the
// whole enclosing element; an array value repeats the enclosing element once per item; a
// BinXml (0x21) value is decoded in place as a nested document.
#include <string>
#include <vector>

#include "binxml/document.hpp"

namespace evtxdiag::binxml {

/// Upper bound on elements rendered for one record, so that templates referring to the same
/// nested value many times cannot blow up the output.
inline constexpr std::size_t kMaxRenderedElements = 100000;

/// Renders a record's parsed document as XML. Returns false with `error` (chunk offset of
/// the offending token or value) on bad substitutions, unsupported values or limits.
bool render_xml(const ChunkView& chunk, TemplateCache& cache, const std::vector<Node>& document, std::string& xml,
                ParseError& error);

}  // namespace evtxdiag::binxml
