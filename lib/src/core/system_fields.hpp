#pragma once
// The one reading of <System>: which element or attribute fills which Event field, and how
// its text is read. The built-in decoder (binxml/event_builder.cpp) and the event-XML parser
// (xml/event_xml.cpp) both call it, so both decoders fill the System fields the same way.
#include <string_view>

#include "evtxdiag/event.hpp"

namespace evtxdiag::core {

/// Sets the field that `<System><element>` holds in its text (`attribute` empty) or in its
/// attribute `attribute`, from `text`. Element names without namespace prefix. Unknown
/// places are ignored; a number or time that does not parse leaves its field unchanged (a bad
/// System value must not stop the rest of the event from being read).
void set_system_field(Event& event, std::string_view element, std::string_view attribute, std::string_view text);

/// Parses a decimal or "0x" hexadecimal unsigned integer (surrounding white space allowed).
bool parse_unsigned_text(std::string_view text, unsigned long long& value);

}  // namespace evtxdiag::core
