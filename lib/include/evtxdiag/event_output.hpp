#pragma once
// Serialising events: JSON Lines, CSV or event XML, one event per record, in a stable field
// order (README "dump output"). The one serialisation of an Event: `evtxdiag dump`, the C API's
// evtxdiag_event_json() and Python's Event.to_json()/to_dict() all print it.
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "evtxdiag/event.hpp"
#include "evtxdiag/export.hpp"
#include "evtxdiag/timezone.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

enum class EventFormat { jsonl, csv, xml };

/// Parses "jsonl" / "csv" / "xml"; returns false for anything else.
[[nodiscard]] bool parse_event_format(const std::string& text, EventFormat& format);

/// An instant as printed in event output: ISO-8601 UTC, 7 fractional digits, "Z"; empty when
/// unknown.
[[nodiscard]] std::string format_time(Timestamp time);

/// The field names of JSONL objects and CSV columns, in output order. A record whose payload
/// is lost (Event::payload_lost) adds "payload_lost" (why) to its JSONL object after
/// "decoder"; CSV has it as a last column, empty for whole records; XML gives such a record as
/// a comment.
[[nodiscard]] const std::vector<std::string>& event_field_names();

/// One event as the one-line JSON object of `dump --format jsonl` (no newline). `zones` gives
/// time_created_local.
[[nodiscard]] std::string event_to_json(const Event& event, const ZoneResolution& zones);

/// Writes events to a stream in one format. CSV starts with a header row (written before the
/// first event, or by finish() when there was none). XML is one document: the events (each
/// Event::xml, see ReadOptions::keep_xml) inside <Events>...</Events>, which finish() closes.
class EventWriter {
 public:
  EventWriter(std::ostream& out, EventFormat format);
  ~EventWriter();
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  /// The zone(s) for the "time_created_local" field (default: UTC, stated as a fallback).
  void set_zones(ZoneResolution zones) { zones_ = std::move(zones); }
  /// Whether the format needs Event::xml (ReadOptions::keep_xml).
  bool needs_xml() const;
  void write(const Event& event);
  /// The text write() prints for `event` (a JSON line or CSV row with its newline, the event
  /// XML): depends on the event and the zones alone and may be called on several threads at
  /// once, e.g. in ReadOptions::prepare to make Event::rendered on the decoding threads.
  std::string render(const Event& event) const;
  /// write() of an event whose Event::rendered is this writer's render() of it.
  void write_rendered(const Event& event);
  /// Completes the output (CSV header when no event was written); flushes.
  void finish();

 private:
  std::ostream& out_;
  EventFormat format_;
  bool header_written_ = false;
  bool finished_ = false;
  bool warned_slow_ = false;
  void write_text(const std::string& text);
  ZoneResolution zones_ = ZoneResolution::fallback_utc("no --tz given");
};

/// `text` as one CSV field (RFC 4180): unchanged unless it holds a comma, quote or line break;
/// then in double quotes with inner quotes doubled.
[[nodiscard]] std::string csv_quote(const std::string& text);

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
