#pragma once
// libevtx as the second decoder: it reads the live records the built-in decoder
// cannot, and with ReadOptions::cross_check it reads every record again so that each
// difference between the two decoders is reported.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "evtxdiag/diagnostic.hpp"
#include "evtxdiag/event.hpp"
#include "evtxdiag/reader.hpp"
#include "format/record_locator.hpp"
#include "reader/input_bytes.hpp"
#include "reader/libevtx/libevtx_file.hpp"

namespace evtxdiag::reader {

/// Reads single live records with libevtx, opened over a view of the record's chunk only (one
/// chunk read instead of the whole file; kept for the chunk's next records). Calling thread only.
class LibevtxRescue {
 public:
  LibevtxRescue(const InputBytes& bytes, const std::vector<evtx::LocatedRecord>& located, const ReadOptions& options)
      : bytes_(bytes), located_(located), options_(options) {}
  ~LibevtxRescue();

  /// libevtx's event for walked live record `index` (source file, origin and offset not set),
  /// or nullopt with `error` ("libevtx: ...").
  std::optional<Event> decode(std::size_t index, std::string& error);

 private:
  const InputBytes& bytes_;
  const std::vector<evtx::LocatedRecord>& located_;
  const ReadOptions& options_;
  std::uint64_t chunk_ = UINT64_MAX;            ///< the chunk the open view holds
  std::unique_ptr<libevtx::LibevtxFile> file_;  ///< libevtx over that chunk (null: it refused)
  std::string open_error_;
  std::size_t chunk_first_ = 0;  ///< walk index of the chunk's first record
};

/// One record read by both decoders: a warning Diagnostic (kind decoder_difference) for each
/// field whose values differ - System fields, binary, and each data field's name, value, path
/// and type (when both give one) - or one saying that only one of them can read the record.
/// `builtin`/`libevtx` are null when that decoder failed, with its error. Nothing when both failed
/// (the read reports that record already).
void note_differences(const Event* builtin, const std::string& builtin_error, const Event* libevtx,
                      const std::string& libevtx_error, const std::string& file, std::vector<Diagnostic>& out);

/// The cross-check of the live records: every record libevtx lists is paired with the walked
/// record of the same record number (by position when both list the same records) and both
/// events are compared; records only one side lists are reported too. `open_libevtx` opens a
/// handle over the whole file (one per thread). Returns the differences in file order.
std::vector<Diagnostic> cross_check_live(const InputBytes& bytes, const std::string& file,
                                         const std::vector<evtx::LocatedRecord>& located,
                                         const std::function<std::unique_ptr<libevtx::LibevtxFile>()>& open_libevtx,
                                         unsigned threads);

}  // namespace evtxdiag::reader
