#include "reader/recovered_records.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace evtxdiag::reader {
namespace {

using Key = std::pair<std::uint64_t, std::uint64_t>;  // (record id, written time)

// Pairs libevtx's recovered list with the carver's candidates (see the header).
class Pairing {
 public:
  Pairing(const std::vector<carve::Candidate>& candidates, const std::vector<evtx::LocatedRecord>& located,
          std::uint64_t libevtx_count)
      : candidates_(candidates), located_(located), consumed_(candidates.size(), false) {
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (!candidates[i].libevtx_visible) continue;
      visible_.push_back(i);
      by_key_[{candidates[i].record_id, candidates[i].written_time}].push_back(i);
    }
    // Without a record id to check (libevtx failed to fetch the record), the position alone is
    // trusted only when both lists have the same length.
    same_length_ = libevtx_count == visible_.size();
  }

  std::int64_t locate(std::uint64_t index, const RecordFetch& fetched) {
    if (index < visible_.size()) {
      const std::size_t at = visible_[index];
      const carve::Candidate& c = candidates_[at];
      const bool same =
          fetched.ok ? c.record_id == fetched.record_id && c.written_time == fetched.written_time : same_length_;
      if (same && !consumed_[at]) return take(at);
    }
    if (!fetched.ok) return -1;
    if (const auto found = by_key_.find({fetched.record_id, fetched.written_time}); found != by_key_.end())
      for (const std::size_t at : found->second)
        if (!consumed_[at]) return take(at);
    // libevtx reads a whole chunk as recovered when it lies past the header's chunk count of a
    // file that is not dirty: those records are live records of the structural walk.
    if (located_by_key_.empty())
      for (const evtx::LocatedRecord& record : located_)
        located_by_key_.emplace(Key{record.record_id, record.written_time}, record.offset);
    const auto live = located_by_key_.find({fetched.record_id, fetched.written_time});
    return live == located_by_key_.end() ? -1 : static_cast<std::int64_t>(live->second);
  }

  bool consumed(std::size_t candidate) const { return consumed_[candidate]; }

 private:
  std::int64_t take(std::size_t at) {
    consumed_[at] = true;
    return static_cast<std::int64_t>(candidates_[at].file_offset);
  }

  const std::vector<carve::Candidate>& candidates_;
  const std::vector<evtx::LocatedRecord>& located_;
  std::vector<bool> consumed_;
  std::vector<std::size_t> visible_;
  std::map<Key, std::vector<std::size_t>> by_key_;
  std::multimap<Key, std::uint64_t> located_by_key_;
  bool same_length_ = false;
};

Diagnostic fragment_warning(const carve::Candidate& candidate, const std::string& file_name) {
  Diagnostic d;
  d.severity = Severity::warning;
  d.kind = DiagnosticKind::recovered_fragment;
  d.file = file_name;
  d.chunk_index = candidate.chunk_index;
  d.offset = static_cast<std::int64_t>(candidate.file_offset);
  if (candidate.record_id != 0) d.record_id = candidate.record_id;
  d.message = "recovered record: " + candidate.reason;
  return d;
}

// libevtx renders a slack record through whatever template definition lies at the offset the
// record names, even when newer records have overwritten it (seen in the samples: the bytes
// there start another template's GUID). The built-in decoder checks the template id and name
// hashes; when it finds the reference overwritten, the event libevtx produced is flagged.
std::optional<Diagnostic> doubt_libevtx_event(const Event& event, RecordDecoding& decoding, std::uint64_t index) {
  if (event.decoder != DecoderKind::libevtx || event.file_offset < 0) return std::nullopt;
  DecodedRecord check =
      decoding.decode_builtin_record(RecordOrigin::recovered, static_cast<std::uint64_t>(event.file_offset), index);
  if (!check.failure || check.failure->message.find("overwritten") == std::string::npos) return std::nullopt;
  Diagnostic d = std::move(*check.failure);
  d.severity = Severity::warning;
  d.kind = DiagnosticKind::recovered_doubtful;
  const std::string_view prefix = "recovered record: ";
  std::string why = d.message.rfind(prefix, 0) == 0 ? d.message.substr(prefix.size()) : d.message;
  d.message = "recovered record decoded by libevtx, but its values may be wrong (" + why + ")";
  return d;
}

// Whether `offset` is a walked live record: after damage in a chunk, libevtx's recovery scan
// and the carver see live records the walk resynchronised to (the live pass returns them).
bool is_live(const std::vector<evtx::LocatedRecord>& located, std::uint64_t offset) {
  const auto at = std::lower_bound(located.begin(), located.end(), offset,
                                   [](const evtx::LocatedRecord& r, std::uint64_t o) { return r.offset < o; });
  return at != located.end() && at->offset == offset;
}

std::uint64_t order_key(const DecodedRecord& record) {
  std::int64_t offset = -1;
  if (record.event)
    offset = record.event->file_offset;
  else if (record.failure && record.failure->offset)
    offset = *record.failure->offset;
  return offset < 0 ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(offset);
}

}  // namespace

RecoveredResult read_recovered(const std::vector<carve::Candidate>& candidates,
                               const std::vector<evtx::LocatedRecord>& located, LibevtxFile* libevtx_file,
                               RecordDecoding& decoding, const ReadOptions& options, const std::string& file_name) {
  RecoveredResult result;
  const std::uint64_t libevtx_count = libevtx_file && options.decoder != DecoderChoice::builtin_only
                                          ? libevtx_file->record_count(RecordOrigin::recovered)
                                          : 0;
  Pairing pairing(candidates, located, libevtx_count);
  std::vector<std::pair<std::uint64_t, DecodedRecord>> ordered;
  if (libevtx_count > 0) {
    decoding.set_recovered_locator(
        [&pairing](std::uint64_t index, const RecordFetch& fetched) { return pairing.locate(index, fetched); });
    for (std::uint64_t index = 0; index < libevtx_count; ++index) {
      DecodedRecord record = decoding.decode_libevtx_record(RecordOrigin::recovered, index);
      const std::uint64_t key = order_key(record);
      if (is_live(located, key)) continue;
      ++result.found;
      if (record.event && options.decoder == DecoderChoice::automatic)
        if (auto doubt = doubt_libevtx_event(*record.event, decoding, index))
          result.doubtful.push_back(std::move(*doubt));
      ordered.emplace_back(key, std::move(record));
    }
    decoding.set_recovered_locator(nullptr);
  }
  // What libevtx did not list: with libevtx only, nothing more is read.
  if (options.decoder != DecoderChoice::libevtx_only) {
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const carve::Candidate& candidate = candidates[i];
      if (pairing.consumed(i) || is_live(located, candidate.file_offset)) continue;
      if (!candidate.intact) {
        result.fragments.push_back(fragment_warning(candidate, file_name));
        continue;
      }
      ++result.found;
      DecodedRecord record = decoding.decode_builtin_record(RecordOrigin::recovered, candidate.file_offset, 0);
      if (record.failure) record.failure->record_index.reset();  // not in libevtx's list
      ordered.emplace_back(candidate.file_offset, std::move(record));
    }
  }
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  result.records.reserve(ordered.size());
  for (auto& entry : ordered) result.records.push_back(std::move(entry.second));
  return result;
}

}  // namespace evtxdiag::reader
