// The live pass of EvtxReader::read (live_pass.hpp).
#include "reader/live_pass.hpp"

#include <algorithm>
#include <optional>

#include "binxml/record_decoder.hpp"
#include "core/ordered_batches.hpp"
#include "reader/second_decoder.hpp"
#include "reader/walked_records.hpp"

namespace evtxdiag::reader {
namespace {

// Records decoded before their results are merged: the unit of work of one worker (with its
// own LibevtxFile); the merge keeps index order. A batch ends at this many records or record
// bytes, whichever comes first: libevtx's cost follows the bytes, and a log of few large
// records (PowerShell script blocks of 28 KB) would otherwise give one worker nearly all.
constexpr std::uint64_t kBatchSize = 256;
constexpr std::uint64_t kBatchBytes = 128 * 1024;

// A live record decoded on a worker: finished already (built-in decoder at a walk offset) or
// fetched from libevtx and still to be located by RecordDecoding::finish in index order.
struct LiveRecord {
  std::optional<DecodedRecord> decoded;
  std::optional<FetchedRecord> fetched;
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
void rescue_live(LibevtxRescue& rescue, std::size_t index, const std::vector<evtx::LocatedRecord>& located,
                 const std::string& name, DecodedRecord& record) {
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

// One live pass: its plan, the workers' handles and decoders, and which walked records the
// merge has covered.
class LivePass {
 public:
  explicit LivePass(const LivePassInput& in)
      : in_(in),
        located_(in.file_pass.located),
        live_from_walk_(in.options.decoder != DecoderChoice::libevtx_only),
        walked_decoder_(in.bytes.data(), in.bytes.size(), in.bytes.real_size(), in.name, located_, in.options),
        covered_(located_.size(), false),
        plan_(plan()),
        workers_(worker_count()),
        worker_files_(workers_) {
    for (unsigned worker = 0; worker < workers_; ++worker)
      worker_decoders_.emplace_back(in.bytes.data(), in.bytes.size());
    // By default libevtx reads what the built-in decoder cannot (one chunk at a time).
    if (in.options.decoder == DecoderChoice::automatic) rescue_.emplace(in.bytes, located_, in.options);
  }

  void run(ReadSummary& summary) {
    // Workers decode batches of records; this thread finishes and merges them in index order.
    // Worker 0 is this thread with the primary handle; the others open their own (libevtx
    // handles are not thread-safe), over the same bytes.
    core::run_ordered_batches<std::vector<LiveRecord>>(
        plan_.batch_starts.size() - 1, workers_, 2 * workers_, [this](unsigned worker) { return prepare(worker); },
        [this](unsigned worker, std::size_t batch) { return produce(worker, batch); },
        [this](std::size_t batch, std::vector<LiveRecord>&& records) { consume(batch, std::move(records)); });
    if (in_.options.cross_check) cross_check(summary.diagnostics);
    decode_uncovered();
    summary.live_records = unlocated_;
    for (const evtx::LocatedRecord& record : located_) summary.live_records += record.duplicate ? 0 : 1;
  }

 private:
  LivePlan plan() const {
    const bool narrowed = in_.libevtx.source().narrowed() && !live_from_walk_;
    const libevtx::LibevtxFile* libevtx_file = in_.libevtx.file();
    const std::uint64_t listed = live_from_walk_ || narrowed ? located_.size()
                                 : libevtx_file              ? libevtx_file->record_count(RecordOrigin::live)
                                                             : 0;
    return plan_live_decode(located_, in_.file_pass.skip, narrowed ? &in_.libevtx.view_to_walk() : nullptr, listed,
                            live_from_walk_, in_.bytes.size());
  }

  unsigned worker_count() const {
    if (live_from_walk_) return in_.threads;
    return static_cast<unsigned>(
        std::min<std::uint64_t>(in_.threads, 1 + plan_.bytes_to_decode / kRecordBytesPerExtraHandle));
  }

  bool prepare(unsigned worker) {
    if (live_from_walk_) return true;
    std::string ignored;
    worker_files_[worker] = in_.libevtx.source().open(ignored);
    return worker_files_[worker] != nullptr;  // without a handle, the other workers do the work
  }

  std::vector<LiveRecord> produce(unsigned worker, std::size_t batch) {
    libevtx::LibevtxFile* file = worker == 0 ? in_.libevtx.file() : worker_files_[worker].get();
    const std::size_t first = plan_.batch_starts[batch];
    const std::size_t last = plan_.batch_starts[batch + 1];
    std::vector<LiveRecord> records(last - first);
    for (std::size_t i = first; i < last; ++i) {
      const std::uint64_t index = plan_.to_decode[i];
      if (live_from_walk_ && needs_repaired_chunk(located_[index], in_.file_pass.walks))
        records[i - first].repair = index;  // decoded on this thread (walked_records.hpp)
      else if (live_from_walk_)
        in_.decoding.decode_builtin_record(RecordOrigin::live, located_[index].offset, index, worker_decoders_[worker],
                                           records[i - first].decoded.emplace());  // in place: no moves of the event
      else
        records[i - first].fetched = fetch_libevtx_record(*file, RecordOrigin::live, index, in_.options);
    }
    // The caller's per-event work runs here, in parallel, on what the built-in decoder read;
    // a failed record may still be replaced by libevtx's reading on the calling thread.
    if (in_.options.prepare)
      for (LiveRecord& record : records)
        if (record.decoded && record.decoded->event && !record.decoded->failure) {
          in_.options.prepare(*record.decoded->event);
          record.prepared = true;
        }
    return records;
  }

  void consume(std::size_t batch, std::vector<LiveRecord>&& records) {
    for (std::size_t k = 0; k < records.size(); ++k) {
      LiveRecord& record = records[k];
      // What the built-in decoder could not read, libevtx may (one chunk at a time).
      if (record.decoded && record.decoded->failure && rescue_)
        rescue_live(*rescue_, plan_.to_decode[plan_.batch_starts[batch] + k], located_, in_.name, *record.decoded);
      DecodedRecord elsewhere;  // a record the worker did not decode; the others stay where they are
      if (!record.decoded)
        elsewhere =
            record.repair ? walked_decoder_.decode(*record.repair) : in_.decoding.finish(std::move(*record.fetched));
      DecodedRecord& decoded = record.decoded ? *record.decoded : elsewhere;
      if (const evtx::LocatedRecord* at = in_.merger.walked(decoded))
        covered_[static_cast<std::size_t>(at - located_.data())] = true;
      else
        ++unlocated_;
      in_.merger.add(std::move(decoded), RecordOrigin::live, record.prepared);
    }
    if (batch % kBatchesBetweenReleases == kBatchesBetweenReleases - 1) in_.bytes.release_resident_pages();
  }

  void cross_check(std::vector<Diagnostic>& diagnostics) {
    LibevtxSource& source = in_.libevtx.source();
    const auto open_whole = [&source]() {
      std::string ignored;
      return source.open(ignored);
    };
    source.widen();
    for (Diagnostic& d : cross_check_live(in_.bytes, in_.name, located_, open_whole, in_.threads))
      diagnostics.push_back(std::move(d));
  }

  // Live records libevtx's live list lacks (after damage, in a chunk whose signature is
  // damaged or past the header's chunk count): decoded from a repaired copy of their chunk.
  void decode_uncovered() {
    const std::vector<bool>& skip = in_.file_pass.skip;
    for (std::size_t i = 0; i < located_.size(); ++i) {
      const bool skipped = skip.size() == located_.size() && skip[i];
      if (covered_[i] || located_[i].duplicate || skipped) continue;
      in_.merger.add(walked_decoder_.decode(i), RecordOrigin::live);
    }
  }

  const LivePassInput& in_;
  const std::vector<evtx::LocatedRecord>& located_;
  // Live records come from the structural walk and the built-in decoder, except with
  // --decoder libevtx.
  const bool live_from_walk_;
  WalkedRecordDecoder walked_decoder_;
  std::vector<bool> covered_;  // walked records the live pass returned
  const LivePlan plan_;
  const unsigned workers_;
  std::vector<std::unique_ptr<libevtx::LibevtxFile>> worker_files_;
  std::vector<binxml::ChunkDecoder> worker_decoders_;  // one per worker: it caches the chunk's templates
  std::optional<LibevtxRescue> rescue_;
  std::uint64_t unlocated_ = 0;  // libevtx's live records the walk does not hold
};

}  // namespace

void read_live_records(const LivePassInput& input, ReadSummary& summary) { LivePass(input).run(summary); }

}  // namespace evtxdiag::reader
