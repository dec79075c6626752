#pragma once
// libevtx in one EvtxReader::read: where it reads from (the whole file, or a view of the chunks
// that matter), when it opens (early, on its own thread, when the whole file will be read), and
// which walked record each of its live records is.
#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "evtxdiag/reader.hpp"
#include "reader/file_pass.hpp"
#include "reader/input_bytes.hpp"
#include "reader/libevtx/chunk_view.hpp"
#include "reader/libevtx/libevtx_file.hpp"

namespace evtxdiag::reader {

// Where libevtx reads from: the whole file, or (with a pre-filter) a view of the chunks that
// hold records the caller may want. Opens one LibevtxFile per call (one per thread).
class LibevtxSource {
 public:
  explicit LibevtxSource(const InputBytes& bytes) : bytes_(bytes) {}

  void narrow_to(std::vector<std::uint64_t> chunks);
  void widen() { view_.reset(); }
  bool narrowed() const { return view_ != nullptr; }
  const std::vector<std::uint64_t>& view_chunks() const { return view_->chunks(); }
  const InputBytes& bytes() const { return bytes_; }

  std::unique_ptr<libevtx::LibevtxFile> open(std::string& error) const;

 private:
  const InputBytes& bytes_;
  std::shared_ptr<const libevtx::ChunkView> view_;
};

// The primary libevtx handle of one read, when the read needs one.
class LibevtxForRead {
 public:
  /// Starts opening the whole file at once, on its own thread, when libevtx will read all of it
  /// (no pre-filter) and there are threads to spare; `bytes` and `options` outlive this.
  LibevtxForRead(const InputBytes& bytes, const ReadOptions& options, unsigned threads);
  LibevtxForRead(const LibevtxForRead&) = delete;  // the opening thread holds `this`
  LibevtxForRead& operator=(const LibevtxForRead&) = delete;

  /// After the file pass: narrows libevtx to the chunks that matter (with a pre-filter), opens
  /// it, and widens it again when the view does not list exactly the walk's records. False
  /// when libevtx is needed and cannot open the file (error() says why).
  [[nodiscard]] bool open(const FilePass& pass, const FileInfo& info);
  const std::string& error() const { return error_; }

  /// The handle (null: not needed, or libevtx could not open the file).
  libevtx::LibevtxFile* file() const { return file_.get(); }
  /// Where the handles of other threads come from.
  LibevtxSource& source() { return source_; }
  /// While narrowed: the walk's index of each of libevtx's live records.
  const std::vector<std::size_t>& view_to_walk() const { return view_to_walk_; }

 private:
  const ReadOptions& options_;
  const bool needed_;
  const bool prefilter_;
  LibevtxSource source_;
  std::string error_;
  std::future<std::unique_ptr<libevtx::LibevtxFile>> opening_;
  std::unique_ptr<libevtx::LibevtxFile> file_;
  std::vector<std::size_t> view_to_walk_;
};

}  // namespace evtxdiag::reader
