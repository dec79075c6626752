// EvtxReader: opens the input bytes, checks the file header, and streams live then recovered
// records through RecordDecoding in batches, merging their results in index order.
#include <algorithm>
#include <future>
#include <optional>
#include <unordered_map>

#include "core/ordered_batches.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/reader.hpp"
#include "format/format.hpp"
#include "format/record_locator.hpp"
#include "reader/file_pass.hpp"
#include "reader/input_bytes.hpp"
#include "reader/libevtx/chunk_view.hpp"
#include "reader/libevtx/libevtx_file.hpp"
#include "reader/record_decoding.hpp"
#include "reader/recovered_records.hpp"
#include "reader/second_decoder.hpp"
#include "reader/walked_records.hpp"

namespace evtxdiag {
namespace {

// Records decoded before their results are merged: the unit of work of one worker (with its
// own LibevtxFile); the merge keeps index order. A batch ends at this many records or record
// bytes, whichever comes first: libevtx's cost follows the bytes, and a log of few large
// records (PowerShell script blocks of 28 KB) would otherwise give one worker nearly all.
constexpr std::uint64_t kBatchSize = 256;
constexpr std::uint64_t kBatchBytes = 128 * 1024;

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
  const std::initializer_list<std::uint64_t> numbers = {e.event_id,
                                                        optional_value(e.qualifiers),
                                                        e.version,
                                                        e.level,
                                                        e.task,
                                                        e.opcode,
                                                        e.keywords,
                                                        e.time_created.ticks,
                                                        e.written_time.ticks,
                                                        e.event_record_id,
                                                        optional_value(e.process_id),
                                                        optional_value(e.thread_id)};
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
  d.kind = DiagnosticKind::file_damage;
  d.file = file;
  d.message = std::move(message);
  return d;
}

}  // namespace

struct EvtxReader::Impl {
  reader::InputBytes bytes;
  FileInfo info;
  std::vector<Diagnostic> open_warnings;
};

namespace {

// Refuses inputs from which nothing can be read, with one line naming the input.
FileInfo check_header(const reader::InputBytes& bytes, const std::string& name, std::vector<Diagnostic>& warnings) {
  if (bytes.real_size() == 0) throw Error(ErrorKind::not_evtx, name + ": empty file, not an EVTX event log");
  const auto header = evtx::read_file_header(bytes.data(), bytes.real_size());
  if (!header)
    throw Error(ErrorKind::not_evtx, name + ": not an EVTX event log (no \"ElfFile\" signature at the start)");
  // A cut last chunk is padded in memory (input_bytes.hpp): chunks of the padded bytes count.
  if (evtx::whole_chunks(bytes.size()) == 0)
    throw Error(ErrorKind::not_evtx, name + ": truncated before the first chunk (" + std::to_string(bytes.real_size()) +
                                         " bytes; an EVTX file needs a 4096-byte header and 65536-byte chunks)");
  if (!evtx::anything_readable(bytes.data(), bytes.size())) {
    if (header->chunks_in_file == 0)
      throw Error(ErrorKind::not_evtx, name + ": truncated before the first chunk (" +
                                           std::to_string(bytes.real_size()) +
                                           " bytes, nothing readable in them; an EVTX file needs a 4096-byte header "
                                           "and 65536-byte chunks)");
    // A log no record was ever written to (its header's next record id is 1 or unset, its
    // chunks all zero) is empty, not unreadable.
    const bool empty_log = header->next_record_id <= 1 &&
                           std::all_of(bytes.data() + evtx::kFileHeaderBlockSize, bytes.data() + bytes.real_size(),
                                       [](std::uint8_t b) { return b == 0; });
    if (!empty_log)
      throw Error(ErrorKind::not_evtx, name + ": nothing readable: the EVTX file header is followed by " +
                                           std::to_string(bytes.real_size() - evtx::kFileHeaderBlockSize) +
                                           " bytes without a chunk signature or an event record");
  }
  FileInfo info;
  info.path = name;
  info.file_size = bytes.real_size();
  info.major_version = header->major_version;
  info.minor_version = header->minor_version;
  info.header_chunk_count = header->header_chunk_count;
  info.chunks_in_file = header->chunks_in_file;
  info.dirty = (header->flags & evtx::file_header::flag_dirty) != 0;
  info.full = (header->flags & evtx::file_header::flag_full) != 0;
  info.header_checksum_ok = header->checksum_ok;
  if (!header->checksum_ok) warnings.push_back(file_warning(name, "file header checksum mismatch"));
  if (header->trailing_bytes != 0) {
    info.missing_bytes = evtx::kChunkSize - header->trailing_bytes;
    const bool read = bytes.size() > bytes.real_size();
    Diagnostic d = file_warning(name, "the file ends " + std::to_string(header->trailing_bytes) + " bytes into chunk " +
                                          std::to_string(header->chunks_in_file) + " (a copy cut short): " +
                                          std::to_string(info.missing_bytes) + " bytes missing; " +
                                          (read ? "the chunk's complete records are read"
                                                : "too little of the chunk is there to read (not even its header)"));
    d.chunk_index = header->chunks_in_file;
    d.offset = static_cast<std::int64_t>(bytes.real_size());
    d.length = info.missing_bytes;
    warnings.push_back(std::move(d));
  }
  return info;
}

// Counting, de-duplication, filtering and delivery of decoded records, in read order.
class Merger {
 public:
  Merger(ReadSummary& summary, const ReadOptions& options, const std::function<void(Event&&)>& sink,
         const std::vector<evtx::LocatedRecord>& located)
      : summary_(summary), options_(options), sink_(sink), located_(located) {}

  /// Which walked live record `record` is (by its offset), or nullptr.
  const evtx::LocatedRecord* walked(const reader::DecodedRecord& record) const {
    std::int64_t offset = record.event ? record.event->file_offset : -1;
    if (offset < 0 && record.failure && record.failure->offset) offset = *record.failure->offset;
    if (offset < 0) return nullptr;
    const auto at = std::lower_bound(located_.begin(), located_.end(), static_cast<std::uint64_t>(offset),
                                     [](const evtx::LocatedRecord& r, std::uint64_t o) { return r.offset < o; });
    return at != located_.end() && at->offset == static_cast<std::uint64_t>(offset) ? &*at : nullptr;
  }

  /// `prepared`: ReadOptions::prepare already ran on the record's event (on a worker).
  void add(reader::DecodedRecord&& record, RecordOrigin origin, bool prepared = false) {
    // A second copy of a live record (a chunk stored twice) is returned once.
    if (origin == RecordOrigin::live)
      if (const evtx::LocatedRecord* at = walked(record); at && at->duplicate) return;
    if (record.failure) {
      ++summary_.undecodable;
      if (origin == RecordOrigin::recovered) ++summary_.recovered_undecodable;
      summary_.diagnostics.push_back(std::move(*record.failure));
      if (!record.event) return;
    }
    Event& event = *record.event;
    // Only a read with recovered records needs the live records' hashes (memory per record).
    const std::uint64_t hash = options_.recovered ? content_hash(event) : 0;
    if (origin == RecordOrigin::live) {
      if (options_.recovered) live_content_[event.record_number].push_back({hash, event.written_time.ticks});
    } else if (duplicate_recovered(event, hash)) {
      // A payload-lost copy of a delivered record is already counted as undecodable.
      if (!event.payload_lost) ++summary_.recovered_duplicates;
      return;
    }
    if (event.payload_lost)
      ++(origin == RecordOrigin::live ? summary_.live_payload_lost : summary_.recovered_payload_lost);
    if (event.decoder == DecoderKind::builtin && !event.payload_lost) ++summary_.builtin_decoded;
    if (options_.want && !options_.want(event.provider_name, event.event_id)) {
      ++summary_.filtered_out;
      return;
    }
    if (!event.payload_lost) ++(origin == RecordOrigin::live ? summary_.live_decoded : summary_.recovered_decoded);
    if (event.time_created.valid()) {
      if (!summary_.first_event.valid() || event.time_created < summary_.first_event)
        summary_.first_event = event.time_created;
      if (event.time_created > summary_.last_event) summary_.last_event = event.time_created;
    }
    if (!prepared && options_.prepare) options_.prepare(event);
    sink_(std::move(event));
  }

 private:
  // A recovered record identical to a live one or to a recovered one already delivered (a
  // payload-lost one: the same record id and written time as a live record).
  bool duplicate_recovered(const Event& event, std::uint64_t hash) {
    // Without its payload, the record id and written time say that it is the same record.
    const auto same = [&](const std::pair<std::uint64_t, std::uint64_t>& seen) {
      return event.payload_lost ? seen.second == event.written_time.ticks : seen.first == hash;
    };
    for (const auto* map : {&live_content_, &recovered_content_}) {
      const auto found = map->find(event.record_number);
      if (found != map->end() && std::any_of(found->second.begin(), found->second.end(), same)) return true;
    }
    recovered_content_[event.record_number].push_back({hash, event.written_time.ticks});
    return false;
  }

  ReadSummary& summary_;
  const ReadOptions& options_;
  const std::function<void(Event&&)>& sink_;
  const std::vector<evtx::LocatedRecord>& located_;
  // By record id: (content hash, written time) of every record delivered so far.
  using Seen = std::unordered_map<std::uint64_t, std::vector<std::pair<std::uint64_t, std::uint64_t>>>;
  Seen live_content_;
  Seen recovered_content_;
};

}  // namespace

EvtxReader::EvtxReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EvtxReader::EvtxReader(EvtxReader&&) noexcept = default;
EvtxReader& EvtxReader::operator=(EvtxReader&&) noexcept = default;
EvtxReader::~EvtxReader() = default;

EvtxReader EvtxReader::open_file(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->bytes = reader::InputBytes::from_file(path);
  impl->info = check_header(impl->bytes, path, impl->open_warnings);
  return EvtxReader(std::move(impl));
}

EvtxReader EvtxReader::open_buffer(std::vector<std::uint8_t> bytes, std::string name) {
  auto impl = std::make_unique<Impl>();
  impl->bytes = reader::InputBytes::from_buffer(std::move(bytes));
  impl->info = check_header(impl->bytes, name, impl->open_warnings);
  return EvtxReader(std::move(impl));
}

const FileInfo& EvtxReader::info() const { return impl_->info; }

namespace {

// A live record decoded on a worker: finished already (built-in decoder at a walk offset) or
// fetched from libevtx and still to be located by RecordDecoding::finish in index order.
struct LiveRecord {
  std::optional<reader::DecodedRecord> decoded;
  std::optional<reader::FetchedRecord> fetched;
  std::optional<std::size_t> repair;  ///< walked record to decode from a repaired copy of its chunk
  bool prepared = false;              ///< ReadOptions::prepare ran on `decoded`'s event
};

// Extra libevtx handles pay off only when there is a lot to decode: opening one reads every
// chunk it is given again, so a filtered read of a few hundred records stays on the calling
// thread. libevtx's cost grows with the record bytes (a PowerShell log's 441 records of 28 KB
// cost as much as 15,000 System records), so the measure is bytes, not records.
constexpr std::uint64_t kRecordBytesPerExtraHandle = 1 << 20;

// Every this many batches (about 8 MB of a typical log) the file's pages read so far leave the
// resident set, so a read's peak memory does not grow with the file size.
constexpr std::size_t kBatchesBetweenReleases = 64;

bool is_live_offset(const std::vector<evtx::LocatedRecord>& located, std::uint64_t offset) {
  const auto at = std::lower_bound(located.begin(), located.end(), offset,
                                   [](const evtx::LocatedRecord& r, std::uint64_t o) { return r.offset < o; });
  return at != located.end() && at->offset == offset;
}

// Where libevtx reads from: the whole file, or (with a pre-filter) a view of the chunks that
// hold records the caller may want. Opens one LibevtxFile per call (one per thread).
class LibevtxSource {
 public:
  explicit LibevtxSource(const reader::InputBytes& bytes) : bytes_(bytes) {}

  void narrow_to(std::vector<std::uint64_t> chunks) {
    view_ = std::make_shared<const libevtx::ChunkView>(bytes_.data(), bytes_.size(), bytes_.mapped_path(),
                                                       std::move(chunks));
  }
  void widen() { view_.reset(); }
  bool narrowed() const { return view_ != nullptr; }
  const std::vector<std::uint64_t>& view_chunks() const { return view_->chunks(); }

  std::unique_ptr<libevtx::LibevtxFile> open(std::string& error) const {
    if (view_) return libevtx::LibevtxFile::open_view(view_, error);
    // A mapped file is opened by path for libevtx: it reads every chunk at open time, and
    // through the mapping those pages would all count as this process's memory.
    const std::string& path = bytes_.mapped_path();
    return path.empty() ? libevtx::LibevtxFile::open(bytes_.data(), bytes_.size(), error)
                        : libevtx::LibevtxFile::open_path(path, error);
  }

 private:
  const reader::InputBytes& bytes_;
  std::shared_ptr<const libevtx::ChunkView> view_;
};

// The walk's indices of the records libevtx lists over `chunks` (a view), in libevtx's order.
std::vector<std::size_t> located_in_chunks(const std::vector<evtx::LocatedRecord>& located,
                                           const std::vector<std::uint64_t>& chunks) {
  std::vector<std::size_t> indices;
  std::size_t next_chunk = 0;
  for (std::size_t i = 0; i < located.size(); ++i) {
    while (next_chunk < chunks.size() && chunks[next_chunk] < located[i].chunk_index) ++next_chunk;
    if (next_chunk < chunks.size() && chunks[next_chunk] == located[i].chunk_index) indices.push_back(i);
  }
  return indices;
}

// Which live records to decode, in which batches: indices into the decoder's list (the
// walk's, libevtx's whole file, or libevtx's view when `view_to_walk` maps it to the walk).
struct LivePlan {
  std::vector<std::uint64_t> to_decode;
  std::vector<std::size_t> batch_starts;  ///< into to_decode, then its end
  std::uint64_t bytes_to_decode = 0;      ///< walked record sizes; the file size when they do not match
};

LivePlan plan_live_decode(const std::vector<evtx::LocatedRecord>& located, const std::vector<bool>& skip,
                          const std::vector<std::size_t>* view_to_walk, std::uint64_t listed, bool live_from_walk,
                          std::size_t file_size) {
  LivePlan plan;
  // libevtx's live index i is the walk's record i only when both count the same records, so
  // otherwise nothing is skipped and the record sizes are unknown.
  const bool walk_matches = live_from_walk || view_to_walk || located.size() == listed;
  const bool use_skip = walk_matches && !skip.empty();
  const std::uint64_t decoder_records = view_to_walk ? view_to_walk->size() : listed;
  plan.to_decode.reserve(decoder_records);
  std::uint64_t batch_bytes = 0;
  std::uint64_t previous_chunk = 0;
  for (std::uint64_t index = 0; index < decoder_records; ++index) {
    const std::size_t walked = view_to_walk ? (*view_to_walk)[index] : index;
    if (use_skip && skip[walked]) continue;
    const std::uint64_t record_bytes = walk_matches && walked < located.size() ? located[walked].size : 0;
    // The built-in decoder parses a chunk's templates once for the chunk's records: its
    // batches hold whole chunks.
    const bool full = !plan.batch_starts.empty() &&
                      (plan.to_decode.size() - plan.batch_starts.back() >= kBatchSize || batch_bytes >= kBatchBytes);
    if (plan.batch_starts.empty() || (full && (!live_from_walk || located[walked].chunk_index != previous_chunk))) {
      plan.batch_starts.push_back(plan.to_decode.size());
      batch_bytes = 0;
    }
    plan.to_decode.push_back(index);
    if (walked < located.size()) previous_chunk = located[walked].chunk_index;
    batch_bytes += record_bytes;
    plan.bytes_to_decode += record_bytes;
  }
  if (!walk_matches) plan.bytes_to_decode = file_size;
  plan.batch_starts.push_back(plan.to_decode.size());
  return plan;
}

// A live record the built-in decoder could not read, given to libevtx: its event replaces the
// failure, or both decoders' reasons are kept.
void rescue_live(reader::LibevtxRescue& rescue, std::size_t index, const std::vector<evtx::LocatedRecord>& located,
                 const std::string& name, reader::DecodedRecord& record) {
  std::string error;
  std::optional<Event> event = rescue.decode(index, error);
  if (!event) {
    record.failure->message += "; " + error;
    return;
  }
  event->source_file = name;
  event->origin = RecordOrigin::live;
  event->file_offset = static_cast<std::int64_t>(located[index].offset);
  record.failure.reset();
  record.event = std::move(event);
}

}  // namespace

FileSurvey EvtxReader::survey(unsigned threads) {
  FileSurvey survey;
  survey.info = impl_->info;
  survey.diagnostics = impl_->open_warnings;
  const auto everything = [](std::string_view, std::uint32_t) { return true; };  // scan every chunk, skip none
  const reader::FilePass pass =
      reader::run_file_pass(impl_->bytes, everything, true, core::resolve_thread_count(threads), impl_->info.path);
  survey.accounting = pass.accounting.counts;
  survey.diagnostics.insert(survey.diagnostics.end(), pass.accounting.diagnostics.begin(),
                            pass.accounting.diagnostics.end());
  for (const evtx::LocatedRecord& record : pass.located) {
    if (record.duplicate) continue;
    ++survey.live_records;
    if (record.shape == evtx::RecordShape::damaged) ++survey.live_payload_damaged;
  }
  // Slack of a chunk stored twice is the same slack: counted once.
  std::vector<bool> copy_chunk(pass.walks.size(), false);
  for (const evtx::LocatedRecord& record : pass.located)
    if (record.duplicate && record.chunk_index < copy_chunk.size()) copy_chunk[record.chunk_index] = true;
  for (const carve::Candidate& candidate : pass.candidates) {
    if (candidate.chunk_index < copy_chunk.size() && copy_chunk[candidate.chunk_index]) continue;
    if (is_live_offset(pass.located, candidate.file_offset)) continue;  // a live record after damage
    ++(candidate.intact ? survey.recovered_records : survey.recovered_fragments);
  }
  survey.first_event = pass.earliest;
  survey.last_event = pass.latest;
  survey.times_from_headers = pass.times_from_headers;
  return survey;
}

ReadSummary EvtxReader::read(const ReadOptions& options, const std::function<void(Event&&)>& sink) {
  ReadSummary summary;
  summary.info = impl_->info;
  summary.diagnostics = impl_->open_warnings;
  const std::string& name = impl_->info.path;
  const std::uint8_t* data = impl_->bytes.data();
  const std::size_t size = impl_->bytes.size();
  const unsigned threads = core::resolve_thread_count(options.threads);
  // libevtx reads everything with --decoder libevtx; by default only the recovered list needs it
  // up front (live records it reads one chunk at a time, when the built-in decoder fails). A
  // build without libevtx (LibevtxFile::available() false) never opens it unless it is demanded
  // (then every file says it cannot be read that way).
  const bool need_libevtx =
      options.decoder == DecoderChoice::libevtx_only ||
      (options.decoder == DecoderChoice::automatic && options.recovered && libevtx::LibevtxFile::available());
  const bool prefilter = options.want && options.live;

  // Without a pre-filter libevtx reads the whole file: with threads it opens (reading every
  // chunk) while the pass runs. With one, it waits for the pass to know which chunks matter.
  LibevtxSource source(impl_->bytes);
  std::string libevtx_error;
  std::future<std::unique_ptr<libevtx::LibevtxFile>> opening;
  if (need_libevtx && !prefilter && threads > 1)
    opening = std::async(std::launch::async, [&source, &libevtx_error] { return source.open(libevtx_error); });

  // Pass 1: walk, scan and carve every chunk (workers), merged in file order here.
  reader::FilePass pass =
      reader::run_file_pass(impl_->bytes, prefilter ? options.want : nullptr, options.recovered, threads, name);
  const std::vector<evtx::LocatedRecord>& located = pass.located;
  const std::vector<bool>& skip = pass.skip;
  summary.accounting = pass.accounting.counts;
  summary.diagnostics.insert(summary.diagnostics.end(), pass.accounting.diagnostics.begin(),
                             pass.accounting.diagnostics.end());

  // libevtx over the chunks that matter, when that leaves some out; the index map says which
  // walked record each of libevtx's live records is.
  std::vector<std::size_t> libevtx_to_located;
  std::unique_ptr<libevtx::LibevtxFile> libevtx_file;
  if (need_libevtx) {
    if (prefilter && options.narrow_libevtx) {
      const std::uint64_t chunk_count = evtx::whole_chunks(size);
      std::vector<std::uint64_t> chunks = reader::chunks_for_libevtx(pass, impl_->info, chunk_count);
      if (chunks.size() < chunk_count) source.narrow_to(std::move(chunks));
    }
    libevtx_file = opening.valid() ? opening.get() : source.open(libevtx_error);
    if (source.narrowed()) {
      libevtx_to_located = located_in_chunks(located, source.view_chunks());
      // The view must list exactly the walked records of its chunks; otherwise libevtx reads
      // the whole file, as without the view, and nothing is skipped.
      if (!libevtx_file || libevtx_file->record_count(RecordOrigin::live) != libevtx_to_located.size()) {
        source.widen();
        libevtx_to_located.clear();
        libevtx_file = source.open(libevtx_error);
      }
    }
    if (!libevtx_file) {
      Diagnostic d = file_warning(name, "libevtx cannot open the file: " + libevtx_error);
      if (options.decoder == DecoderChoice::libevtx_only) d.severity = Severity::error;
      summary.diagnostics.push_back(std::move(d));
    }
  }
  // Live records come from the structural walk and the built-in decoder, except with
  // --decoder libevtx.
  const bool live_from_walk = options.decoder != DecoderChoice::libevtx_only;

  reader::RecordDecoding decoding(data, size, name, located, libevtx_file.get(), options);
  Merger merger(summary, options, sink, located);

  if (options.live) {
    reader::WalkedRecordDecoder walked(data, size, impl_->bytes.real_size(), name, located, options);
    std::vector<bool> covered(located.size(), false);  // walked records the live pass returned
    std::uint64_t unlocated = 0;                       // libevtx's live records the walk does not hold
    const bool narrowed = source.narrowed() && !live_from_walk;
    const std::uint64_t listed = live_from_walk || narrowed ? located.size()
                                 : libevtx_file             ? libevtx_file->record_count(RecordOrigin::live)
                                                            : 0;
    const LivePlan plan =
        plan_live_decode(located, skip, narrowed ? &libevtx_to_located : nullptr, listed, live_from_walk, size);
    const std::vector<std::uint64_t>& to_decode = plan.to_decode;
    const std::vector<std::size_t>& batch_starts = plan.batch_starts;
    const std::uint64_t bytes_to_decode = plan.bytes_to_decode;
    const std::size_t batch_count = batch_starts.size() - 1;

    // Workers decode batches of records; this thread finishes and merges them in index order.
    // Worker 0 is this thread with the primary handle; the others open their own (libevtx
    // handles are not thread-safe), over the same bytes.
    const unsigned workers =
        live_from_walk
            ? threads
            : static_cast<unsigned>(std::min<std::uint64_t>(threads, 1 + bytes_to_decode / kRecordBytesPerExtraHandle));
    std::vector<std::unique_ptr<libevtx::LibevtxFile>> worker_files(workers);
    std::vector<binxml::ChunkDecoder> worker_decoders;  // one per worker: it caches the chunk's templates
    for (unsigned worker = 0; worker < workers; ++worker) worker_decoders.emplace_back(data, size);
    const auto prepare = [&](unsigned worker) {
      if (live_from_walk) return true;
      std::string ignored;
      worker_files[worker] = source.open(ignored);
      return worker_files[worker] != nullptr;  // without a handle, the other workers do the work
    };
    const auto produce = [&](unsigned worker, std::size_t batch) {
      libevtx::LibevtxFile* file = worker == 0 ? libevtx_file.get() : worker_files[worker].get();
      const std::size_t first = batch_starts[batch];
      const std::size_t last = batch_starts[batch + 1];
      std::vector<LiveRecord> records(last - first);
      for (std::size_t i = first; i < last; ++i) {
        const std::uint64_t index = to_decode[i];
        if (live_from_walk && reader::needs_repaired_chunk(located[index], pass.walks))
          records[i - first].repair = index;  // decoded on this thread (walked_records.hpp)
        else if (live_from_walk)
          decoding.decode_builtin_record(RecordOrigin::live, located[index].offset, index, worker_decoders[worker],
                                         records[i - first].decoded.emplace());  // in place: no moves of the event
        else
          records[i - first].fetched = reader::fetch_libevtx_record(*file, RecordOrigin::live, index, options);
      }
      // The caller's per-event work runs here, in parallel, on what the built-in decoder read;
      // a failed record may still be replaced by libevtx's reading on the calling thread.
      if (options.prepare)
        for (LiveRecord& record : records)
          if (record.decoded && record.decoded->event && !record.decoded->failure) {
            options.prepare(*record.decoded->event);
            record.prepared = true;
          }
      return records;
    };
    // By default libevtx reads what the built-in decoder cannot (one chunk at a time).
    std::optional<reader::LibevtxRescue> rescue;
    if (options.decoder == DecoderChoice::automatic) rescue.emplace(impl_->bytes, located, options);
    const auto consume = [&](std::size_t batch, std::vector<LiveRecord>&& records) {
      for (std::size_t k = 0; k < records.size(); ++k) {
        LiveRecord& record = records[k];
        // What the built-in decoder could not read, libevtx may (one chunk at a time).
        if (record.decoded && record.decoded->failure && rescue)
          rescue_live(*rescue, to_decode[batch_starts[batch] + k], located, name, *record.decoded);
        reader::DecodedRecord elsewhere;  // a record the worker did not decode; the others stay where they are
        if (!record.decoded)
          elsewhere = record.repair ? walked.decode(*record.repair) : decoding.finish(std::move(*record.fetched));
        reader::DecodedRecord& decoded = record.decoded ? *record.decoded : elsewhere;
        if (const evtx::LocatedRecord* at = merger.walked(decoded))
          covered[static_cast<std::size_t>(at - located.data())] = true;
        else
          ++unlocated;
        merger.add(std::move(decoded), RecordOrigin::live, record.prepared);
      }
      if (batch % kBatchesBetweenReleases == kBatchesBetweenReleases - 1) impl_->bytes.release_resident_pages();
    };
    core::run_ordered_batches<std::vector<LiveRecord>>(batch_count, workers, 2 * workers, prepare, produce, consume);
    if (options.cross_check) {
      const auto open_whole = [&source]() {
        std::string ignored;
        return source.open(ignored);
      };
      source.widen();
      for (Diagnostic& d : reader::cross_check_live(impl_->bytes, name, located, open_whole, threads))
        summary.diagnostics.push_back(std::move(d));
    }
    // Live records libevtx's live list lacks (after damage, in a chunk whose signature is
    // damaged or past the header's chunk count): decoded from a repaired copy of their chunk.
    for (std::size_t i = 0; i < located.size(); ++i) {
      const bool skipped = skip.size() == located.size() && skip[i];
      if (covered[i] || located[i].duplicate || skipped) continue;
      merger.add(walked.decode(i), RecordOrigin::live);
    }
    summary.live_records = unlocated;
    for (const evtx::LocatedRecord& record : located) summary.live_records += record.duplicate ? 0 : 1;
  }
  // Recovered records: libevtx's recovery scan joined with evtxdiag's slack carver, which
  // knows their real offsets (see libevtx/recovered_records.hpp). A view holds every chunk
  // with a slack candidate, so libevtx lists the same recovered records over it.
  if (options.recovered) {
    reader::RecoveredResult recovered =
        reader::read_recovered(pass.candidates, located, libevtx_file.get(), decoding, options, name);
    summary.recovered_records = recovered.found;
    summary.recovered_fragments = recovered.fragments.size();
    for (auto& record : recovered.records) merger.add(std::move(record), RecordOrigin::recovered);
    for (Diagnostic& fragment : recovered.fragments) summary.diagnostics.push_back(std::move(fragment));
    for (Diagnostic& doubt : recovered.doubtful) summary.diagnostics.push_back(std::move(doubt));
    for (Diagnostic& d : decoding.take_differences()) summary.diagnostics.push_back(std::move(d));
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
