#pragma once
// The one reading of <System>: which element or attribute fills which Event field, and how
// its text is read. The built-in decoder (binxml/event_builder.cpp) and the event-XML parser
// (xml/event_xml.cpp) both call it, so both decoders fill the System fields the same way.
#include <cstdint>
#include <string>
#include <string_view>

#include "evtxdiag/event.hpp"

namespace evtxdiag::core {

/// The Event field a place of <System> fills.
enum class SystemField : std::uint8_t {
  none,  ///< a place no field reads (ProcessorID, SessionID, ...)
  provider_name,
  provider_guid,
  event_source_name,
  event_id,
  qualifiers,
  version,
  level,
  task,
  opcode,
  keywords,
  time_created,
  event_record_id,
  activity_id,
  related_activity_id,
  process_id,
  thread_id,
  channel,
  computer,
  user_sid,
};

/// Which field `<System><element>` fills with its text (`attribute` empty) or with its
/// attribute `attribute`. Element names without namespace prefix.
SystemField system_field(std::string_view element, std::string_view attribute);

/// The string field `field` is (the text is stored as it is), or nullptr for numbers and times.
std::string* system_text_field(Event& event, SystemField field);

/// Sets the number field `field` to `value` as its text would set it: a value beyond the field's
/// range leaves it unchanged. Returns false (and sets nothing) when `field` is no number field.
/// The built-in decoder gives typed integers here without a round trip through text.
bool set_system_number(Event& event, SystemField field, unsigned long long value);

/// Sets `field` from `text`. A number or time that does not parse leaves its field unchanged
/// (a bad System value must not stop the rest of the event from being read).
void set_system_field(Event& event, SystemField field, std::string_view text);

/// The same by place: unknown places are ignored.
inline void set_system_field(Event& event, std::string_view element, std::string_view attribute,
                             std::string_view text) {
  set_system_field(event, system_field(element, attribute), text);
}

/// Parses a decimal or "0x" hexadecimal unsigned integer (surrounding white space allowed).
bool parse_unsigned_text(std::string_view text, unsigned long long& value);

}  // namespace evtxdiag::core
