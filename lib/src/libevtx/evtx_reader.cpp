// EvtxReader: opens the input bytes, checks the file header, and streams live then recovered
// records through RecordDecoding in batches, merging their results in index order.
#include <algorithm>
#include <unordered_map>

#include "carve/slack_carver.hpp"
#include "evtx/format.hpp"
#include "evtx/record_locator.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/reader.hpp"
#include "libevtx/input_bytes.hpp"
#include "libevtx/libevtx_file.hpp"
#include "libevtx/record_decoding.hpp"
#include "libevtx/recovered_records.hpp"
#include "scan/prefilter.hpp"

namespace evtxdiag {
namespace {

// Records decoded before their results are merged. A batch is the unit a parallel reader
// would hand to a worker (with its own LibevtxFile); the merge below keeps index order.
constexpr std::uint64_t kBatchSize = 256;

// FNV-1a over the decoded content of an event: what "identical" means for a recovered copy
// of a live record, whichever decoder produced either of them.
class ContentHash {
 public:
  void add(std::string_view text) {
    for (const char c : text) byte(static_cast<std::uint8_t>(c));
    byte(0xFF);  // separator: ("ab","c") and ("a","bc") differ
  }
  void add(std::uint64_t value) {
    for (int i = 0; i < 8; ++i) byte(static_cast<std::uint8_t>(value >> (8 * i)));
  }
  std::uint64_t value() const { return hash_; }

 private:
  void byte(std::uint8_t b) { hash_ = (hash_ ^ b) * 1099511628211ULL; }
  std::uint64_t hash_ = 14695981039346656037ULL;
};

std::uint64_t content_hash(const Event& e) {
  ContentHash h;
  for (const std::string* text : {&e.provider_name, &e.provider_guid, &e.event_source_name, &e.activity_id,
                                  &e.related_activity_id, &e.channel, &e.computer, &e.user_sid, &e.binary_hex})
    h.add(*text);
  // Optional values hash with a presence bit so that "absent" differs from 0.
  const auto optional_value = [](const auto& value) -> std::uint64_t {
    return value ? (std::uint64_t{*value} | (1ULL << 32)) : 0;
  };
  const std::initializer_list<std::uint64_t> numbers = {
      e.event_id,         optional_value(e.qualifiers), e.version,         e.level,
      e.task,             e.opcode,                     e.keywords,        e.time_created.ticks,
      e.written_time.ticks, e.event_record_id,          optional_value(e.process_id), optional_value(e.thread_id)};
  for (const std::uint64_t value : numbers) h.add(value);
  for (const DataField& field : e.data) {
    h.add(field.name);
    h.add(field.value);
  }
  return h.value();
}

Diagnostic file_warning(const std::string& file, std::string message) {
  Diagnostic d;
  d.severity = Severity::warning;
  d.file = file;
  d.message = std::move(message);
  return d;
}

}  // namespace

struct EvtxReader::Impl {
  libevtx::InputBytes bytes;
  FileInfo info;
  std::vector<Diagnostic> open_warnings;
};

namespace {

// Refuses inputs from which nothing can be read, with one line naming the input.
FileInfo check_header(const libevtx::InputBytes& bytes, const std::string& name, std::vector<Diagnostic>& warnings) {
  if (bytes.size() == 0) throw Error(ErrorKind::not_evtx, name + ": empty file, not an EVTX event log");
  const auto header = evtx::read_file_header(bytes.data(), bytes.size());
  if (!header)
    throw Error(ErrorKind::not_evtx, name + ": not an EVTX event log (no \"ElfFile\" signature at the start)");
  if (header->chunks_in_file == 0)
    throw Error(ErrorKind::not_evtx, name + ": truncated before the first chunk (" + std::to_string(bytes.size()) +
                                         " bytes; an EVTX file needs a 4096-byte header and 65536-byte chunks)");
  FileInfo info;
  info.path = name;
  info.file_size = bytes.size();
  info.major_version = header->major_version;
  info.minor_version = header->minor_version;
  info.header_chunk_count = header->header_chunk_count;
  info.chunks_in_file = header->chunks_in_file;
  info.dirty = (header->flags & evtx::file_header::flag_dirty) != 0;
  info.full = (header->flags & evtx::file_header::flag_full) != 0;
  info.header_checksum_ok = header->checksum_ok;
  if (!header->checksum_ok) warnings.push_back(file_warning(name, "file header checksum mismatch"));
  if (header->trailing_bytes != 0)
    warnings.push_back(file_warning(name, "file ends " + std::to_string(header->trailing_bytes) + " bytes into chunk " +
                                              std::to_string(header->chunks_in_file) +
                                              " (truncated copy?); that partial chunk is not read"));
  return info;
}

// Counting, de-duplication, filtering and delivery of decoded records, in read order.
class Merger {
 public:
  Merger(ReadSummary& summary, const ReadOptions& options, const std::function<void(Event&&)>& sink)
      : summary_(summary), options_(options), sink_(sink) {}

  void add(libevtx::DecodedRecord&& record, RecordOrigin origin) {
    if (record.failure) {
      ++summary_.undecodable;
      if (origin == RecordOrigin::recovered) ++summary_.recovered_undecodable;
      summary_.diagnostics.push_back(std::move(*record.failure));
      return;
    }
    Event& event = *record.event;
    const std::uint64_t hash = content_hash(event);
    if (origin == RecordOrigin::live) {
      live_content_[event.record_number].push_back(hash);
    } else {
      const auto live = live_content_.find(event.record_number);
      if (live != live_content_.end() && std::find(live->second.begin(), live->second.end(), hash) != live->second.end()) {
        ++summary_.recovered_duplicates;
        return;
      }
    }
    if (event.decoder == DecoderKind::builtin) ++summary_.builtin_decoded;
    if (options_.want && !options_.want(event.provider_name, event.event_id)) {
      ++summary_.filtered_out;
      return;
    }
    ++(origin == RecordOrigin::live ? summary_.live_decoded : summary_.recovered_decoded);
    if (event.time_created.valid()) {
      if (!summary_.first_event.valid() || event.time_created < summary_.first_event)
        summary_.first_event = event.time_created;
      if (event.time_created > summary_.last_event) summary_.last_event = event.time_created;
    }
    sink_(std::move(event));
  }

 private:
  ReadSummary& summary_;
  const ReadOptions& options_;
  const std::function<void(Event&&)>& sink_;
  std::unordered_map<std::uint64_t, std::vector<std::uint64_t>> live_content_;
};

}  // namespace

EvtxReader::EvtxReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EvtxReader::EvtxReader(EvtxReader&&) noexcept = default;
EvtxReader& EvtxReader::operator=(EvtxReader&&) noexcept = default;
EvtxReader::~EvtxReader() = default;

EvtxReader EvtxReader::open_file(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->bytes = libevtx::InputBytes::from_file(path);
  impl->info = check_header(impl->bytes, path, impl->open_warnings);
  return EvtxReader(std::move(impl));
}

EvtxReader EvtxReader::open_buffer(std::vector<std::uint8_t> bytes, std::string name) {
  auto impl = std::make_unique<Impl>();
  impl->bytes = libevtx::InputBytes::from_buffer(std::move(bytes));
  impl->info = check_header(impl->bytes, name, impl->open_warnings);
  return EvtxReader(std::move(impl));
}

const FileInfo& EvtxReader::info() const { return impl_->info; }

ReadSummary EvtxReader::read(const ReadOptions& options, const std::function<void(Event&&)>& sink) {
  ReadSummary summary;
  summary.info = impl_->info;
  summary.diagnostics = impl_->open_warnings;
  const std::string& name = impl_->info.path;
  const std::uint8_t* data = impl_->bytes.data();
  const std::size_t size = impl_->bytes.size();

  std::vector<evtx::WalkBreak> breaks;
  const std::vector<evtx::LocatedRecord> located = evtx::locate_records(data, size, &breaks);
  for (const evtx::WalkBreak& b : breaks) {
    Diagnostic d = file_warning(name, "damaged record (declared size " + std::to_string(b.declared_size) +
                                          "): the chunk header lists " + std::to_string(b.records_claimed) +
                                          " records, only " + std::to_string(b.records_found) +
                                          " precede it; later records can only come back as recovered ones");
    d.chunk_index = b.chunk_index;
    d.offset = static_cast<std::int64_t>(b.offset);
    summary.diagnostics.push_back(std::move(d));
  }
  std::unique_ptr<libevtx::LibevtxFile> libevtx_file;
  const bool need_libevtx = options.decoder != DecoderChoice::builtin_only;
  if (need_libevtx) {
    std::string error;
    libevtx_file = libevtx::LibevtxFile::open(data, size, error);
    if (!libevtx_file) {
      Diagnostic d = file_warning(name, "libevtx cannot open the file: " + error);
      d.severity = Severity::error;
      summary.diagnostics.push_back(std::move(d));
    }
  }
  // Without libevtx (by choice, or because it refused the file in automatic mode), live
  // records come from the structural walk and the built-in decoder.
  const bool live_from_walk = options.decoder == DecoderChoice::builtin_only ||
                              (!libevtx_file && options.decoder == DecoderChoice::automatic);

  libevtx::RecordDecoding decoding(data, size, name, located, libevtx_file.get(), options);
  Merger merger(summary, options, sink);

  if (options.live) {
    summary.live_records = live_from_walk ? located.size() : libevtx_file ? libevtx_file->record_count(RecordOrigin::live) : 0;
    // options.want: the fast scan (issue 10) marks unwanted records of chunks it understands so
    // that neither decoder touches them. libevtx's live index i is the walk's record i only
    // when both count the same records, so otherwise nothing is skipped.
    std::vector<bool> skip;
    if (options.want && (live_from_walk || located.size() == summary.live_records)) {
      std::vector<std::uint64_t> offsets, ids;
      for (const evtx::LocatedRecord& record : located) {
        offsets.push_back(record.offset);
        ids.push_back(record.record_id);
      }
      skip = scan::records_to_skip(data, size, offsets, ids, options.want);
    }
    for (std::uint64_t first = 0; first < summary.live_records; first += kBatchSize) {
      const std::uint64_t last = std::min(summary.live_records, first + kBatchSize);
      std::vector<libevtx::DecodedRecord> batch;
      batch.reserve(last - first);
      for (std::uint64_t index = first; index < last; ++index)
        if (skip.empty() || !skip[index])
          batch.push_back(live_from_walk ? decoding.decode_builtin_record(RecordOrigin::live, located[index].offset, index)
                                       : decoding.decode_libevtx_record(RecordOrigin::live, index));
      for (auto& record : batch) merger.add(std::move(record), RecordOrigin::live);
    }
  }
  // Recovered records: libevtx's recovery scan joined with evtxdiag's slack carver, which
  // knows their real offsets (see libevtx/recovered_records.hpp).
  if (options.recovered) {
    const std::vector<carve::Candidate> candidates = carve::carve_file(data, size);
    libevtx::RecoveredResult recovered =
        libevtx::read_recovered(candidates, located, libevtx_file.get(), decoding, options, name);
    summary.recovered_records = recovered.found;
    summary.recovered_fragments = recovered.fragments.size();
    for (auto& record : recovered.records) merger.add(std::move(record), RecordOrigin::recovered);
    for (Diagnostic& fragment : recovered.fragments) summary.diagnostics.push_back(std::move(fragment));
    for (Diagnostic& doubt : recovered.doubtful) summary.diagnostics.push_back(std::move(doubt));
  }
  return summary;
}

std::vector<Event> read_events(const std::string& path, const ReadOptions& options, ReadSummary* summary) {
  EvtxReader reader = EvtxReader::open_file(path);
  std::vector<Event> events;
  ReadSummary result = reader.read(options, [&events](Event&& event) { events.push_back(std::move(event)); });
  if (summary) *summary = std::move(result);
  return events;
}

}  // namespace evtxdiag
