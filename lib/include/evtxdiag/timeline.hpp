#pragma once
// `evtxdiag timeline` as a library call: the correlated (or all) events of a case merged in time
// order, each tagged with the backup job whose window holds it, narrowed by an EventFilter and
// rendered as text, JSON Lines or CSV. The CLI, the C API (evtxdiag_timeline) and Python
// (evtxdiag.timeline) all print format_timeline(), so their outputs are the same bytes.
//
//   evtxdiag::TimelineOptions options;
//   options.diagnosis.zone = "Asia/Tokyo";
//   evtxdiag::add_filter(options.filter, "provider", "Backup");
//   std::vector<evtxdiag::Diagnosis> machines = evtxdiag::read_timeline({"case.zip"}, options);
//   std::cout << evtxdiag::format_timeline(machines, evtxdiag::TimelineFormat::csv, {});
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/event_filter.hpp"
#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

struct TimelineOptions {
  /// Zone, margin, message language (`lang`), MTA files, `all_events`, the machine
  /// (`computer`), threads: as for diagnose().
  DiagnoseOptions diagnosis;
  /// Which timeline entries to print. Applied after the diagnosis, so jobs and their windows
  /// are found from every event whatever the filter keeps; local --from/--to are in the
  /// diagnosis zone.
  EventFilter filter;
};

/// The timeline of each machine of the case (diagnose_machines()), its entries narrowed to the
/// filter. Throws like diagnose_machines(); unreadable inputs are reported in each Diagnosis.
[[nodiscard]] std::vector<Diagnosis> read_timeline(const std::vector<std::string>& paths,
                                                   const TimelineOptions& options);

/// Keeps only the timeline entries `filter` matches (local bounds in the diagnosis's zone).
void filter_timeline(Diagnosis& diagnosis, const EventFilter& filter);

enum class TimelineFormat { text, jsonl, csv };
/// Parses "text" / "jsonl" / "csv"; nullopt for anything else.
[[nodiscard]] std::optional<TimelineFormat> parse_timeline_format(const std::string& text);

struct TimelineRender {
  /// CSV only: start with the UTF-8 byte order mark, which Excel needs to read UTF-8 (without
  /// it, Japanese shows as mojibake).
  bool bom = false;
};

/// The machines' timelines one after the other (job numbers are per machine), never
/// interleaved. text: "# machine: NAME" (when several) and "# zone: ..." lines, then one line
/// per event; jsonl: timeline_entry_to_json() per line; csv: the header of
/// timeline_csv_columns() once, then one row per event. Deterministic.
void write_timeline(std::ostream& out, const std::vector<Diagnosis>& machines, TimelineFormat format,
                    const TimelineRender& render = {});
[[nodiscard]] std::string format_timeline(const std::vector<Diagnosis>& machines, TimelineFormat format,
                                          const TimelineRender& render = {});

/// The CSV columns, in order (Timesketch's CSV importer reads message, datetime,
/// timestamp_desc, timestamp; README "The merged timeline" says what each holds).
[[nodiscard]] const std::vector<std::string>& timeline_csv_columns();

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
