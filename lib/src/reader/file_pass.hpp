#pragma once
// The reader's first pass over a file, before any record is decoded: the structural
// walk (where every live record sits), with ReadOptions::want the fast scan's verdict on each
// record, and for recovered reads the slack carver's candidates. Chunks are independent, so
// batches of chunks are walked, scanned and carved on worker threads; results are merged in
// file order on the calling thread, which alone asks `want`. The file's mapped pages leave
// the resident set as the pass goes, so memory does not grow with the file size.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "carve/slack_carver.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/timestamp.hpp"
#include "format/record_locator.hpp"
#include "reader/input_bytes.hpp"
#include "reader/record_accounting.hpp"

namespace evtxdiag::reader {

struct FilePass {
  /// Every walked live record, in file order; second copies of earlier records are marked
  /// `duplicate` (still listed, so that indices match libevtx's list, which has them too).
  std::vector<evtx::LocatedRecord> located;
  std::vector<evtx::ChunkWalk> walks;  ///< one per chunk of the (padded) buffer, in file order
  /// Promised, missing and duplicate records, with their diagnostics (record_accounting.hpp).
  AccountingResult accounting;
  /// Parallel to `located` when the pass had a `want`: true = the scan understood the record's
  /// chunk and `want` refuses the record. Empty without `want`.
  std::vector<bool> skip;
  std::vector<carve::Candidate> candidates;  ///< slack candidates (when carving), in file order
  /// With `want`: the earliest and latest TimeCreated of the live records, from the scan; for
  /// records of chunks the scan did not understand, the record header's written time (counted
  /// in times_from_headers).
  Timestamp earliest;
  Timestamp latest;
  std::uint64_t times_from_headers = 0;
};

/// Walks (and scans, and carves) every whole chunk of `bytes` with up to `threads` threads,
/// marks duplicates and accounts for the records the headers promise (`name` is the file's
/// name in the diagnostics).
FilePass run_file_pass(const InputBytes& bytes, const std::function<bool(std::string_view, std::uint32_t)>& want,
                       bool carve, unsigned threads, const std::string& name);

/// The chunks libevtx must read so that no record the caller may want is missed: every chunk
/// except those whose walked records were all understood and refused by the scan. Chunks that
/// hold no walked record, a walk break or a slack candidate, and chunks libevtx would read as
/// recovered (past the header's count of a file that is not dirty), are always kept. `chunks`:
/// the chunks of the (padded) buffer.
std::vector<std::uint64_t> chunks_for_libevtx(const FilePass& pass, const FileInfo& info, std::uint64_t chunks);

}  // namespace evtxdiag::reader
