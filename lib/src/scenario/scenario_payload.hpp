#pragma once
// The payload keys of a scenario event - `data`, `binary`, `event_data`, `user_data` - and the
// typed form of `guid`, turned into Event::data / binary_hex and, when any value is typed or
// the payload is more than String Data, into Event::shape (testdata/README.md, "Typed values
// and UserData").
#include <yaml-cpp/yaml.h>

#include <string>

#include "evtxdiag/event.hpp"
#include "scenario/yaml_context.hpp"

namespace evtxdiag::scenario {

/// Reads the payload keys and `guid` of the event mapping `node` (at `path`) into `event`.
/// Throws like the rest of the loader on the first bad key or value.
void load_payload(const YamlContext& yaml, const YAML::Node& node, const std::string& path, Event& event);

}  // namespace evtxdiag::scenario
