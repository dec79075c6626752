#pragma once
// A Diagnosis as the documented JSON document ("schema": "evtxdiag.diagnosis/1", described in
// docs/diagnosis-json.md): exactly what `evtxdiag diagnose --format json` prints, for programs
// and bindings that want the result as text rather than as C++ structures.
//
//   evtxdiag::Diagnosis d = evtxdiag::diagnose({"C:/case/logs"});
//   std::cout << evtxdiag::diagnosis_to_json(d) << '\n';
//
// The output depends only on the Diagnosis (no clock, no machine zone), so it is reproducible.
#include <string>

#include "evtxdiag/diagnose.hpp"

namespace evtxdiag {

/// The diagnosis as a UTF-8 JSON object, keys in the documented order. `indent` >= 0 pretty-prints
/// with that many spaces per level (the CLI uses 2); a negative `indent` gives one line.
/// No trailing newline. Text that is not valid UTF-8 is written with U+FFFD replacements.
/// Never throws except std::bad_alloc.
std::string diagnosis_to_json(const Diagnosis& diagnosis, int indent = 2);

}  // namespace evtxdiag
