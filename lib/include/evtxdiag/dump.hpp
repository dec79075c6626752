#pragma once
// `evtxdiag dump` as a library call: every event of a case (or the ones an EventFilter keeps)
// serialised as JSON Lines, CSV or event XML. The CLI, the C API (evtxdiag_dump) and Python
// (evtxdiag.dump) all write dump_case(), so their outputs are the same bytes.
//
//   evtxdiag::CaseInputs inputs = evtxdiag::collect_inputs({"case.zip"});
//   evtxdiag::ZoneResolution zones = evtxdiag::resolve_case_zone(evtxdiag::ZoneRequest::automatic(), inputs);
//   evtxdiag::DumpOptions options;
//   evtxdiag::add_filter(options.read.filter, "level", "error");
//   evtxdiag::DumpOutcome outcome = evtxdiag::dump_case(std::move(inputs), zones, options, std::cout);
#include <functional>
#include <iosfwd>

#include "evtxdiag/case_reader.hpp"
#include "evtxdiag/event_output.hpp"
#include "evtxdiag/export.hpp"
#include "evtxdiag/timezone.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

struct DumpOptions {
  /// Recovered records, decoder, threads, MTA files, message language and the filter
  /// (read.filter; its local --from/--to are in the `zones` given to dump_case()).
  CaseReadOptions read;
  EventFormat format = EventFormat::jsonl;
  /// CSV only: start with the UTF-8 byte order mark Excel needs to read UTF-8.
  bool bom = false;
};

/// How the logs of a dump were read.
struct DumpOutcome {
  std::size_t logs = 0;    ///< logs of the case
  std::size_t opened = 0;  ///< logs that could be opened
  /// A log could not be opened, lost live records, or an MTA file was unreadable or damaged:
  /// `evtxdiag dump` exits 1 (2 when nothing was opened).
  bool lost_data = false;
};

/// Writes the events of `inputs` to `out` in options.format, `zones` giving time_created_local
/// and the zone of local filter bounds. `on_log` (may be empty) is called after each log with
/// how it was read (its problems, or why it could not be opened). Never throws for a bad log.
[[nodiscard]] DumpOutcome dump_case(CaseInputs inputs, const ZoneResolution& zones, const DumpOptions& options,
                                    std::ostream& out, const std::function<void(const CaseLogRead&)>& on_log = {});

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
