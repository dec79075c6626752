#include "scan/prefilter.hpp"

#include <algorithm>
#include <tuple>

namespace evtxdiag::scan {

bool SkipDecider::unwanted(const std::string& provider, std::uint32_t event_id) {
  // A log holds few distinct (provider, id) pairs: ask `want` once per pair.
  auto& ids = wanted_[provider];
  auto known = ids.find(event_id);
  if (known == ids.end()) known = ids.emplace(event_id, want_(provider, event_id)).first;
  return !known->second;
}

void SkipDecider::decide_chunk(const ScannedChunk& chunk, const evtx::LocatedRecord* records, std::size_t count,
                               std::vector<bool>& skip) {
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
    const auto found =
        std::lower_bound(scanned.begin(), scanned.end(), std::make_tuple(records[i].offset, std::uint64_t{0}, false));
    skip.push_back(found != scanned.end() && std::get<0>(*found) == records[i].offset &&
                   std::get<1>(*found) == records[i].record_id && std::get<2>(*found));
  }
}

}  // namespace evtxdiag::scan
