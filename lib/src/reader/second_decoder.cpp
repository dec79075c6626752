#include "reader/second_decoder.hpp"

#include <algorithm>
#include <unordered_map>

#include "binxml/record_decoder.hpp"
#include "core/ordered_batches.hpp"
#include "reader/libevtx/chunk_view.hpp"
#include "reader/record_decoding.hpp"
#include "xml/event_xml.hpp"

namespace evtxdiag::reader {
namespace {

constexpr std::size_t kCrossCheckBatch = 256;

// A value as the diagnostic shows it: quoted, cut after 200 bytes (with the full length said).
std::string shown(const std::string& value) {
  constexpr std::size_t kLimit = 200;
  if (value.size() <= kLimit) return '"' + value + '"';
  std::size_t cut = kLimit;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;  // whole characters
  return '"' + value.substr(0, cut) + "\"... (" + std::to_string(value.size()) + " bytes)";
}

template <typename T>
std::string shown(const std::optional<T>& value) {
  return value ? std::to_string(*value) : "(none)";
}

std::string shown(std::uint64_t value) { return std::to_string(value); }

Diagnostic difference(const Event& where, const std::string& file, std::string message) {
  Diagnostic d;
  d.severity = Severity::warning;
  d.kind = DiagnosticKind::decoder_difference;
  d.file = file;
  d.record_id = where.record_number;
  if (where.file_offset >= 0) {
    d.offset = where.file_offset;
    if (static_cast<std::uint64_t>(where.file_offset) >= evtx::kFileHeaderBlockSize)
      d.chunk_index = (static_cast<std::uint64_t>(where.file_offset) - evtx::kFileHeaderBlockSize) / evtx::kChunkSize;
  }
  d.message = std::move(message);
  return d;
}

class Comparison {
 public:
  Comparison(const Event& builtin, const Event& libevtx, const std::string& file, std::vector<Diagnostic>& out)
      : builtin_(builtin), libevtx_(libevtx), file_(file), out_(out) {}

  template <typename T>
  void field(const char* name, const T& mine, const T& theirs) {
    if (mine == theirs) return;
    out_.push_back(difference(
        builtin_, file_,
        std::string("decoders differ on ") + name + ": built-in " + shown(mine) + ", libevtx " + shown(theirs)));
  }

  void all() {
    const Event& a = builtin_;
    const Event& b = libevtx_;
    field("provider", a.provider_name, b.provider_name);
    field("provider_guid", a.provider_guid, b.provider_guid);
    field("event_source_name", a.event_source_name, b.event_source_name);
    field("event_id", std::uint64_t{a.event_id}, std::uint64_t{b.event_id});
    field("qualifiers", a.qualifiers, b.qualifiers);
    field("version", std::uint64_t{a.version}, std::uint64_t{b.version});
    field("level", std::uint64_t{a.level}, std::uint64_t{b.level});
    field("task", std::uint64_t{a.task}, std::uint64_t{b.task});
    field("opcode", std::uint64_t{a.opcode}, std::uint64_t{b.opcode});
    field("keywords", a.keywords, b.keywords);
    field("time_created", a.time_created.iso_utc(), b.time_created.iso_utc());
    field("written_time", a.written_time.iso_utc(), b.written_time.iso_utc());
    field("event_record_id", a.event_record_id, b.event_record_id);
    field("activity_id", a.activity_id, b.activity_id);
    field("related_activity_id", a.related_activity_id, b.related_activity_id);
    field("process_id", a.process_id, b.process_id);
    field("thread_id", a.thread_id, b.thread_id);
    field("channel", a.channel, b.channel);
    field("computer", a.computer, b.computer);
    field("user_sid", a.user_sid, b.user_sid);
    field("binary", a.binary_hex, b.binary_hex);
    data();
  }

 private:
  // Data fields pair by position; where the counts differ, the first unmatched field is named.
  void data() {
    const std::vector<DataField>& a = builtin_.data;
    const std::vector<DataField>& b = libevtx_.data;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
      const std::string where =
          "data[" + std::to_string(i) + "] " + a[i].name + " (" + (a[i].path.empty() ? b[i].path : a[i].path) + ")";
      if (a[i].name != b[i].name) field((where + " name").c_str(), a[i].name, b[i].name);
      if (a[i].value != b[i].value) field((where + " value").c_str(), a[i].value, b[i].value);
      if (a[i].path != b[i].path) field((where + " path").c_str(), a[i].path, b[i].path);
      if (a[i].type && b[i].type && a[i].type != b[i].type)
        field((where + " type").c_str(), std::string(to_string(*a[i].type)), std::string(to_string(*b[i].type)));
    }
    if (a.size() != b.size()) {
      const bool builtin_more = a.size() > b.size();
      const DataField& extra = builtin_more ? a[b.size()] : b[a.size()];
      out_.push_back(difference(builtin_, file_,
                                "decoders differ on the number of data fields: built-in " + std::to_string(a.size()) +
                                    ", libevtx " + std::to_string(b.size()) + " (first unmatched: " + extra.name +
                                    " = " + shown(extra.value) + " at " + extra.path + ", from " +
                                    (builtin_more ? "the built-in decoder" : "libevtx") + ")"));
    }
  }

  const Event& builtin_;
  const Event& libevtx_;
  const std::string& file_;
  std::vector<Diagnostic>& out_;
};

// libevtx's event from one fetched record (as fetch_libevtx_record makes it, without locating).
std::optional<Event> libevtx_event(libevtx::LibevtxFile& file, std::uint64_t index, const ReadOptions& options,
                                   std::string& error, std::uint64_t& record_id) {
  FetchedRecord fetched = fetch_libevtx_record(file, RecordOrigin::live, index, options);
  record_id = fetched.fetch.ok ? fetched.fetch.record_id : 0;
  if (!fetched.event) error = fetched.problem;
  return std::move(fetched.event);
}

}  // namespace

LibevtxRescue::~LibevtxRescue() = default;

std::optional<Event> LibevtxRescue::decode(std::size_t index, std::string& error) {
  const evtx::LocatedRecord& wanted = located_[index];
  if (wanted.chunk_index != chunk_) {
    chunk_ = wanted.chunk_index;
    auto view = std::make_shared<const libevtx::ChunkView>(bytes_.data(), bytes_.size(), bytes_.mapped_path(),
                                                           std::vector<std::uint64_t>{chunk_});
    open_error_.clear();
    file_ = libevtx::LibevtxFile::open_view(std::move(view), open_error_);
    chunk_first_ = index;
    while (chunk_first_ > 0 && located_[chunk_first_ - 1].chunk_index == chunk_) --chunk_first_;
  }
  if (!file_) {
    error = "libevtx: cannot open the record's chunk: " + open_error_;
    return std::nullopt;
  }
  // The view lists the chunk's records as the walk does: same position, checked by record id;
  // otherwise the record id is looked for among the view's records.
  const std::uint64_t count = file_->record_count(RecordOrigin::live);
  const std::uint64_t position = index - chunk_first_;
  std::uint64_t record_id = 0;
  if (position < count) {
    std::optional<Event> event = libevtx_event(*file_, position, options_, error, record_id);
    if (record_id == wanted.record_id) return event;
  }
  for (std::uint64_t i = 0; i < count; ++i) {
    if (i == position) continue;
    std::string other_error;
    std::optional<Event> event = libevtx_event(*file_, i, options_, other_error, record_id);
    if (record_id == wanted.record_id) {
      error = other_error;
      return event;
    }
  }
  if (error.empty()) error = "libevtx: does not list record " + std::to_string(wanted.record_id) + " of its chunk";
  return std::nullopt;
}

void note_differences(const Event* builtin, const std::string& builtin_error, const Event* libevtx,
                      const std::string& libevtx_error, const std::string& file, std::vector<Diagnostic>& out) {
  if (builtin && libevtx) {
    Comparison(*builtin, *libevtx, file, out).all();
  } else if (builtin) {
    out.push_back(difference(*builtin, file, "only the built-in decoder reads this record (" + libevtx_error + ")"));
  } else if (libevtx) {
    out.push_back(difference(*libevtx, file, "only libevtx reads this record (" + builtin_error + ")"));
  }
}

std::vector<Diagnostic> cross_check_live(const InputBytes& bytes, const std::string& file,
                                         const std::vector<evtx::LocatedRecord>& located,
                                         const std::function<std::unique_ptr<libevtx::LibevtxFile>()>& open_libevtx,
                                         unsigned threads) {
  std::vector<Diagnostic> out;
  std::unique_ptr<libevtx::LibevtxFile> primary = open_libevtx();
  if (!primary) {
    Diagnostic d;
    d.severity = Severity::warning;
    d.kind = DiagnosticKind::decoder_difference;
    d.file = file;
    d.message = "cross-check: libevtx cannot open the file; nothing was compared";
    out.push_back(std::move(d));
    return out;
  }
  const std::uint64_t count = primary->record_count(RecordOrigin::live);
  const bool same_list = count == located.size();
  std::unordered_multimap<std::uint64_t, std::size_t> by_id;
  if (!same_list)
    for (std::size_t i = 0; i < located.size(); ++i) by_id.emplace(located[i].record_id, i);

  ReadOptions options;  // events only: no XML, no shape
  const std::size_t batches = static_cast<std::size_t>((count + kCrossCheckBatch - 1) / kCrossCheckBatch);
  const unsigned workers = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, batches)));
  std::vector<std::unique_ptr<libevtx::LibevtxFile>> files(workers);
  struct Checked {
    std::vector<Diagnostic> differences;
    std::vector<std::size_t> paired;  ///< walk indices compared
  };
  const auto prepare = [&](unsigned worker) {
    files[worker] = open_libevtx();
    return files[worker] != nullptr;
  };
  const auto produce = [&](unsigned worker, std::size_t batch) {
    Checked result;
    libevtx::LibevtxFile& handle = worker == 0 ? *primary : *files[worker];
    binxml::ChunkDecoder decoder(bytes.data(), bytes.size());
    const std::uint64_t first = batch * kCrossCheckBatch;
    const std::uint64_t last = std::min<std::uint64_t>(count, first + kCrossCheckBatch);
    for (std::uint64_t i = first; i < last; ++i) {
      std::string libevtx_error;
      std::uint64_t record_id = 0;
      std::optional<Event> theirs = libevtx_event(handle, i, options, libevtx_error, record_id);
      std::optional<std::size_t> walked;
      if (same_list && located[i].record_id == record_id) {
        walked = static_cast<std::size_t>(i);
      } else if (record_id != 0) {
        const auto range = by_id.equal_range(record_id);
        if (range.first != range.second) walked = range.first->second;
      }
      if (!walked) {
        if (theirs)
          result.differences.push_back(
              difference(*theirs, file, "libevtx lists a live record the structural walk does not find"));
        continue;
      }
      result.paired.push_back(*walked);
      const binxml::RecordDecodeResult mine = decoder.decode(located[*walked].offset, binxml::DecodeOptions{});
      if (theirs) theirs->file_offset = static_cast<std::int64_t>(located[*walked].offset);
      note_differences(mine.ok ? &mine.event : nullptr, "built-in decoder: " + mine.error, theirs ? &*theirs : nullptr,
                       libevtx_error, file, result.differences);
    }
    return result;
  };
  std::vector<bool> seen(located.size(), false);
  const auto consume = [&](std::size_t, Checked&& checked) {
    for (Diagnostic& d : checked.differences) out.push_back(std::move(d));
    for (const std::size_t index : checked.paired) seen[index] = true;
  };
  core::run_ordered_batches<Checked>(batches, workers, 2 * workers, prepare, produce, consume);
  for (std::size_t i = 0; i < located.size(); ++i) {
    if (seen[i]) continue;
    Event where;
    where.record_number = located[i].record_id;
    where.file_offset = static_cast<std::int64_t>(located[i].offset);
    out.push_back(difference(where, file, "libevtx does not list this live record of the structural walk"));
  }
  return out;
}

}  // namespace evtxdiag::reader
