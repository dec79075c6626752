#pragma once
// ReadOptions::want support for the reader: which records need no decoding at all
// because the fast scan understood their chunk and the caller does not want their
// (provider, event id). Records of chunks the scan does not understand are never skipped.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "format/record_locator.hpp"
#include "scan/scan.hpp"

namespace evtxdiag::scan {

/// The pre-filter one chunk at a time, so that a reader can walk a large file chunk by chunk
/// (holding one chunk's scan, not the whole file's) and scan chunks on other threads: only
/// decide_chunk() asks `want`, once per (provider, event id), on the thread that owns the decider.
class SkipDecider {
 public:
  explicit SkipDecider(std::function<bool(std::string_view, std::uint32_t)> want) : want_(std::move(want)) {}

  /// Appends to `skip` one flag per walked record of `records` (`count` entries, all in the
  /// scanned chunk): true when the scan understood the chunk, listed a record at that offset
  /// with the same record id, and `want` refuses it.
  void decide_chunk(const ScannedChunk& chunk, const evtx::LocatedRecord* records, std::size_t count,
                    std::vector<bool>& skip);

 private:
  bool unwanted(const std::string& provider, std::uint32_t event_id);

  std::function<bool(std::string_view, std::uint32_t)> want_;
  std::unordered_map<std::string, std::unordered_map<std::uint32_t, bool>> wanted_;
};

}  // namespace evtxdiag::scan
