#pragma once
// evtxdiag's own binary-XML decoder, the default decoder: records straight to the
// event model (and the event XML when asked), without an XML text in between. Works on the
// whole file's bytes; every read is bounds-checked.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "binxml/document.hpp"
#include "evtxdiag/event.hpp"

namespace evtxdiag::binxml {

/// Outcome of decoding one record.
struct RecordDecodeResult {
  bool ok = false;
  Event event;                     ///< when ok: decoder = builtin; the caller sets source_file/origin
  std::string error;               ///< when !ok: why
  std::int64_t error_offset = -1;  ///< file offset where decoding failed, when known
};

/// Why a record could not be decoded.
struct DecodeError {
  std::string message;
  std::int64_t offset = -1;  ///< file offset where decoding failed, when known
};

/// What to produce besides the event.
struct DecodeOptions {
  bool keep_xml = false;    ///< fill Event::xml
  bool keep_shape = false;  ///< fill Event::shape (value types and payload structure, binxml/shape.hpp)
};

/// Decodes the records of one chunk after another, parsing each template definition of the
/// chunk once (the first record that uses it) for all the chunk's records. One per thread:
/// it holds the chunk's caches. Records of another chunk reset the caches.
class ChunkDecoder {
 public:
  /// [data, data + size): the whole file.
  ChunkDecoder(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  /// Decodes the record whose signature "**\0\0" starts at file offset `record_offset`. The
  /// decoder never reads outside the record's chunk. Never throws.
  /// `slack_record`: the record was carved from slack space; a template it references elsewhere
  /// in the chunk must still be there (see TemplateCache), else the error says it is overwritten.
  RecordDecodeResult decode(std::uint64_t record_offset, const DecodeOptions& options, bool slack_record = false);
  /// decode() into `event`, a default-constructed Event filled where it lies (dump moved each
  /// event ~6 times on its way to the output: ~800 instructions each). False with `error` when
  /// the record cannot be decoded; `event` is then partly filled and must be dropped.
  bool decode_into(std::uint64_t record_offset, const DecodeOptions& options, bool slack_record, Event& event,
                   DecodeError& error);

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::uint64_t chunk_start_ = 0;  ///< file offset of the cached chunk; 0 = none
  std::unique_ptr<TemplateCache> live_cache_;
  std::unique_ptr<TemplateCache> slack_cache_;
};

/// One record with a decoder of its own (no cache shared with other records).
RecordDecodeResult decode_record(const std::uint8_t* data, std::size_t size, std::uint64_t record_offset, bool keep_xml,
                                 bool slack_record = false, bool keep_shape = false);

}  // namespace evtxdiag::binxml
