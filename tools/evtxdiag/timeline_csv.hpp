#pragma once
// `evtxdiag timeline --format csv`: the merged timeline in the CSV layout timeline tools import
// (Timesketch's CSV importer: `message`, `datetime`, `timestamp_desc`, `timestamp`; Timeline
// Explorer and spreadsheets read it as is). README "Timeline CSV columns" documents them:
//
//   datetime        ISO-8601 UTC, 7 fractional digits, "Z" (TimeCreated)
//   timestamp       the same instant in microseconds since 1970-01-01 UTC
//   timestamp_desc  "Event Logged"
//   message         what the customer's Event Viewer showed (LocaleMetaData .MTA), else the
//                   knowledge base's template filled with the event's values (--lang), else
//                   the event's data as "name=value; ...", else "<provider> <event id>"
//   message_source  mta, knowledge, data or none
//   time_local      the instant in the diagnosis zone, with its offset
//   computer, channel, provider, event_id, level, record_id, file,
//   job             index of the backup job whose window holds the event (empty: none)
//   role            the event's role for that job (job-start, job-failure, evidence, ...)
//
// UTF-8 without BOM, a header row, one row per event, RFC 4180 quoting, "\n" line ends.
#include <iosfwd>

#include "evtxdiag/diagnose.hpp"

namespace evtxdiag::cli {

/// Writes the CSV. Messages are the diagnosis's (EvidenceRef::message: MTA files found by
/// diagnose() per DiagnoseOptions::mta, else the knowledge base in DiagnoseOptions::lang).
void write_timeline_csv(std::ostream& out, const Diagnosis& diagnosis, bool header = true);

}  // namespace evtxdiag::cli
