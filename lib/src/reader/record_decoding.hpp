#pragma once
// Turning records into Events, one record at a time, with the decoder choice applied: the
// built-in decoder first (the default), libevtx for what it cannot read (or for everything).
//
// Live records of the default and builtin choices are decoded by the built-in decoder at the
// offsets of the structural walk (decode_builtin_record, on any thread, each with its own
// binxml::ChunkDecoder). libevtx's records (--decoder libevtx, and the recovered list) have two
// halves: fetch_libevtx_record() (libevtx's parse, its XML, the pugixml parse: nearly all the
// cost) depends only on the record, so parallel readers run it on worker threads, each with its
// own LibevtxFile; RecordDecoding::finish() locates the record in the structural walk, which
// depends on the records before it, so it runs on one thread in index order.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "binxml/record_decoder.hpp"
#include "evtxdiag/diagnostic.hpp"
#include "evtxdiag/event.hpp"
#include "evtxdiag/reader.hpp"
#include "format/record_locator.hpp"
#include "reader/libevtx/libevtx_file.hpp"

namespace evtxdiag::reader {

// The libevtx adapter (reader/libevtx/) is used by name here.
using libevtx::LibevtxFile;
using libevtx::RecordFetch;

/// The outcome of one record: an event, or a diagnostic saying why there is none, or both: a
/// record whose payload no decoder read but whose header is intact gives its diagnostic and an
/// event with Event::payload_lost (record id and time only).
struct DecodedRecord {
  std::optional<Event> event;
  std::optional<Diagnostic> failure;
};

/// A libevtx record fetched and parsed, not yet located in the file.
struct FetchedRecord {
  RecordOrigin origin = RecordOrigin::live;
  std::uint64_t index = 0;     ///< index in libevtx's live or recovered list
  RecordFetch fetch;           ///< what libevtx returned (xml moved into `event` or dropped)
  std::optional<Event> event;  ///< the parsed event when libevtx's XML was usable
  std::string problem;         ///< why not, when !event (empty in builtin_only mode)
};

/// Fetches record `index` from `file` and parses its XML (unless `options.decoder` is
/// builtin_only, where libevtx only locates records). Touches nothing but `file`: safe on any
/// thread that owns `file`.
FetchedRecord fetch_libevtx_record(LibevtxFile& file, RecordOrigin origin, std::uint64_t index,
                                   const ReadOptions& options);

class RecordDecoding {
 public:
  /// `data`/`size`: the whole file; `located`: the structural walk (for offsets libevtx does
  /// not report); `libevtx_file` may be null (builtin only, or libevtx could not open).
  RecordDecoding(const std::uint8_t* data, std::size_t size, std::string name,
                 const std::vector<evtx::LocatedRecord>& located, LibevtxFile* libevtx_file,
                 const ReadOptions& options);

  /// Record `index` of libevtx's live or recovered list (fetch and finish in one).
  DecodedRecord decode_libevtx_record(RecordOrigin origin, std::uint64_t index);
  /// Where recovered record `index` lies in the file, given what libevtx fetched for it (its
  /// record id and written time when fetched.ok); -1 when unknown. libevtx 20181227 reports
  /// offset 0 for recovered records, so the reader answers this from the slack carver.
  using RecoveredLocator = std::function<std::int64_t(std::uint64_t index, const RecordFetch& fetched)>;
  void set_recovered_locator(RecoveredLocator locator) { locate_recovered_ = std::move(locator); }
  /// The second half of a fetched record. Live records must be finished in index order.
  DecodedRecord finish(FetchedRecord&& fetched);
  /// A record at a known file offset, with the built-in decoder only. Const: callable from
  /// several threads at once, each with its own `decoder` (which keeps the chunk's templates
  /// for the chunk's next records).
  DecodedRecord decode_builtin_record(RecordOrigin origin, std::uint64_t offset, std::uint64_t index,
                                      binxml::ChunkDecoder& decoder) const;
  /// The same into `result` (empty): the event is decoded where `result` lies, not moved there.
  void decode_builtin_record(RecordOrigin origin, std::uint64_t offset, std::uint64_t index,
                             binxml::ChunkDecoder& decoder, DecodedRecord& result) const;
  /// The same with a decoder of its own.
  DecodedRecord decode_builtin_record(RecordOrigin origin, std::uint64_t offset, std::uint64_t index) const;
  /// With ReadOptions::cross_check: the differences finish() found between the two decoders'
  /// events of recovered records (live records are cross-checked apart).
  std::vector<Diagnostic> take_differences() { return std::move(differences_); }
  /// The outcome of a record no decoder read: its diagnostic, and (unless libevtx only) an event
  /// with Event::payload_lost when the record header at `offset` is intact.
  DecodedRecord fail(RecordOrigin origin, std::uint64_t index, std::int64_t offset, std::string message) const;

 private:
  std::optional<Event> try_builtin(RecordOrigin origin, std::uint64_t offset, std::string& error,
                                   binxml::ChunkDecoder& decoder) const;
  std::int64_t find_live_offset(std::uint64_t record_id);
  void passed_live_offset(std::int64_t offset);
  Event payload_lost_event(const evtx::LocatedRecord& header, RecordOrigin origin, std::int64_t offset,
                           const std::string& why) const;
  void set_origin(Event& event, RecordOrigin origin, std::int64_t offset) const;

  const std::uint8_t* data_;
  std::size_t size_;
  std::string name_;
  const std::vector<evtx::LocatedRecord>& located_;
  LibevtxFile* libevtx_;
  const ReadOptions& options_;
  std::size_t next_located_ = 0;  ///< walk position after the previous live record
  RecoveredLocator locate_recovered_;
  binxml::ChunkDecoder decoder_;  ///< for the records finish() gives the built-in decoder (calling thread)
  std::vector<Diagnostic> differences_;
};

}  // namespace evtxdiag::reader
