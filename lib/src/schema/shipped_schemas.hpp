#pragma once
// The schemas that ship with the program: knowledge/schema/*.schema.yaml, compiled into the
// library with the rest of knowledge/ (knowledge/CMakeLists.txt). One per kind of YAML the
// library reads: "knowledge" (events, codes, cases, labels), "rules" (diagnosis rules) and
// "scenario" (synth's input, testdata/README.md).
#include <string>

#include "schema/json_schema.hpp"

namespace evtxdiag::schema {

/// The parsed knowledge/schema/NAME.schema.yaml, parsed once for the whole program. Throws
/// Error(internal) when it is not compiled in.
const JsonSchema& shipped_schema(const std::string& name);

/// The path under which problems name that schema: "knowledge/schema/NAME.schema.yaml".
std::string shipped_schema_path(const std::string& name);

}  // namespace evtxdiag::schema
