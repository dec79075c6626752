#include "scan/prefilter.hpp"

#include <string>
#include <unordered_map>

#include "scan/scan.hpp"

namespace evtxdiag::scan {

std::vector<bool> records_to_skip(const std::uint8_t* data, std::size_t size,
                                  const std::vector<std::uint64_t>& record_offsets,
                                  const std::vector<std::uint64_t>& record_ids,
                                  const std::function<bool(std::string_view, std::uint32_t)>& want) {
  std::vector<bool> skip(record_offsets.size(), false);
  if (!want || record_ids.size() != record_offsets.size()) return skip;
  // Decide per scanned record once: file offset -> (record id, unwanted).
  std::unordered_map<std::uint64_t, std::pair<std::uint64_t, bool>> unwanted;
  // A log holds few distinct (provider, id) pairs: ask `want` once per pair.
  std::unordered_map<std::string, std::unordered_map<std::uint32_t, bool>> wanted;
  const ScanResult scan = scan_file(data, size);
  for (const ScannedChunk& chunk : scan.chunks) {
    if (!chunk.understood) continue;
    for (const ScannedRecord& record : chunk.records) {
      auto& ids = wanted[record.provider];
      auto known = ids.find(record.event_id);
      if (known == ids.end()) known = ids.emplace(record.event_id, want(record.provider, record.event_id)).first;
      unwanted.emplace(record.file_offset, std::make_pair(record.record_id, !known->second));
    }
  }
  for (std::size_t i = 0; i < record_offsets.size(); ++i) {
    const auto found = unwanted.find(record_offsets[i]);
    skip[i] = found != unwanted.end() && found->second.first == record_ids[i] && found->second.second;
  }
  return skip;
}

}  // namespace evtxdiag::scan
