#pragma once
// Conversions from the library's model to Python values, shared by the binding files.
#include <pybind11/pybind11.h>

#include <vector>

#include "evtxdiag/event.hpp"
#include "evtxdiag/timestamp.hpp"

namespace evtxdiag::python {

/// A timezone-aware datetime in UTC (microsecond precision: the 100 ns digit is dropped),
/// or None for an unknown (zero) timestamp.
pybind11::object to_datetime(Timestamp timestamp);

/// EventData values as a dict in document order; when a name repeats, the first value wins
/// (as Event::data_value does).
pybind11::dict data_to_dict(const std::vector<DataField>& data);

/// Binds Event and Diagnostic (convert.cpp) and the diagnosis model (diagnosis_bindings.cpp).
void bind_event(pybind11::module_& module);
void bind_diagnosis(pybind11::module_& module);

}  // namespace evtxdiag::python
