#pragma once
// Scenario files: YAML descriptions of event logs that `evtxdiag synth` turns into .evtx files
// (format and schema: testdata/README.md, knowledge/schema/scenario.schema.yaml).
//
//   evtxdiag::Scenario scenario = evtxdiag::load_scenario_file("case.yaml");
//   for (const evtxdiag::ScenarioLog& log : scenario.logs)
//     evtxdiag::write_file_atomically(dir + "/" + log.file, evtxdiag::write_evtx(log.events));
//
// Loading is all or nothing: a scenario with any error throws, so nothing is written from it.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evtxdiag/event.hpp"
#include "evtxdiag/export.hpp"
#include "evtxdiag/knowledge.hpp"
#include "evtxdiag/mta.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// One log of a scenario: the file to write and its events, in record order.
struct ScenarioLog {
  std::string file;           ///< plain file name ending in ".evtx", unique within the scenario
  std::string channel;        ///< Channel of every event of the log
  std::vector<Event> events;  ///< System fields and data filled; source_file = `file`;
                              ///< unnamed Data get the names "1", "2", ... as the reader gives them;
                              ///< typed values, UserData and a literal Guid set Event::shape, and
                              ///< then data holds the text a reader shows (flatten_payload)
  std::size_t line = 0;       ///< 1-based line of the log's entry in the scenario

  // --- LocaleMetaData (`mta:`, `display_names:`, events' `message:`), see scenario_mta_files()
  std::vector<std::uint32_t> mta_lcids;  ///< LCIDs of the MTA files to write (1041 ja, 1033 en), as listed
  /// Provider name tables per LCID (only LCIDs of mta_lcids), providers in the order given.
  std::map<std::uint32_t, std::vector<MtaProviderNames>> display_names;
  /// Explicit messages by System/EventRecordID, then LCID; LCID 0 = the same text in every language.
  std::map<std::uint64_t, std::map<std::uint32_t, std::string>> messages;
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
/// GUID/SID/hex value, a typed value whose type is unknown or whose text does not fit its type,
/// a malformed `user_data`/`event_data` tree or two payload keys on one event, a duplicate or
/// non-rising record id within one log, or a file name used
/// twice, an `mta:` language other than en/ja or listed twice, `display_names:` or `message:`
/// on a log without `mta:`, or display_names of a language the log writes no MTA in. The `expect:` mapping (diagnosis
/// goldens) is accepted and not interpreted.
[[nodiscard]] Scenario parse_scenario(std::string_view yaml_text, const std::string& name);

/// One file to write beside the logs, relative to the output directory.
struct ScenarioFile {
  std::string relative_path;  ///< e.g. "LocaleMetaData/System_1041.MTA"
  std::vector<std::uint8_t> bytes;
  friend bool operator==(const ScenarioFile& a, const ScenarioFile& b) {
    return a.relative_path == b.relative_path && a.bytes == b.bytes;
  }
};

/// The MTA files of one log (one per LCID of `log.mta_lcids`, at the path find_mta_files()
/// looks at: LocaleMetaData/<log stem>_<LCID>.MTA). Each holds the DEFAULT_PUBLISHER names of
/// its language, the log's display_names of that language, and one message per event: the
/// explicit `message:` (that language's, else the every-language one); otherwise the knowledge
/// base template rendered with the event's values when `knowledge` has a template in that
/// language (no English text in a Japanese file); otherwise none, as Windows writes no message
/// for a provider it cannot format. Deterministic: the same log gives the same bytes.
[[nodiscard]] std::vector<ScenarioFile> scenario_mta_files(const ScenarioLog& log, const KnowledgeBase& knowledge);

/// The message scenario_mta_files() writes for `event` in `lcid`; nullopt when none.
[[nodiscard]] std::optional<std::string> scenario_mta_message(const ScenarioLog& log, const Event& event,
                                                              std::uint32_t lcid, const KnowledgeBase& knowledge);

/// A scenario holding `events` as one log per Event::source_file, named after its base name
/// (made a plain `.evtx` name, unique), with the most common channel of each log and the most
/// common computer as defaults. Each log's events are sorted by record id, each id kept once
/// (the first), as the writer needs them.
[[nodiscard]] Scenario scenario_from_events(std::vector<Event> events);

/// Scenario YAML that parse_scenario() and the writer turn back into the same logs: every System
/// field the writer takes (defaults left out), and each event's payload from its shape - typed
/// values, arrays, Null, UserData/EventData trees, a literal Guid - when it has one
/// (ReadOptions::keep_shape), else its Data fields as Strings. A payload element other than
/// EventData/UserData (which readers do not read) is written as its String fields, with a
/// comment saying why. `header`
/// becomes the leading comment. Strings are double-quoted; the output is deterministic.
/// `log.channel` and `scenario.computer` are the defaults events repeat only when they differ.
[[nodiscard]] std::string scenario_yaml(const Scenario& scenario, const std::string& header = {});

/// Reads and parses a scenario file. Throws Error(io) when it cannot be read, otherwise as
/// parse_scenario with the path as name.
[[nodiscard]] Scenario load_scenario_file(const std::string& path);

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
