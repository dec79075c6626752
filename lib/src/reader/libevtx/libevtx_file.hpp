#pragma once
// A libevtx file opened over bytes in memory (libbfio memory-range handle). The only wrapper
// of libevtx/libbfio calls; nothing here leaks a libevtx type.
//
// libevtx 20181227 pitfalls this wrapper respects (measured; README "Known libevtx limits"):
// - a record handle points into libevtx's record cache and silently changes once ~64 further
//   records are fetched: fetch() copies every value out and frees the record at once;
// - handles are not thread-safe: one LibevtxFile per thread. Opening is cheap (the bytes are
//   shared, not copied), so parallel readers open one each over the same buffer.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "evtxdiag/event.hpp"
#include "reader/libevtx/chunk_view.hpp"

namespace evtxdiag::libevtx {

/// Everything the reader needs from one libevtx record, copied out of libevtx.
struct RecordFetch {
  bool ok = false;
  std::int64_t offset = -1;        ///< file offset of the record (from libevtx or its error text)
  std::uint64_t record_id = 0;     ///< record header number (when ok)
  std::uint64_t written_time = 0;  ///< FILETIME (when ok)
  std::string xml;                 ///< UTF-8 event XML (when ok)
  std::string error;               ///< libevtx's root-cause message line (when !ok)
};

class LibevtxFile {
 public:
  /// Opens libevtx over [data, data + size), which must outlive the returned object and stay
  /// unchanged (libevtx only reads it). Returns nullptr and sets `error` when libevtx refuses.
  static std::unique_ptr<LibevtxFile> open(const std::uint8_t* data, std::size_t size, std::string& error);
  /// Opens libevtx over the file `path` read with ordinary reads (its chunks go into libevtx's
  /// own cache, so the file's pages never count as this process's memory). Same contract.
  static std::unique_ptr<LibevtxFile> open_path(const std::string& path, std::string& error);
  /// Opens libevtx over a chunk view of a file (see chunk_view.hpp): it reads only the view's
  /// chunks. Offsets this object reports (RecordFetch::offset) are real file offsets.
  static std::unique_ptr<LibevtxFile> open_view(std::shared_ptr<const ChunkView> view, std::string& error);
  ~LibevtxFile();
  LibevtxFile(const LibevtxFile&) = delete;
  LibevtxFile& operator=(const LibevtxFile&) = delete;

  /// Number of live (or recovered) records libevtx found.
  std::uint64_t record_count(RecordOrigin origin) const;
  /// libevtx's own "corrupted" flag (set when it met damaged chunks while opening).
  bool is_corrupted() const;
  /// Fetches record `index` of the live (or recovered) list and copies its values out.
  RecordFetch fetch(RecordOrigin origin, std::uint64_t index);

 private:
  struct Handles;
  explicit LibevtxFile(std::unique_ptr<Handles> handles);
  static std::unique_ptr<LibevtxFile> open_io(std::unique_ptr<Handles> handles, std::string& error);
  std::unique_ptr<Handles> handles_;
};

/// The useful part of a libevtx error backtrace: its first line (the deepest cause, e.g.
/// "libfwevt_xml_document_read_attribute: invalid binary XML token - unsupported type: 0x05"),
/// without the trailing period. Exposed for tests.
std::string root_cause(const std::string& backtrace);

/// The record offset libevtx names in a backtrace ("... element data at offset: 0x00001200"),
/// or -1. Exposed for tests.
std::int64_t offset_in_backtrace(const std::string& backtrace);

}  // namespace evtxdiag::libevtx
