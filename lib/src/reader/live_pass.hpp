#pragma once
// The live records of one EvtxReader::read: planned in batches, decoded by workers (the
// built-in decoder at the walk's offsets, or libevtx with --decoder libevtx), merged in index
// order, cross-checked on request, and completed with the walked records libevtx's list lacks.
#include <string>

#include "evtxdiag/reader.hpp"
#include "reader/file_pass.hpp"
#include "reader/input_bytes.hpp"
#include "reader/libevtx_for_read.hpp"
#include "reader/record_decoding.hpp"
#include "reader/record_merger.hpp"

namespace evtxdiag::reader {

/// What the live pass works with: the file and its first pass, libevtx, and where records go.
struct LivePassInput {
  const InputBytes& bytes;
  const std::string& name;
  const FilePass& file_pass;
  LibevtxForRead& libevtx;
  RecordDecoding& decoding;
  RecordMerger& merger;
  const ReadOptions& options;
  unsigned threads = 1;
};

/// Delivers every live record through `input.merger`, then sets `summary.live_records` and adds
/// the cross-check's differences to `summary.diagnostics`.
void read_live_records(const LivePassInput& input, ReadSummary& summary);

}  // namespace evtxdiag::reader
