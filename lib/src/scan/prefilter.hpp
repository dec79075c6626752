#pragma once
// ReadOptions::want support for the reader (issue 10): which records need no decoding at all
// because the fast scan understood their chunk and the caller does not want their
// (provider, event id). Records of chunks the scan does not understand are never skipped.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scan/scan.hpp"

namespace evtxdiag::scan {

/// The pre-filter one chunk at a time, so that a reader can walk a large file chunk by chunk
/// (holding one chunk's scan, not the whole file's). Asks `want` once per (provider, event id).
class SkipDecider {
 public:
  explicit SkipDecider(std::function<bool(std::string_view, std::uint32_t)> want) : want_(std::move(want)) {}

  /// Scans chunk `chunk_index` of the whole-file buffer [data, data + size) and appends to
  /// `skip` one flag per record signature offset of `record_offsets` (with `record_ids`
  /// parallel to it; `count` entries, all in that chunk): true when the scan understood the
  /// chunk, listed the record at that offset with the same record id, and `want` refuses it.
  void decide_chunk(const std::uint8_t* data, std::size_t size, std::uint64_t chunk_index,
                    const std::uint64_t* record_offsets, const std::uint64_t* record_ids, std::size_t count,
                    std::vector<bool>& skip);
  /// The same with the chunk's scan done already (e.g. on another thread: only this call
  /// asks `want`, so `want` runs on the thread that owns the decider).
  void decide_scanned(const ScannedChunk& chunk, const std::uint64_t* record_offsets, const std::uint64_t* record_ids,
                      std::size_t count, std::vector<bool>& skip);

 private:
  bool unwanted(const std::string& provider, std::uint32_t event_id);

  std::function<bool(std::string_view, std::uint32_t)> want_;
  std::unordered_map<std::string, std::unordered_map<std::uint32_t, bool>> wanted_;
};

/// For each record signature offset in `record_offsets` (file offsets, any order), true when
/// the record lies in a chunk the scan understood, the scan listed it at that offset with the
/// same record id (`record_ids`, parallel to the offsets), and `want(provider, event_id)` is false.
std::vector<bool> records_to_skip(const std::uint8_t* data, std::size_t size,
                                  const std::vector<std::uint64_t>& record_offsets,
                                  const std::vector<std::uint64_t>& record_ids,
                                  const std::function<bool(std::string_view, std::uint32_t)>& want);

}  // namespace evtxdiag::scan
