#pragma once
// Where the live and the recovered records of one read meet: counting, de-duplication,
// filtering and delivery of decoded records, in read order (EvtxReader::read).
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "evtxdiag/reader.hpp"
#include "format/record_locator.hpp"
#include "reader/record_decoding.hpp"

namespace evtxdiag::reader {

class RecordMerger {
 public:
  RecordMerger(ReadSummary& summary, const ReadOptions& options, const std::function<void(Event&&)>& sink,
               const std::vector<evtx::LocatedRecord>& located)
      : summary_(summary), options_(options), sink_(sink), located_(located) {}

  /// Which walked live record `record` is (by its offset), or nullptr.
  const evtx::LocatedRecord* walked(const DecodedRecord& record) const;

  /// `prepared`: ReadOptions::prepare already ran on the record's event (on a worker).
  void add(DecodedRecord&& record, RecordOrigin origin, bool prepared = false);

 private:
  bool duplicate_recovered(const Event& event, std::uint64_t hash);

  ReadSummary& summary_;
  const ReadOptions& options_;
  const std::function<void(Event&&)>& sink_;
  const std::vector<evtx::LocatedRecord>& located_;
  // By record id: (content hash, written time) of every record delivered so far.
  using Seen = std::unordered_map<std::uint64_t, std::vector<std::pair<std::uint64_t, std::uint64_t>>>;
  Seen live_content_;
  Seen recovered_content_;
};

}  // namespace evtxdiag::reader
