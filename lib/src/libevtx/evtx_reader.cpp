// EvtxReader: opens the input bytes, checks the file header, and streams live then recovered
// records through RecordDecoding in batches, merging their results in index order.
#include <algorithm>
#include <future>
#include <optional>
#include <unordered_map>

#include "carve/slack_carver.hpp"
#include "core/ordered_batches.hpp"
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

// Records decoded before their results are merged: the unit of work of one worker (with its
// own LibevtxFile); the merge keeps index order.
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
    // Only a read with recovered records needs the live records' hashes (memory per record).
    const std::uint64_t hash = options_.recovered ? content_hash(event) : 0;
    if (origin == RecordOrigin::live) {
      if (options_.recovered) live_content_[event.record_number].push_back(hash);
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

namespace {

// A live record decoded on a worker: finished already (built-in decoder at a walk offset) or
// fetched from libevtx and still to be located by RecordDecoding::finish in index order.
struct LiveRecord {
  std::optional<libevtx::DecodedRecord> decoded;
  std::optional<libevtx::FetchedRecord> fetched;
};

// Extra libevtx handles pay off only when there is a lot to decode: opening one reads every
// chunk again (about as long as decoding a few thousand records), so a filtered read of a few
// hundred records stays on the calling thread.
constexpr std::uint64_t kRecordsPerExtraHandle = 2048;

// Every this many batches (about 8 MB of a typical log) the file's pages read so far leave the
// resident set, so a read's peak memory does not grow with the file size.
constexpr std::size_t kBatchesBetweenReleases = 64;
// The same for reads that go through the file chunk by chunk (64 KiB each): 8 MiB.
constexpr std::uint64_t kChunksBetweenReleases = 128;

// carve::carve_file, chunk by chunk, with the file's pages leaving the resident set as often
// as during the live read: the carver reads every chunk, and a large file's mapped pages
// would otherwise all count as this process's memory at once.
std::vector<carve::Candidate> carve_releasing_pages(const std::uint8_t* data, std::size_t size,
                                                    const libevtx::InputBytes& bytes) {
  std::vector<carve::Candidate> found;
  if (size > evtx::kFileHeaderBlockSize) {
    const std::uint64_t chunks = (size - evtx::kFileHeaderBlockSize) / evtx::kChunkSize;
    for (std::uint64_t index = 0; index < chunks; ++index) {
      std::vector<carve::Candidate> in_chunk = carve::carve_chunk(data, size, index);
      found.insert(found.end(), std::make_move_iterator(in_chunk.begin()), std::make_move_iterator(in_chunk.end()));
      if (index % kChunksBetweenReleases == kChunksBetweenReleases - 1) bytes.release_resident_pages();
    }
  }
  bytes.release_resident_pages();
  return found;
}

}  // namespace

ReadSummary EvtxReader::read(const ReadOptions& options, const std::function<void(Event&&)>& sink) {
  ReadSummary summary;
  summary.info = impl_->info;
  summary.diagnostics = impl_->open_warnings;
  const std::string& name = impl_->info.path;
  const std::uint8_t* data = impl_->bytes.data();
  const std::size_t size = impl_->bytes.size();
  const unsigned threads = core::resolve_thread_count(options.threads);

  // With threads, libevtx opens (reading every chunk) while this thread walks and scans.
  const bool need_libevtx = options.decoder != DecoderChoice::builtin_only;
  std::string libevtx_error;
  // A mapped file is opened by path for libevtx: it reads every chunk at open time, and
  // through the mapping those pages would all count as this process's memory.
  const std::string& mapped_path = impl_->bytes.mapped_path();
  const auto open_handle = [data, size, &mapped_path](std::string& error) {
    return mapped_path.empty() ? libevtx::LibevtxFile::open(data, size, error)
                               : libevtx::LibevtxFile::open_path(mapped_path, error);
  };
  const auto open_libevtx = [&open_handle, &libevtx_error] { return open_handle(libevtx_error); };
  std::future<std::unique_ptr<libevtx::LibevtxFile>> opening;
  if (need_libevtx && threads > 1) opening = std::async(std::launch::async, open_libevtx);

  // The structural walk and, with options.want, the fast scan, chunk by chunk: the scan marks
  // unwanted records of chunks it understands so that neither decoder touches them (used
  // below only when the walk and libevtx agree). Only one chunk's scan is held at a time, and
  // the file's pages leave the resident set as the walk goes, so memory does not grow with
  // the file size.
  std::vector<evtx::WalkBreak> breaks;
  std::vector<evtx::LocatedRecord> located;
  std::vector<bool> skip;
  const bool prefilter = options.want && options.live;
  scan::SkipDecider decider(prefilter ? options.want : nullptr);
  std::vector<std::uint64_t> chunk_offsets, chunk_ids;
  const std::uint64_t chunks = evtx::whole_chunks(size);
  for (std::uint64_t chunk = 0; chunk < chunks; ++chunk) {
    const std::size_t first = located.size();
    evtx::locate_chunk_records(data, size, chunk, located, &breaks);
    if (prefilter) {
      chunk_offsets.clear();
      chunk_ids.clear();
      for (std::size_t i = first; i < located.size(); ++i) {
        chunk_offsets.push_back(located[i].offset);
        chunk_ids.push_back(located[i].record_id);
      }
      decider.decide_chunk(data, size, chunk, chunk_offsets.data(), chunk_ids.data(), chunk_offsets.size(), skip);
    }
    if (chunk % kChunksBetweenReleases == kChunksBetweenReleases - 1) impl_->bytes.release_resident_pages();
  }
  impl_->bytes.release_resident_pages();
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
  if (need_libevtx) {
    libevtx_file = opening.valid() ? opening.get() : open_libevtx();
    if (!libevtx_file) {
      Diagnostic d = file_warning(name, "libevtx cannot open the file: " + libevtx_error);
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
    // libevtx's live index i is the walk's record i only when both count the same records,
    // so otherwise nothing is skipped.
    if (!live_from_walk && located.size() != summary.live_records) skip.clear();
    std::vector<std::uint64_t> to_decode;
    to_decode.reserve(summary.live_records);
    for (std::uint64_t index = 0; index < summary.live_records; ++index)
      if (skip.empty() || !skip[index]) to_decode.push_back(index);

    // Workers decode batches of records; this thread finishes and merges them in index order.
    // Worker 0 is this thread with the primary handle; the others open their own (libevtx
    // handles are not thread-safe), over the same bytes.
    const std::size_t batch_count = (to_decode.size() + kBatchSize - 1) / kBatchSize;
    const unsigned workers = live_from_walk
                                 ? threads
                                 : static_cast<unsigned>(std::min<std::uint64_t>(
                                       threads, 1 + to_decode.size() / kRecordsPerExtraHandle));
    std::vector<std::unique_ptr<libevtx::LibevtxFile>> worker_files(workers);
    const auto prepare = [&](unsigned worker) {
      if (live_from_walk) return true;
      std::string ignored;
      worker_files[worker] = open_handle(ignored);
      return worker_files[worker] != nullptr;  // without a handle, the other workers do the work
    };
    const auto produce = [&](unsigned worker, std::size_t batch) {
      libevtx::LibevtxFile* file = worker == 0 ? libevtx_file.get() : worker_files[worker].get();
      const std::size_t first = batch * kBatchSize;
      const std::size_t last = std::min(to_decode.size(), first + kBatchSize);
      std::vector<LiveRecord> records(last - first);
      for (std::size_t i = first; i < last; ++i) {
        const std::uint64_t index = to_decode[i];
        if (live_from_walk)
          records[i - first].decoded = decoding.decode_builtin_record(RecordOrigin::live, located[index].offset, index);
        else
          records[i - first].fetched = libevtx::fetch_libevtx_record(*file, RecordOrigin::live, index, options);
      }
      return records;
    };
    const auto consume = [&](std::size_t batch, std::vector<LiveRecord>&& records) {
      for (LiveRecord& record : records)
        merger.add(record.decoded ? std::move(*record.decoded) : decoding.finish(std::move(*record.fetched)),
                   RecordOrigin::live);
      if (batch % kBatchesBetweenReleases == kBatchesBetweenReleases - 1) impl_->bytes.release_resident_pages();
    };
    core::run_ordered_batches<std::vector<LiveRecord>>(batch_count, workers, 2 * workers, prepare, produce, consume);
  }
  // Recovered records: libevtx's recovery scan joined with evtxdiag's slack carver, which
  // knows their real offsets (see libevtx/recovered_records.hpp).
  if (options.recovered) {
    const std::vector<carve::Candidate> candidates = carve_releasing_pages(data, size, impl_->bytes);
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
