// LibevtxForRead: opening libevtx for one read (libevtx_for_read.hpp).
#include "reader/libevtx_for_read.hpp"

#include "format/format.hpp"

namespace evtxdiag::reader {
namespace {

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

// libevtx reads everything with --decoder libevtx; by default only the recovered list needs it
// up front (live records it reads one chunk at a time, when the built-in decoder fails). A
// build without libevtx (LibevtxFile::available() false) never opens it unless it is demanded
// (then every file says it cannot be read that way).
bool libevtx_needed(const ReadOptions& options) {
  return options.decoder == DecoderChoice::libevtx_only ||
         (options.decoder == DecoderChoice::automatic && options.recovered && libevtx::LibevtxFile::available());
}

}  // namespace

void LibevtxSource::narrow_to(std::vector<std::uint64_t> chunks) {
  view_ =
      std::make_shared<const libevtx::ChunkView>(bytes_.data(), bytes_.size(), bytes_.mapped_path(), std::move(chunks));
}

std::unique_ptr<libevtx::LibevtxFile> LibevtxSource::open(std::string& error) const {
  if (view_) return libevtx::LibevtxFile::open_view(view_, error);
  // A mapped file is opened by path for libevtx: it reads every chunk at open time, and
  // through the mapping those pages would all count as this process's memory.
  const std::string& path = bytes_.mapped_path();
  return path.empty() ? libevtx::LibevtxFile::open(bytes_.data(), bytes_.size(), error)
                      : libevtx::LibevtxFile::open_path(path, error);
}

// Without a pre-filter libevtx reads the whole file: with threads it opens (reading every
// chunk) while the file pass runs. With one, it waits for the pass to know which chunks matter.
LibevtxForRead::LibevtxForRead(const InputBytes& bytes, const ReadOptions& options, unsigned threads)
    : options_(options), needed_(libevtx_needed(options)), prefilter_(options.want && options.live), source_(bytes) {
  if (needed_ && !prefilter_ && threads > 1)
    opening_ = std::async(std::launch::async, [this] { return source_.open(error_); });
}

bool LibevtxForRead::open(const FilePass& pass, const FileInfo& info) {
  if (!needed_) return true;
  if (prefilter_ && options_.narrow_libevtx) {
    const std::uint64_t chunk_count = evtx::whole_chunks(source_.bytes().size());
    std::vector<std::uint64_t> chunks = chunks_for_libevtx(pass, info, chunk_count);
    if (chunks.size() < chunk_count) source_.narrow_to(std::move(chunks));
  }
  file_ = opening_.valid() ? opening_.get() : source_.open(error_);
  if (source_.narrowed()) {
    view_to_walk_ = located_in_chunks(pass.located, source_.view_chunks());
    // The view must list exactly the walked records of its chunks; otherwise libevtx reads
    // the whole file, as without the view, and nothing is skipped.
    if (!file_ || file_->record_count(RecordOrigin::live) != view_to_walk_.size()) {
      source_.widen();
      view_to_walk_.clear();
      file_ = source_.open(error_);
    }
  }
  return file_ != nullptr;
}

}  // namespace evtxdiag::reader
