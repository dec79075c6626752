#pragma once
// ReadOptions::want support for the reader (issue 10): which records need no decoding at all
// because the fast scan understood their chunk and the caller does not want their
// (provider, event id). Records of chunks the scan does not understand are never skipped.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace evtxdiag::scan {

/// For each record signature offset in `record_offsets` (file offsets, any order), true when
/// the record lies in a chunk the scan understood, the scan listed it at that offset with the
/// same record id (`record_ids`, parallel to the offsets), and `want(provider, event_id)` is false.
std::vector<bool> records_to_skip(const std::uint8_t* data, std::size_t size,
                                  const std::vector<std::uint64_t>& record_offsets,
                                  const std::vector<std::uint64_t>& record_ids,
                                  const std::function<bool(std::string_view, std::uint32_t)>& want);

}  // namespace evtxdiag::scan
