#pragma once
// Event XML (as libevtx or the built-in decoder render it) -> Event. This folder is the only
// place that includes pugixml.
#include <string>
#include <string_view>

#include "evtxdiag/event.hpp"

namespace evtxdiag::xml {

/// Fills the System, EventData/UserData and Binary fields of `event` from one `<Event>` XML
/// document. Fields about the record's origin (source_file, origin, decoder, record_number,
/// file_offset, written_time) are left untouched. Returns false and sets `error` when the
/// text is not well-formed XML or has no <Event><System> element. Text is read as logged (line
/// ends, white space). libevtx's unescaped `<` `&` in Data values are repaired first.
/// `canonical_xml`, when given, receives the document written again in the built-in decoder's
/// layout and escaping (core/xml_text.hpp), so that it parses whatever libevtx wrote.
bool parse_event_xml(std::string_view xml, Event& event, std::string& error, std::string* canonical_xml = nullptr);

}  // namespace evtxdiag::xml
