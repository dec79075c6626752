#include "scan/prefilter.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "evtx/format.hpp"
#include "scan/scan.hpp"

namespace evtxdiag::scan {

bool SkipDecider::unwanted(const std::string& provider, std::uint32_t event_id) {
  // A log holds few distinct (provider, id) pairs: ask `want` once per pair.
  auto& ids = wanted_[provider];
  auto known = ids.find(event_id);
  if (known == ids.end()) known = ids.emplace(event_id, want_(provider, event_id)).first;
  return !known->second;
}

void SkipDecider::decide_chunk(const std::uint8_t* data, std::size_t size, std::uint64_t chunk_index,
                               const std::uint64_t* record_offsets, const std::uint64_t* record_ids,
                               std::size_t count, std::vector<bool>& skip) {
  if (!want_ || count == 0) {
    skip.insert(skip.end(), count, false);
    return;
  }
  decide_scanned(scan_chunk(data, size, chunk_index), record_offsets, record_ids, count, skip);
}

void SkipDecider::decide_scanned(const ScannedChunk& chunk, const std::uint64_t* record_offsets,
                                 const std::uint64_t* record_ids, std::size_t count, std::vector<bool>& skip) {
  if (!want_ || count == 0) {
    skip.insert(skip.end(), count, false);
    return;
  }
  // (file offset, record id, unwanted) of the chunk's scanned records, by offset.
  std::vector<std::tuple<std::uint64_t, std::uint64_t, bool>> scanned;
  if (chunk.understood) {
    scanned.reserve(chunk.records.size());
    for (const ScannedRecord& record : chunk.records)
      scanned.emplace_back(record.file_offset, record.record_id, unwanted(record.provider, record.event_id));
    std::sort(scanned.begin(), scanned.end());
  }
  for (std::size_t i = 0; i < count; ++i) {
    const auto found = std::lower_bound(scanned.begin(), scanned.end(), std::make_tuple(record_offsets[i], std::uint64_t{0}, false));
    skip.push_back(found != scanned.end() && std::get<0>(*found) == record_offsets[i] &&
                   std::get<1>(*found) == record_ids[i] && std::get<2>(*found));
  }
}

std::vector<bool> records_to_skip(const std::uint8_t* data, std::size_t size,
                                  const std::vector<std::uint64_t>& record_offsets,
                                  const std::vector<std::uint64_t>& record_ids,
                                  const std::function<bool(std::string_view, std::uint32_t)>& want) {
  std::vector<bool> skip(record_offsets.size(), false);
  if (!want || record_ids.size() != record_offsets.size()) return skip;
  // The records of each chunk (in any order) go to the decider together.
  std::map<std::uint64_t, std::vector<std::size_t>> by_chunk;
  for (std::size_t i = 0; i < record_offsets.size(); ++i) {
    if (record_offsets[i] < evtx::kFileHeaderBlockSize) continue;  // no chunk: never skipped
    by_chunk[(record_offsets[i] - evtx::kFileHeaderBlockSize) / evtx::kChunkSize].push_back(i);
  }
  SkipDecider decider(want);
  for (const auto& [chunk_index, indices] : by_chunk) {
    std::vector<std::uint64_t> offsets, ids;
    for (const std::size_t i : indices) {
      offsets.push_back(record_offsets[i]);
      ids.push_back(record_ids[i]);
    }
    std::vector<bool> decided;
    decider.decide_chunk(data, size, chunk_index, offsets.data(), ids.data(), indices.size(), decided);
    for (std::size_t k = 0; k < indices.size(); ++k) skip[indices[k]] = decided[k];
  }
  return skip;
}

}  // namespace evtxdiag::scan
