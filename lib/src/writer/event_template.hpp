#pragma once
// Event -> the template instance Windows would write for it (libyal's EVTX format
// document): the System template with Windows' substitution
// indices, and the EventData payload as a nested BinXml template (value %17).
#include "evtxdiag/event.hpp"
#include "writer/binxml_template.hpp"

namespace evtxdiag::evtx {

/// Builds the record's root instance. The payload is Event::shape's when it has one (typed
/// values, UserData), else Event::data and binary_hex as String values and Binary. Attributes whose value is absent
/// (Guid, EventSourceName, Qualifiers, ActivityID, ProcessID, ...) are left out of that event's template instead of
/// passed as NULL (rule 11.7), so every reader renders the same XML. Throws Error(invalid_input) naming the field that
/// cannot be encoded.
TemplateInstance event_instance(const Event& event);

/// True when `data` is the reader's form of unnamed classic Data: names "1", "2", ... "n".
bool is_positional(const std::vector<DataField>& data);

}  // namespace evtxdiag::evtx
