#pragma once
// evtxdiag's own binary-XML decoder for one event record: the checked fallback for records
// libevtx rejects (issue 12). Works on the whole file's bytes; every read is bounds-checked.
#include <cstddef>
#include <cstdint>
#include <string>

#include "evtxdiag/event.hpp"

namespace evtxdiag::binxml {

/// Outcome of decoding one record.
struct RecordDecodeResult {
  bool ok = false;
  Event event;                     ///< when ok: decoder = builtin; the caller sets source_file/origin
  std::string error;               ///< when !ok: why
  std::int64_t error_offset = -1;  ///< file offset where decoding failed, when known
};

/// Decodes the record whose signature "**\0\0" starts at file offset `record_offset` in the
/// whole-file buffer [data, data + size). The chunk is (record_offset - 4096) / 65536; the
/// decoder never reads outside that chunk. Never throws.
/// `slack_record`: the record was carved from slack space; a template it references elsewhere
/// in the chunk must still be there (see TemplateCache), else the error says it is overwritten.
/// `keep_shape`: also fill Event::shape (value types and payload structure, binxml/shape.hpp).
RecordDecodeResult decode_record(const std::uint8_t* data, std::size_t size, std::uint64_t record_offset,
                                 bool keep_xml, bool slack_record = false, bool keep_shape = false);

}  // namespace evtxdiag::binxml
