#pragma once
// An EventShape payload -> the nested template instance (value %17 of the System template)
// that carries it: elements and literal text in the template, every value a substitution with
// its declared type, as Windows lays out EventData and UserData (libyal's EVTX format
// document; [MS-EVEN6]).
#include <memory>

#include "evtxdiag/event_shape.hpp"
#include "writer/binxml_template.hpp"

namespace evtxdiag::evtx {

/// Values are normal substitutions, except Null values and arrays, which are optional ones (as
/// Windows writes a classic event's string array and its absent Binary) that the element
/// containing them depends on. Empty elements close with `/>`, an empty root with `></root>`.
/// Throws Error(invalid_input) naming the element or value that cannot be written.
std::shared_ptr<TemplateInstance> payload_instance(const PayloadElement& payload);

}  // namespace evtxdiag::evtx
