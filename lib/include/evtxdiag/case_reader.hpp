#pragma once
// Reading a case's events the same way for every command: the logs of collect_inputs() (files,
// folders, archives), each event with its message as the customer's Event Viewer showed it
// (LocaleMetaData .MTA) or else the knowledge base's template, and the zone for local times.
// `dump`, `info` and the bindings are views of this; `diagnose` and `timeline` use the same
// inputs and messages.
//
//   evtxdiag::CaseInputs inputs = evtxdiag::collect_inputs({"case.zip"});
//   evtxdiag::ZoneResolution zones = evtxdiag::resolve_case_zone(evtxdiag::ZoneRequest::automatic(), inputs);
//   evtxdiag::read_case(std::move(inputs), {}, [&](const evtxdiag::CaseLogRead& log) { ... },
//                       [&](evtxdiag::Event&& e) { std::cout << zones.format_local(e.time_created) << '\n'; });
#include <functional>
#include <string>
#include <vector>

#include "evtxdiag/diagnostic.hpp"
#include "evtxdiag/event_filter.hpp"
#include "evtxdiag/export.hpp"
#include "evtxdiag/inputs.hpp"
#include "evtxdiag/language.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/timezone.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

struct CaseReadOptions {
  /// Recovered records, decoder, threads, ...; read.prepare runs after the message is filled
  /// (read_case fills messages on the decoding threads too).
  ReadOptions read;
  bool mta = true;                           ///< use LocaleMetaData .MTA files found beside each log
  std::string mta_file;                      ///< one MTA for the log its name belongs to (or the only log); empty: look
  std::string mta_lang = "en";               ///< preferred MTA language (en 1033, ja 1041), then the other
  Language message_language = Language::en;  ///< of knowledge-base messages for events the MTA lacks
  EventFilter filter;                        ///< only the events it keeps reach the sink (all by default)
  /// The zone(s) `filter`'s local --from/--to are in: the zone the output prints local times
  /// in (resolve_case_zone()). Default: UTC.
  ZoneResolution filter_zones = ZoneResolution::fallback_utc("no zone given for the filter");
};

/// How one log of the case was read.
struct CaseLogRead {
  std::string name;     ///< CaseFile::name
  bool opened = false;  ///< false: nothing could be read (error says why)
  std::string error;
  ReadSummary summary;                      ///< counts and diagnostics of the read (when opened)
  std::string mta;                          ///< the MTA whose messages were used; empty when none
  std::vector<Diagnostic> mta_diagnostics;  ///< its problems (kind locale_metadata)
  bool mta_unreadable = false;              ///< an MTA was there but could not be read at all
};

/// Reads every log of `inputs` in order. `on_log` is called before a log's events with its name
/// only, and again after them with the full CaseLogRead; `sink` gets each event (source_file =
/// the log's name) with message, message_source and the display names filled. Never throws
/// for bad logs: they are reported through on_log.
void read_case(CaseInputs inputs, const CaseReadOptions& options,
               const std::function<void(const CaseLogRead& log, bool finished)>& on_log,
               const std::function<void(Event&&)>& sink);

/// The zone(s) for local times: the zone `request` gives, or for an automatic request the zone
/// the logs state (EventLog 6013, Kernel-General 1/22/24; only those records are decoded), or
/// UTC with the reason.
[[nodiscard]] ZoneResolution resolve_case_zone(const ZoneRequest& request, const CaseInputs& inputs);

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
