#pragma once
// Recovered (slack-space) records: libevtx's recovery scan and evtxdiag's own carver, joined.
//
// libevtx stays the primary decoder: every record of its recovered list is decoded by it, and
// what it rejects goes to the built-in decoder. libevtx reports offset 0 for recovered records,
// so each one is paired with the carver's candidate at the same position of the carver's
// libevtx-visible list (the carver scans as libevtx does), checked by record id and written
// time; a mismatch is looked up by (record id, written time). Candidates libevtx does not list
// are decoded by the built-in decoder alone; fragments become warnings, counted apart.
#include <cstdint>
#include <functional>
#include <vector>

#include "carve/slack_carver.hpp"
#include "evtxdiag/reader.hpp"
#include "format/record_locator.hpp"
#include "reader/libevtx/libevtx_file.hpp"
#include "reader/record_decoding.hpp"

namespace evtxdiag::reader {

/// What reading the recovered records produced, in file-offset order (records without a known
/// offset last, in libevtx's order).
struct RecoveredResult {
  std::vector<DecodedRecord> records;  ///< events or undecodable-record diagnostics
  std::vector<Diagnostic> fragments;   ///< one warning per fragment (see ReadSummary::recovered_fragments)
  /// Warnings about delivered records whose content is doubtful: libevtx decoded them, but the
  /// template or a name they reference has been overwritten (libevtx does not check), so their
  /// values may have been read through someone else's template.
  std::vector<Diagnostic> doubtful;
  std::uint64_t found = 0;  ///< whole recovered records (ReadSummary::recovered_records)
};

/// Reads the recovered records. `libevtx_file` may be null (builtin only, or libevtx refused
/// the file): then only the carver's candidates are read. With DecoderChoice::libevtx_only only
/// libevtx's list is read (the carver gives offsets, nothing more).
RecoveredResult read_recovered(const std::vector<carve::Candidate>& candidates,
                               const std::vector<evtx::LocatedRecord>& located, LibevtxFile* libevtx_file,
                               RecordDecoding& decoding, const ReadOptions& options, const std::string& file_name);

}  // namespace evtxdiag::reader
