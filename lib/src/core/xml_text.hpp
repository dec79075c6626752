#pragma once
// Text as it goes into `dump --format xml`: every output is well-formed XML 1.0, whatever the
// record holds (README "Read events", "XML output").
//
// - `&` `<` `>` are written as entities, and `"` too inside attribute values.
// - Characters XML 1.0 keeps but parsers would change are written as character references:
//   CR in text (`&#13;`: parsers turn CR LF into LF), tab, LF and CR in attribute values
//   (`&#9;` `&#10;` `&#13;`: parsers turn them into spaces).
// - Characters XML 1.0 cannot carry at all - U+0000 to U+001F except tab, LF and CR, the
//   surrogates U+D800 to U+DFFF (only in damaged text), U+FFFE and U+FFFF - are written as the
//   visible escape `\uXXXX` (backslash, "u", four upper-case hex digits), as JSON writes them. A
//   backslash that is followed by "u" and four hex digits in the text itself is written
//   `\u005C`, so every escape reads back to exactly one text: replace each `\uXXXX` by its
//   character.
// - Bytes that are not UTF-8 (damaged records only) are written as U+FFFD, as in JSON output.
#include <string>
#include <string_view>

namespace evtxdiag::core {

/// Appends `text` (UTF-8) escaped as element content (`attribute` false) or as an attribute
/// value in double quotes (`attribute` true).
void append_xml_escaped(std::string& out, std::string_view text, bool attribute);

/// True when `name` (UTF-8) is an XML 1.0 Name (fifth edition): what element and attribute
/// names must be for the output to parse.
bool is_xml_name(std::string_view name);

/// The text append_xml_escaped wrote, after an XML parser resolved the entities and character
/// references: every `\uXXXX` escape replaced by its character (for tests and tools that read
/// the output back). Surrogate escapes become U+FFFD.
std::string unescape_xml_visible(std::string_view text);

}  // namespace evtxdiag::core
