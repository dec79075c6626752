#pragma once
// Scenario files: YAML descriptions of event logs that `evtxdiag synth` turns into .evtx files
// (format and schema: testdata/README.md, testdata/schema/scenario.schema.yaml).
//
//   evtxdiag::Scenario scenario = evtxdiag::load_scenario_file("case.yaml");
//   for (const evtxdiag::ScenarioLog& log : scenario.logs)
//     evtxdiag::write_file_atomically(dir + "/" + log.file, evtxdiag::write_evtx(log.events));
//
// Loading is all or nothing: a scenario with any error throws, so nothing is written from it.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "evtxdiag/event.hpp"

namespace evtxdiag {

/// One log of a scenario: the file to write and its events, in record order.
struct ScenarioLog {
  std::string file;           ///< plain file name ending in ".evtx", unique within the scenario
  std::string channel;        ///< Channel of every event of the log
  std::vector<Event> events;  ///< System/EventData fields filled; source_file = `file`;
                              ///< unnamed Data get the names "1", "2", ... as the reader gives them
  std::size_t line = 0;       ///< 1-based line of the log's entry in the scenario
};

/// A loaded scenario.
struct Scenario {
  std::string source;       ///< the name errors use (the path for files)
  std::string description;  ///< the optional `description:` text
  std::string computer;     ///< the default Computer (may be empty)
  std::vector<ScenarioLog> logs;
};

/// Parses scenario YAML. `name` is used in error messages. Throws Error(invalid_input) with a
/// one-line message "NAME:LINE:COLUMN: KEY PATH: problem" (for example
/// "case.yaml:14:19: logs[0].events[2].event_id: expected an integer 0..65535, got 'abc'")
/// on malformed YAML, an unknown or duplicate key, a missing required key, a value of the wrong
/// type or range, a bad time (UTC with Z or local with an explicit offset required), a bad
/// GUID/SID/hex value, a duplicate or non-rising record id within one log, or a file name used
/// twice. The `expect:` mapping (diagnosis goldens) is accepted and not interpreted.
Scenario parse_scenario(std::string_view yaml_text, const std::string& name);

/// Reads and parses a scenario file. Throws Error(io) when it cannot be read, otherwise as
/// parse_scenario with the path as name.
Scenario load_scenario_file(const std::string& path);

}  // namespace evtxdiag
