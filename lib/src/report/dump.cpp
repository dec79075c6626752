// dump_case(): see evtxdiag/dump.hpp.
#include <ostream>

#include "evtxdiag/dump.hpp"

namespace evtxdiag {

DumpOutcome dump_case(CaseInputs inputs, const ZoneResolution& zones, const DumpOptions& options, std::ostream& out,
                      const std::function<void(const CaseLogRead&)>& on_log) {
  EventWriter writer(out, options.format);
  writer.set_zones(zones);
  if (options.bom && options.format == EventFormat::csv) out << "\xEF\xBB\xBF";
  CaseReadOptions read = options.read;
  read.read.keep_xml = read.read.keep_xml || writer.needs_xml();
  read.filter_zones = zones;
  // Each event's output text is made on the thread that decoded it (after the case's own
  // preparation: messages); this thread only writes them, in order.
  read.read.prepare = [&writer, caller = options.read.read.prepare](Event& event) {
    if (caller) caller(event);
    event.rendered = writer.render(event);
  };

  DumpOutcome outcome;
  outcome.logs = inputs.logs.size();
  read_case(
      std::move(inputs), read,
      [&](const CaseLogRead& log, bool finished) {
        if (!finished) return;
        for (const Diagnostic& d : log.mta_diagnostics)
          outcome.lost_data = outcome.lost_data || d.severity == Severity::error;
        outcome.lost_data = outcome.lost_data || log.mta_unreadable;
        if (log.opened) ++outcome.opened;
        outcome.lost_data = outcome.lost_data || !log.opened || log.summary.live_lost() > 0;
        if (on_log) on_log(log);
      },
      [&](Event&& event) { writer.write_rendered(event); });
  writer.finish();
  return outcome;
}

}  // namespace evtxdiag
