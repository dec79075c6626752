// EvtxReader: opens the input bytes, checks the file header, and streams live then recovered
// records through RecordDecoding in batches, merging their results in index order.
#include <algorithm>
#include <string>
#include <vector>

#include "core/ordered_batches.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/reader.hpp"
#include "format/format.hpp"
#include "format/record_locator.hpp"
#include "reader/file_pass.hpp"
#include "reader/input_bytes.hpp"
#include "reader/libevtx_for_read.hpp"
#include "reader/live_pass.hpp"
#include "reader/record_decoding.hpp"
#include "reader/record_merger.hpp"
#include "reader/recovered_records.hpp"

namespace evtxdiag {
namespace {

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

bool is_live_offset(const std::vector<evtx::LocatedRecord>& located, std::uint64_t offset) {
  const auto at = std::lower_bound(located.begin(), located.end(), offset,
                                   [](const evtx::LocatedRecord& r, std::uint64_t o) { return r.offset < o; });
  return at != located.end() && at->offset == offset;
}

// --decoder libevtx cannot read a file libevtx cannot open: then that is an error, not a warning.
Diagnostic libevtx_refused(const std::string& name, const std::string& why, const ReadOptions& options) {
  Diagnostic d = file_warning(name, "libevtx cannot open the file: " + why);
  if (options.decoder == DecoderChoice::libevtx_only) d.severity = Severity::error;
  return d;
}

// Recovered records: libevtx's recovery scan joined with evtxdiag's slack carver, which
// knows their real offsets (see libevtx/recovered_records.hpp). A view holds every chunk
// with a slack candidate, so libevtx lists the same recovered records over it.
void read_recovered_records(const reader::FilePass& pass, libevtx::LibevtxFile* libevtx_file,
                            reader::RecordDecoding& decoding, reader::RecordMerger& merger, const ReadOptions& options,
                            ReadSummary& summary) {
  reader::RecoveredResult recovered =
      reader::read_recovered(pass.candidates, pass.located, libevtx_file, decoding, options, summary.info.path);
  summary.recovered_records = recovered.found;
  summary.recovered_fragments = recovered.fragments.size();
  for (auto& record : recovered.records) merger.add(std::move(record), RecordOrigin::recovered);
  for (Diagnostic& fragment : recovered.fragments) summary.diagnostics.push_back(std::move(fragment));
  for (Diagnostic& doubt : recovered.doubtful) summary.diagnostics.push_back(std::move(doubt));
  for (Diagnostic& d : decoding.take_differences()) summary.diagnostics.push_back(std::move(d));
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
  const unsigned threads = core::resolve_thread_count(options.threads);
  const bool prefilter = options.want && options.live;
  reader::LibevtxForRead libevtx(impl_->bytes, options, threads);  // may start opening now

  // Pass 1: walk, scan and carve every chunk (workers), merged in file order here.
  const reader::FilePass pass =
      reader::run_file_pass(impl_->bytes, prefilter ? options.want : nullptr, options.recovered, threads, name);
  summary.accounting = pass.accounting.counts;
  summary.diagnostics.insert(summary.diagnostics.end(), pass.accounting.diagnostics.begin(),
                             pass.accounting.diagnostics.end());

  // libevtx over the chunks that matter, when that leaves some out.
  if (!libevtx.open(pass, impl_->info)) summary.diagnostics.push_back(libevtx_refused(name, libevtx.error(), options));

  reader::RecordDecoding decoding(impl_->bytes.data(), impl_->bytes.size(), name, pass.located, libevtx.file(),
                                  options);
  reader::RecordMerger merger(summary, options, sink, pass.located);
  if (options.live)
    reader::read_live_records({impl_->bytes, name, pass, libevtx, decoding, merger, options, threads}, summary);
  if (options.recovered) read_recovered_records(pass, libevtx.file(), decoding, merger, options, summary);
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