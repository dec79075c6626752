#pragma once
// Live records that only evtxdiag's structural walk reaches (issue 21): those after a damaged
// record (libevtx's live list of a chunk stops there), in a chunk whose signature is
// overwritten or that lies past the file header's chunk count of a file that is not dirty
// (libevtx lists neither as live), and records whose size field is wrong (repaired by the walk).
//
// Each is decoded from a one-chunk copy of its chunk, repaired as the walk found it (the chunk
// signature restored, wrong size fields replaced by the real sizes): libevtx over that copy
// first (its live list, or its recovery scan for records after damage it cannot pass), then the
// built-in decoder, then the record header alone (Event::payload_lost). The copy is made once
// per chunk; results carry the record's real offset in the file.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "evtxdiag/reader.hpp"
#include "format/record_locator.hpp"
#include "reader/record_decoding.hpp"

namespace evtxdiag::reader {

class WalkedRecordDecoder {
 public:
  /// `data`/`size`: the whole (padded) file, whose real bytes end at `data_end`; `located`: the
  /// walk. All must outlive this object.
  WalkedRecordDecoder(const std::uint8_t* data, std::size_t size, std::uint64_t data_end, std::string name,
                      const std::vector<evtx::LocatedRecord>& located, const ReadOptions& options);
  ~WalkedRecordDecoder();
  WalkedRecordDecoder(const WalkedRecordDecoder&) = delete;
  WalkedRecordDecoder& operator=(const WalkedRecordDecoder&) = delete;

  /// Decodes walked record `index` (a live record). Records must come in file order.
  DecodedRecord decode(std::size_t index);

 private:
  struct RepairedChunk;
  RepairedChunk& chunk_of(std::uint64_t chunk);

  const std::uint8_t* data_;
  std::size_t size_;
  std::uint64_t data_end_;
  std::string name_;
  const std::vector<evtx::LocatedRecord>& located_;
  const ReadOptions& options_;
  std::unique_ptr<RepairedChunk> current_;
};

/// Whether walked record `record` can only be decoded from a repaired copy of its chunk.
bool needs_repaired_chunk(const evtx::LocatedRecord& record, const std::vector<evtx::ChunkWalk>& walks);

}  // namespace evtxdiag::reader
