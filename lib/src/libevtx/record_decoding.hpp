#pragma once
// Turning records into Events, one record at a time, with the decoder choice applied:
// libevtx first, the built-in decoder for what libevtx rejects (or for everything).
// A RecordDecoding is confined to one thread (it owns one libevtx handle at most); decoding
// index ranges in parallel means one RecordDecoding per worker and merging the ranges in
// index order, since every record's result depends only on the record itself.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "evtx/record_locator.hpp"
#include "evtxdiag/diagnostic.hpp"
#include "evtxdiag/event.hpp"
#include "evtxdiag/reader.hpp"
#include "libevtx/libevtx_file.hpp"

namespace evtxdiag::libevtx {

/// The outcome of one record: an event, or a diagnostic saying why there is none.
struct DecodedRecord {
  std::optional<Event> event;
  std::optional<Diagnostic> failure;
};

class RecordDecoding {
 public:
  /// `data`/`size`: the whole file; `located`: the structural walk (for offsets libevtx does
  /// not report); `libevtx_file` may be null (builtin only, or libevtx could not open).
  RecordDecoding(const std::uint8_t* data, std::size_t size, std::string name,
                 const std::vector<evtx::LocatedRecord>& located, LibevtxFile* libevtx_file, const ReadOptions& options);

  /// Record `index` of libevtx's live or recovered list.
  DecodedRecord decode_libevtx_record(RecordOrigin origin, std::uint64_t index);
  /// Where recovered record `index` lies in the file, given what libevtx fetched for it (its
  /// record id and written time when fetched.ok); -1 when unknown. libevtx 20181227 reports
  /// offset 0 for recovered records, so the reader answers this from the slack carver.
  using RecoveredLocator = std::function<std::int64_t(std::uint64_t index, const RecordFetch& fetched)>;
  void set_recovered_locator(RecoveredLocator locator) { locate_recovered_ = std::move(locator); }
  /// A record at a known file offset, with the built-in decoder only.
  DecodedRecord decode_builtin_record(RecordOrigin origin, std::uint64_t offset, std::uint64_t index);

 private:
  std::optional<Event> try_builtin(RecordOrigin origin, std::uint64_t offset, std::string& error) const;
  std::int64_t find_live_offset(std::uint64_t record_id);
  void passed_live_offset(std::int64_t offset);
  DecodedRecord fail(RecordOrigin origin, std::uint64_t index, std::int64_t offset, std::string message) const;
  void set_origin(Event& event, RecordOrigin origin, std::int64_t offset) const;

  const std::uint8_t* data_;
  std::size_t size_;
  std::string name_;
  const std::vector<evtx::LocatedRecord>& located_;
  LibevtxFile* libevtx_;
  const ReadOptions& options_;
  std::size_t next_located_ = 0;  ///< walk position after the previous live record
  RecoveredLocator locate_recovered_;
};

}  // namespace evtxdiag::libevtx
