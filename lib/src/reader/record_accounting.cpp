#include "reader/record_accounting.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>
#include <set>

#include "format/format.hpp"

namespace evtxdiag::reader {
namespace {

struct Interval {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
};

std::vector<Interval> merged(std::vector<Interval> intervals) {
  std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) { return a.first < b.first; });
  std::vector<Interval> out;
  for (const Interval& i : intervals) {
    if (!out.empty() && i.first <= out.back().last + 1) {
      out.back().last = std::max(out.back().last, i.last);
    } else {
      out.push_back(i);
    }
  }
  return out;
}

std::uint64_t count_of(const std::vector<Interval>& intervals) {
  std::uint64_t n = 0;
  for (const Interval& i : intervals) n += i.last - i.first + 1;
  return n;
}

std::string hex(std::uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
  return buffer;
}

std::string ids_text(const Interval& run) {
  if (run.first == run.last) return "record " + std::to_string(run.first);
  return "records " + std::to_string(run.first) + "-" + std::to_string(run.last) + " (" +
         std::to_string(run.last - run.first + 1) + ")";
}

std::uint64_t chunk_offset(std::uint64_t chunk) { return evtx::kFileHeaderBlockSize + chunk * evtx::kChunkSize; }

// Ranges of consecutive ids among a chunk's non-duplicate records.
std::vector<Interval> runs_of_ids(const std::vector<evtx::LocatedRecord>& located, std::size_t begin, std::size_t end) {
  std::vector<Interval> runs;
  for (std::size_t i = begin; i < end; ++i)
    if (!located[i].duplicate) runs.push_back({located[i].record_id, located[i].record_id});
  return merged(std::move(runs));
}

// The accounting of one file, step by step (see the header).
class Accountant {
 public:
  explicit Accountant(const AccountingInput& in) : in_(in) {
    present_chunks_ = in.walks.size();
    std::uint64_t last_used = 0;
    for (const evtx::ChunkWalk& w : in.walks)
      if (walked(w)) last_used = w.index + 1;
    // The chunks the log has used: those the file header counts (unless it says no record was
    // ever written) and any later one holding records (a dirty file's header lags behind).
    const std::uint64_t counted = in.header.next_record_id <= 1 ? 0 : in.header.header_chunk_count;
    used_chunks_ = std::max<std::uint64_t>(std::min<std::uint64_t>(counted, present_chunks_), last_used);
    all_duplicate_.assign(present_chunks_, false);
    for (const evtx::ChunkWalk& w : in.walks) {
      bool any = false, all = true;
      for (std::size_t i = w.records_begin; i < w.records_end; ++i) {
        any = true;
        all = all && in.located[i].duplicate;
      }
      all_duplicate_[w.index] = any && all;
    }
  }

  AccountingResult run() {
    // What the chunks hold (walked ids) and promise (their header ranges).
    std::vector<Interval> known, found;
    for (const evtx::ChunkWalk& w : in_.walks) {
      if (!walked(w)) continue;
      for (const Interval& run : runs_of_ids(in_.located, w.records_begin, w.records_end)) {
        known.push_back(run);
        found.push_back(run);
      }
      if (w.header_plausible && w.first_id != evtx::kNoRecordId) known.push_back({w.first_id, w.last_id});
    }
    known = merged(std::move(known));
    found = merged(std::move(found));
    std::vector<Interval> promised = known;
    // Gaps between what the chunks hold: records that were there, when chunks could have held them.
    const std::uint64_t room = evtx::kMaxRecordsPerChunk * (1 + unreadable_used_chunks() + chunks_missing_from_file());
    for (std::size_t i = 1; i < known.size(); ++i) {
      const Interval gap{known[i - 1].last + 1, known[i].first - 1};
      if (gap.last - gap.first + 1 <= room) {
        promised.push_back(gap);
      } else {
        note(warning(DiagnosticKind::file_damage,
                     "record ids jump from " + std::to_string(known[i - 1].last) + " to " +
                         std::to_string(known[i].first) +
                         ", more than the missing chunks could hold: not counted as missing"));
      }
    }
    // The newest records, in chunks the file header lists but the file does not hold.
    if (!known.empty() && chunks_missing_from_file() > 0 && in_.header.next_record_id > known.back().last + 1) {
      const Interval tail{known.back().last + 1, in_.header.next_record_id - 1};
      if (tail.last - tail.first + 1 <= evtx::kMaxRecordsPerChunk * (1 + chunks_missing_from_file())) {
        promised.push_back(tail);
        tail_ = tail;
      }
    }
    promised = merged(std::move(promised));
    result_.counts.records_promised = count_of(promised);
    result_.counts.records_missing = result_.counts.records_promised - count_of(found);
    for (std::size_t i = 0; i < in_.located.size(); ++i)
      if (!in_.located[i].duplicate) by_id_.emplace_back(in_.located[i].record_id, i);
    std::sort(by_id_.begin(), by_id_.end());
    for (const Interval& run : difference(promised, found))
      for (const Interval& piece : pieces(run)) report_missing(piece);
    report_damage();
    result_.counts.damaged_chunks = damaged_.size();
    std::stable_sort(
        result_.diagnostics.begin(), result_.diagnostics.end(),
        [](const Diagnostic& a, const Diagnostic& b) { return a.offset.value_or(-1) < b.offset.value_or(-1); });
    return std::move(result_);
  }

 private:
  static bool walked(const evtx::ChunkWalk& w) {
    return w.state == evtx::ChunkState::records || w.state == evtx::ChunkState::signature_damaged;
  }
  // A chunk among the used ones that holds none of the log's records any more.
  bool lost_chunk(std::uint64_t chunk) const {
    if (chunk >= present_chunks_ || chunk >= used_chunks_) return false;
    const evtx::ChunkWalk& w = in_.walks[chunk];
    return !walked(w) || all_duplicate_[chunk];
  }
  std::uint64_t unreadable_used_chunks() const {
    std::uint64_t n = 0;
    for (std::uint64_t c = 0; c < used_chunks_ && c < present_chunks_; ++c) n += lost_chunk(c) ? 1 : 0;
    return n;
  }
  std::uint64_t chunks_missing_from_file() const {
    return in_.header.header_chunk_count > present_chunks_ ? in_.header.header_chunk_count - present_chunks_ : 0;
  }

  static std::vector<Interval> difference(const std::vector<Interval>& whole, const std::vector<Interval>& part) {
    std::vector<Interval> out;
    std::size_t j = 0;
    for (const Interval& w : whole) {
      std::uint64_t from = w.first;
      while (j < part.size() && part[j].last < from) ++j;
      for (std::size_t k = j; k < part.size() && part[k].first <= w.last; ++k) {
        if (part[k].first > from) out.push_back({from, part[k].first - 1});
        if (part[k].last >= w.last) {
          from = w.last + 1;
          break;
        }
        from = part[k].last + 1;
      }
      if (from <= w.last && from >= w.first) out.push_back({from, w.last});
    }
    return out;
  }

  Diagnostic warning(DiagnosticKind kind, std::string message) const {
    Diagnostic d;
    d.severity = Severity::warning;
    d.kind = kind;
    d.file = in_.file_name;
    d.message = std::move(message);
    return d;
  }
  void note(Diagnostic d) {
    if (d.chunk_index) damaged_.insert(*d.chunk_index);
    result_.diagnostics.push_back(std::move(d));
  }

  // The non-duplicate walked record with the largest id below `id` (or smallest above).
  std::optional<std::size_t> neighbour(std::uint64_t id, bool before) const {
    const auto at = std::lower_bound(by_id_.begin(), by_id_.end(), std::make_pair(id, std::size_t{0}));
    if (before) {
      if (at == by_id_.begin()) return std::nullopt;
      return std::prev(at)->second;
    }
    const auto next = std::upper_bound(by_id_.begin(), by_id_.end(), std::make_pair(id, in_.located.size()));
    if (next == by_id_.end()) return std::nullopt;
    return next->second;
  }

  // Splits a missing run where one chunk header's range, a gap between chunks or the tail
  // begins or ends, so that each piece has one place to be reported.
  std::vector<Interval> pieces(const Interval& run) const {
    std::set<std::uint64_t> cuts;
    for (const evtx::ChunkWalk& w : in_.walks)
      if (walked(w) && w.first_id != evtx::kNoRecordId) {
        cuts.insert(w.first_id);
        cuts.insert(w.last_id + 1);
      }
    if (tail_) cuts.insert(tail_->first);
    std::vector<Interval> out;
    std::uint64_t from = run.first;
    for (auto c = cuts.upper_bound(run.first); c != cuts.end() && *c <= run.last; ++c) {
      out.push_back({from, *c - 1});
      from = *c;
    }
    out.push_back({from, run.last});
    return out;
  }

  // The lost chunks strictly between chunk `from` and chunk `to` in the log's circular order
  // (to = nullopt: up to the last used chunk).
  std::vector<std::uint64_t> lost_between(std::optional<std::uint64_t> from, std::optional<std::uint64_t> to) const {
    std::vector<std::uint64_t> lost;
    if (used_chunks_ == 0) return lost;
    std::uint64_t c = from ? (*from + 1) % used_chunks_ : 0;
    for (std::uint64_t steps = 0; steps < used_chunks_; ++steps, c = (c + 1) % used_chunks_) {
      if (to && c == *to) break;
      if (lost_chunk(c)) lost.push_back(c);
      if (!to && c + 1 == used_chunks_) break;
    }
    return lost;
  }

  void report_missing(const Interval& run) {
    Diagnostic d;
    d.severity = Severity::error;
    d.kind = DiagnosticKind::records_missing;
    d.file = in_.file_name;
    d.record_id = run.first;
    const std::optional<std::size_t> before = neighbour(run.first, true);
    const std::optional<std::size_t> after = neighbour(run.last, false);
    const std::string missing = ids_text(run) + " missing: ";
    const auto end_of = [](const evtx::LocatedRecord& r) {
      return r.offset + (r.shape == evtx::RecordShape::damaged ? 0 : r.size);
    };
    // Inside one chunk: the damaged range between its neighbours.
    if (before && after && in_.located[*before].chunk_index == in_.located[*after].chunk_index) {
      const evtx::LocatedRecord& a = in_.located[*before];
      const evtx::LocatedRecord& b = in_.located[*after];
      d.chunk_index = a.chunk_index;
      d.offset = static_cast<std::int64_t>(end_of(a));
      d.length = b.offset - end_of(a);
      d.message = missing + "their bytes between record " + std::to_string(a.record_id) + " and record " +
                  std::to_string(b.record_id) + " are damaged" + damage_why(a.chunk_index, end_of(a), b.offset);
      note(std::move(d));
      return;
    }
    // At the end of a chunk whose header lists them.
    if (before) {
      const evtx::LocatedRecord& a = in_.located[*before];
      const evtx::ChunkWalk& w = in_.walks[a.chunk_index];
      if (w.last_id != evtx::kNoRecordId && run.last <= w.last_id && run.first >= w.first_id) {
        d.chunk_index = a.chunk_index;
        d.offset = static_cast<std::int64_t>(end_of(a));
        d.length = chunk_offset(a.chunk_index + 1) - end_of(a);
        d.message = missing + "the chunk header lists records " + std::to_string(w.first_id) + "-" +
                    std::to_string(w.last_id) + ", the chunk holds them up to record " + std::to_string(a.record_id) +
                    damage_why(a.chunk_index, end_of(a), chunk_offset(a.chunk_index + 1));
        note(std::move(d));
        return;
      }
    }
    // Between chunks: the lost chunks between the neighbours' chunks.
    const std::vector<std::uint64_t> lost =
        before || after
            ? lost_between(before ? std::optional<std::uint64_t>(in_.located[*before].chunk_index) : std::nullopt,
                           after ? std::optional<std::uint64_t>(in_.located[*after].chunk_index) : std::nullopt)
            : std::vector<std::uint64_t>{};
    if (!lost.empty() && !(tail_ && run.first >= tail_->first)) {
      d.chunk_index = lost.front();
      d.offset = static_cast<std::int64_t>(chunk_offset(lost.front()));
      d.length = evtx::kChunkSize * lost.size();
      std::string where;
      for (const std::uint64_t c : lost) {
        where += where.empty() ? "" : "; ";
        where += "chunk " + std::to_string(c) + " (offset " + hex(chunk_offset(c)) + ") " + lost_chunk_state(c);
        explained_.insert(c);
      }
      d.message = missing + "the chunk that held them is lost: " + where;
      note(std::move(d));
      return;
    }
    if (tail_ && run.first >= tail_->first) {
      d.offset = static_cast<std::int64_t>(in_.real_size);
      d.length = chunk_offset(in_.header.header_chunk_count) - in_.real_size;
      d.message = missing + "the file header lists " + std::to_string(in_.header.header_chunk_count) +
                  " chunks and next record " + std::to_string(in_.header.next_record_id) +
                  ", the file ends at offset " + hex(in_.real_size) +
                  " (a copy cut short): the chunks that held them are not in the file";
      chunk_list_reported_ = true;
      note(std::move(d));
      return;
    }
    d.message = missing + "no chunk of the file holds them";
    note(std::move(d));
  }

  // " (why)" of the walk's damaged range inside [from, to) of a chunk, or "".
  std::string damage_why(std::uint64_t chunk, std::uint64_t from, std::uint64_t to) {
    for (const evtx::DamagedRange& range : in_.walks[chunk].damage)
      if (range.offset + range.length > from && range.offset < to) {
        explained_ranges_.insert(range.offset);
        return " (" + range.why + ")";
      }
    return "";
  }

  std::string lost_chunk_state(std::uint64_t chunk) const {
    const evtx::ChunkWalk& w = in_.walks[chunk];
    if (all_duplicate_[chunk]) return "holds a second copy of other records instead";
    if (w.state == evtx::ChunkState::unused) return "is all zero";
    return "has no chunk signature and no readable chunk header";
  }

  // Damage that no missing-records line above has named.
  void report_damage() {
    for (const evtx::ChunkWalk& w : in_.walks) {
      const std::string chunk = "chunk " + std::to_string(w.index);
      if (w.state == evtx::ChunkState::signature_damaged) {
        Diagnostic d = warning(DiagnosticKind::file_damage,
                               "the chunk signature is overwritten; the rest of the chunk header and its records are "
                               "intact and read as live records");
        d.chunk_index = w.index;
        d.offset = static_cast<std::int64_t>(chunk_offset(w.index));
        d.length = 8;
        note(std::move(d));
      }
      if (lost_chunk(w.index) && !all_duplicate_[w.index] && !explained_.count(w.index)) {
        Diagnostic d = warning(DiagnosticKind::file_damage,
                               "among the log's " + std::to_string(used_chunks_) + " used chunks, " + chunk + " " +
                                   lost_chunk_state(w.index) + "; no record id is missing around it");
        d.chunk_index = w.index;
        d.offset = static_cast<std::int64_t>(chunk_offset(w.index));
        d.length = evtx::kChunkSize;
        note(std::move(d));
      }
      for (const evtx::DamagedRange& range : w.damage) {
        if (explained_ranges_.count(range.offset)) continue;
        Diagnostic d = warning(DiagnosticKind::file_damage, "bytes without a readable record: " + range.why);
        d.chunk_index = w.index;
        d.offset = static_cast<std::int64_t>(range.offset);
        d.length = range.length;
        note(std::move(d));
      }
      report_records(w);
    }
    if (chunks_missing_from_file() > 0 && !chunk_list_reported_) {
      Diagnostic d = warning(DiagnosticKind::file_damage,
                             "the file header lists " + std::to_string(in_.header.header_chunk_count) +
                                 " chunks, the file holds " + std::to_string(present_chunks_) +
                                 "; no record id is missing (the header's next record id " +
                                 std::to_string(in_.header.next_record_id) + " follows the last record read)");
      d.offset = static_cast<std::int64_t>(in_.real_size);
      result_.diagnostics.push_back(std::move(d));
    }
  }

  // Re-delimited records and copies of earlier records, one line each (copies one per chunk).
  void report_records(const evtx::ChunkWalk& w) {
    std::optional<Interval> copies;
    for (std::size_t i = w.records_begin; i < w.records_end; ++i) {
      const evtx::LocatedRecord& r = in_.located[i];
      if (r.duplicate) {
        if (copies && copies->last + 1 == r.record_id)
          copies->last = r.record_id;
        else if (!copies)
          copies = Interval{r.record_id, r.record_id};
        ++result_.counts.duplicate_records;
      }
      const std::string repair = evtx::describe_repair(r);
      if (repair.empty()) continue;
      Diagnostic d = warning(DiagnosticKind::file_damage, repair);
      d.chunk_index = w.index;
      d.record_id = r.record_id;
      d.offset = static_cast<std::int64_t>(r.offset);
      note(std::move(d));
    }
    if (copies) {
      Diagnostic d = warning(DiagnosticKind::duplicate_records,
                             ids_text(*copies) + " are stored twice, here and earlier in the file: returned once");
      d.chunk_index = w.index;
      d.offset = static_cast<std::int64_t>(chunk_offset(w.index));
      d.length = evtx::kChunkSize;
      note(std::move(d));
    }
  }

  const AccountingInput& in_;
  std::vector<std::pair<std::uint64_t, std::size_t>> by_id_;  // (record id, index) of non-duplicates
  std::uint64_t present_chunks_ = 0;
  std::uint64_t used_chunks_ = 0;
  std::vector<bool> all_duplicate_;
  std::optional<Interval> tail_;
  bool chunk_list_reported_ = false;
  std::set<std::uint64_t> explained_;         // lost chunks named by a missing-records line
  std::set<std::uint64_t> explained_ranges_;  // damaged ranges named by a missing-records line
  std::set<std::uint64_t> damaged_;           // chunks with damage
  AccountingResult result_;
};

}  // namespace

std::uint64_t mark_duplicates(const std::uint8_t* data, std::vector<evtx::LocatedRecord>& located,
                              const std::vector<evtx::ChunkWalk>& walks) {
  struct Span {
    std::uint64_t min = 0, max = 0;
    const evtx::ChunkWalk* walk = nullptr;
  };
  std::vector<Span> spans;
  for (const evtx::ChunkWalk& w : walks) {
    if (w.records_begin == w.records_end) continue;
    Span s{located[w.records_begin].record_id, located[w.records_begin].record_id, &w};
    for (std::size_t i = w.records_begin; i < w.records_end; ++i) {
      s.min = std::min(s.min, located[i].record_id);
      s.max = std::max(s.max, located[i].record_id);
    }
    spans.push_back(s);
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.min < b.min; });
  std::uint64_t marked = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    for (std::size_t j = i + 1; j < spans.size() && spans[j].min <= spans[i].max; ++j) {
      // The later chunk in the file holds the copies.
      const evtx::ChunkWalk* first = spans[i].walk;
      const evtx::ChunkWalk* copy = spans[j].walk;
      if (copy->index < first->index) std::swap(first, copy);
      for (std::size_t k = copy->records_begin; k < copy->records_end; ++k) {
        evtx::LocatedRecord& r = located[k];
        if (r.duplicate) continue;
        for (std::size_t o = first->records_begin; o < first->records_end; ++o) {
          const evtx::LocatedRecord& original = located[o];
          if (original.duplicate || original.record_id != r.record_id || original.size != r.size) continue;
          if (std::memcmp(data + original.offset, data + r.offset, r.size) == 0) {
            r.duplicate = true;
            ++marked;
          }
          break;
        }
      }
    }
  }
  return marked;
}

AccountingResult account_records(const AccountingInput& input) { return Accountant(input).run(); }

}  // namespace evtxdiag::reader
