#pragma once
// Writing .evtx files from events (the inverse of reader.hpp), as `evtxdiag synth` does.
//
//   evtxdiag::EvtxWriter writer;
//   for (const evtxdiag::Event& event : events) writer.add(event);
//   evtxdiag::write_file_atomically("System.evtx", writer.finish());
//
// The output is a complete, clean file laid out as libyal's EVTX format document describes:
// file header, 64 KiB chunks with string and template tables,
// correct CRCs and counters, one template definition per distinct event shape per chunk.
// libevtx, python-evtx and evtxdiag's reader all read back the same values. The output
// depends only on the events: the same events always give byte-identical files.
//
// What is written from an Event:
// - System: Provider Name (+ Guid, EventSourceName when non-empty), EventID (+ Qualifiers
//   when set), Version, Level, Task, Opcode, Keywords, TimeCreated SystemTime, EventRecordID,
//   Correlation (ActivityID / RelatedActivityID when non-empty), Execution (ProcessID /
//   ThreadID when set), Channel, Computer, Security (UserID when non-empty).
// - The payload: `shape->payload` when the event has a shape (event_shape.hpp: EventData or
//   UserData with nested elements, attributes, typed values, arrays and Null values; the Guid
//   as literal text with `shape->provider_guid_text`). Otherwise EventData from `data` as
//   `<Data Name="...">` String values, or as unnamed `<Data>` elements (classic sources) when
//   the names are exactly "1", "2", ... "n" in order, which is how the reader names unnamed
//   Data; then `<Binary>` when `binary_hex` is non-empty.
// - The record header carries event_record_id and, as written time, time_created (Windows
//   keeps them equal; written_time is ignored). Origin/decoder/display fields are ignored.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "evtxdiag/event.hpp"
#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// Accumulates events and produces the bytes of one .evtx file.
class EvtxWriter {
 public:
  EvtxWriter();
  EvtxWriter(EvtxWriter&&) noexcept;
  EvtxWriter& operator=(EvtxWriter&&) noexcept;
  ~EvtxWriter();

  /// Appends one event as the next record (records keep the order of the calls).
  /// Throws Error(invalid_input) naming the field when the event cannot be written:
  /// empty provider_name, event_id above 65535, time_created not valid, event_record_id 0 or
  /// not greater than the previous one, a GUID/SID/hex field that does not parse, text that is
  /// not UTF-8, a shape value that does not fit its type, or a record larger than a chunk can
  /// hold. The writer is unchanged then.
  void add(const Event& event);

  /// Number of events added so far.
  std::size_t size() const;

  /// The complete file (4096-byte header + N x 65536-byte chunks; one empty chunk when no
  /// event was added). The writer starts over empty afterwards.
  std::vector<std::uint8_t> finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Convenience: all `events` in order -> file bytes. Throws like EvtxWriter::add.
[[nodiscard]] std::vector<std::uint8_t> write_evtx(const std::vector<Event>& events);

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, flushed, then
/// renamed over `path` (so readers never see a half-written file). Throws Error(io) on failure
/// and removes the temporary file.
void write_file_atomically(const std::string& path, const std::vector<std::uint8_t>& bytes);

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
