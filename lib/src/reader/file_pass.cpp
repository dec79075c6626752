#include "reader/file_pass.hpp"

#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>

#include "core/ordered_batches.hpp"
#include "format/format.hpp"
#include "scan/prefilter.hpp"
#include "scan/scan.hpp"

namespace evtxdiag::reader {
namespace {

// Chunks per unit of work (512 KiB): large enough that handing a batch over costs little,
// small enough that two threads share a 16 MB log evenly.
constexpr std::uint64_t kChunksPerBatch = 8;
// Every this many batches (8 MiB of chunks) the mapped pages read so far leave the resident set.
constexpr std::size_t kBatchesBetweenReleases = 16;

// What a worker learnt about one batch of chunks.
struct BatchResult {
  std::vector<evtx::LocatedRecord> located;
  std::vector<evtx::ChunkWalk> walks;       ///< one per chunk; record ranges index `located`
  std::vector<scan::ScannedChunk> scanned;  ///< one per chunk, when scanning
  std::vector<carve::Candidate> candidates;
};

}  // namespace

FilePass run_file_pass(const InputBytes& bytes, const std::function<bool(std::string_view, std::uint32_t)>& want,
                       bool carve, unsigned threads, const std::string& name) {
  const std::uint8_t* data = bytes.data();
  const std::size_t size = bytes.size();
  const std::uint64_t chunks = evtx::whole_chunks(size);
  const std::size_t batch_count = static_cast<std::size_t>((chunks + kChunksPerBatch - 1) / kChunksPerBatch);
  const bool scanning = static_cast<bool>(want);

  FilePass pass;
  scan::SkipDecider decider(want);
  const auto produce = [&](unsigned /*worker*/, std::size_t batch) {
    BatchResult result;
    const std::uint64_t first = batch * kChunksPerBatch;
    const std::uint64_t last = std::min(chunks, first + kChunksPerBatch);
    for (std::uint64_t chunk = first; chunk < last; ++chunk) {
      result.walks.push_back(evtx::walk_chunk(data, size, chunk, result.located, bytes.real_size()));
      if (scanning) result.scanned.push_back(scan::scan_chunk(data, size, chunk));
      if (carve) {
        std::vector<carve::Candidate> found = carve::carve_chunk(data, size, chunk);
        result.candidates.insert(result.candidates.end(), std::make_move_iterator(found.begin()),
                                 std::make_move_iterator(found.end()));
      }
    }
    return result;
  };
  const auto note_time = [&pass](Timestamp t) {
    if (!t.valid()) return;
    if (!pass.earliest.valid() || t < pass.earliest) pass.earliest = t;
    if (!pass.latest.valid() || pass.latest < t) pass.latest = t;
  };
  const auto consume = [&](std::size_t batch, BatchResult&& result) {
    if (scanning) {
      for (std::size_t i = 0; i < result.walks.size(); ++i) {
        const std::size_t begin = result.walks[i].records_begin;
        const std::size_t end = result.walks[i].records_end;
        decider.decide_chunk(result.scanned[i], result.located.data() + begin, end - begin, pass.skip);
        if (result.scanned[i].understood) {
          for (const scan::ScannedRecord& record : result.scanned[i].records) note_time(record.time_created);
        } else {
          for (std::size_t k = begin; k < end; ++k) note_time(Timestamp{result.located[k].written_time});
          pass.times_from_headers += end - begin;
        }
      }
    }
    const std::size_t shift = pass.located.size();
    for (evtx::ChunkWalk& walk : result.walks) {
      walk.records_begin += shift;
      walk.records_end += shift;
      pass.walks.push_back(std::move(walk));
    }
    pass.located.insert(pass.located.end(), result.located.begin(), result.located.end());
    pass.candidates.insert(pass.candidates.end(), std::make_move_iterator(result.candidates.begin()),
                           std::make_move_iterator(result.candidates.end()));
    if (batch % kBatchesBetweenReleases == kBatchesBetweenReleases - 1) bytes.release_resident_pages();
  };
  core::run_ordered_batches<BatchResult>(
      batch_count, threads, 2 * threads, [](unsigned) { return true; }, produce, consume);
  mark_duplicates(data, pass.located, pass.walks);
  const std::optional<evtx::FileHeaderFacts> header = evtx::read_file_header(data, bytes.real_size());
  if (header) pass.accounting = account_records({name, *header, bytes.real_size(), pass.walks, pass.located});
  bytes.release_resident_pages();
  return pass;
}

std::vector<std::uint64_t> chunks_for_libevtx(const FilePass& pass, const FileInfo& info, std::uint64_t chunks) {
  // Start from "needed"; a chunk becomes unneeded only when it has walked records and all of
  // them are skipped.
  std::vector<char> has_records(chunks, 0), has_wanted(chunks, 0);
  for (std::size_t i = 0; i < pass.located.size(); ++i) {
    const std::uint64_t chunk = pass.located[i].chunk_index;
    if (chunk >= chunks) continue;
    has_records[chunk] = 1;
    if (pass.skip.size() != pass.located.size() || !pass.skip[i]) has_wanted[chunk] = 1;
  }
  // Chunks with damage or duplicates: their records may not be where libevtx lists them.
  for (const evtx::ChunkWalk& walk : pass.walks)
    if (walk.index < chunks && (!walk.damage.empty() || walk.state != evtx::ChunkState::records))
      has_wanted[walk.index] = 1;
  for (const evtx::LocatedRecord& record : pass.located)
    if (record.duplicate && record.chunk_index < chunks) has_wanted[record.chunk_index] = 1;
  for (const carve::Candidate& c : pass.candidates)
    if (c.chunk_index < chunks) has_wanted[c.chunk_index] = 1;
  std::vector<std::uint64_t> keep;
  for (std::uint64_t chunk = 0; chunk < chunks; ++chunk) {
    const bool read_as_recovered = !info.dirty && chunk >= info.header_chunk_count;
    if (!has_records[chunk] || has_wanted[chunk] || read_as_recovered) keep.push_back(chunk);
  }
  return keep;
}

}  // namespace evtxdiag::reader
