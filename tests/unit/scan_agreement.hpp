#pragma once
// Shared by the scan-vs-libevtx agreement tests (synthetic files and every sample file): the
// scan's (record id, provider, event id) against what libevtx decodes at the same offset.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "evtxdiag/reader.hpp"
#include "format/format.hpp"
#include "scan/scan.hpp"

namespace evtxdiag_test {

struct Agreement {
  std::size_t compared = 0;  // records compared (understood chunks)
  std::size_t not_understood_chunks = 0;
  std::vector<std::string> disagreements;
};

inline Agreement compare_with_libevtx(const std::vector<std::uint8_t>& bytes, const std::string& name) {
  Agreement agreement;
  evtxdiag::ReadOptions options;
  options.decoder = evtxdiag::DecoderChoice::libevtx_only;
  std::map<std::uint64_t, std::tuple<std::uint64_t, std::string, std::uint32_t>> libevtx;  // by file offset
  evtxdiag::EvtxReader reader = evtxdiag::EvtxReader::open_buffer(bytes, name);
  reader.read(options, [&](evtxdiag::Event&& e) {
    libevtx[static_cast<std::uint64_t>(e.file_offset)] = {e.record_number, e.provider_name, e.event_id};
  });
  const evtxdiag::scan::ScanResult scan = evtxdiag::scan::scan_file(bytes.data(), bytes.size());
  for (const auto& chunk : scan.chunks) {
    if (!chunk.understood) {
      if (!chunk.unused) ++agreement.not_understood_chunks;
      continue;
    }
    for (const auto& record : chunk.records) {
      const auto found = libevtx.find(record.file_offset);
      if (found == libevtx.end()) continue;  // libevtx could not decode it: nothing to compare
      ++agreement.compared;
      const auto& [id, provider, event_id] = found->second;
      if (id != record.record_id || provider != record.provider || event_id != record.event_id)
        agreement.disagreements.push_back(name + " @" + std::to_string(record.file_offset) + ": scan (" +
                                          std::to_string(record.record_id) + ", " + record.provider + ", " +
                                          std::to_string(record.event_id) + ") libevtx (" + std::to_string(id) + ", " +
                                          provider + ", " + std::to_string(event_id) + ")");
    }
    // Every libevtx record inside this chunk must be one the scan listed.
    const auto begin = libevtx.lower_bound(chunk.file_offset);
    const auto end = libevtx.lower_bound(chunk.file_offset + evtxdiag::evtx::kChunkSize);
    std::size_t listed = 0;
    for (auto it = begin; it != end; ++it) ++listed;
    if (listed > chunk.records.size())
      agreement.disagreements.push_back(name + " chunk " + std::to_string(chunk.index) + ": libevtx has " +
                                        std::to_string(listed) + " records, scan " +
                                        std::to_string(chunk.records.size()));
  }
  return agreement;
}

inline std::vector<std::uint8_t> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace evtxdiag_test
