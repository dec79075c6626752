#pragma once
// The keys a scenario may use, one list per level. The loader accepts exactly these; the unit
// test scenario_schema_test checks them against knowledge/schema/scenario.schema.yaml and the
// key tables of testdata/README.md, so the three never drift apart.
#include <array>
#include <string_view>

namespace evtxdiag::scenario {

inline constexpr std::array<std::string_view, 4> kTopLevelKeys{"computer", "description", "expect", "logs"};
inline constexpr std::array<std::string_view, 5> kLogKeys{"channel", "display_names", "events", "file", "mta"};
inline constexpr std::array<std::string_view, 25> kEventKeys{"activity_id", "binary",
                                                             "channel",     "computer",
                                                             "data",        "event_data",
                                                             "event_id",    "event_source_name",
                                                             "guid",        "keywords",
                                                             "level",       "message",
                                                             "opcode",      "process_id",
                                                             "provider",    "qualifiers",
                                                             "record_id",   "related_activity_id",
                                                             "repeat",      "task",
                                                             "thread_id",   "time",
                                                             "user_data",   "user_sid",
                                                             "version"};
/// A typed value: {type: HexInt32, value: 0x807800A1}, {type: String, values: [a, b]}, {type: Null}.
inline constexpr std::array<std::string_view, 3> kTypedValueKeys{"type", "value", "values"};
inline constexpr std::array<std::string_view, 2> kRepeatKeys{"count", "interval_ms"};
/// Languages of `mta:`, `message: {en, ja}` and `display_names: {PROVIDER: {en, ja}}`.
inline constexpr std::array<std::string_view, 2> kMtaLanguageKeys{"en", "ja"};
/// The tables of one provider in one language (`display_names: {PROVIDER: {ja: {...}}}`).
inline constexpr std::array<std::string_view, 4> kDisplayNameKeys{"keywords", "levels", "opcodes", "tasks"};

}  // namespace evtxdiag::scenario
