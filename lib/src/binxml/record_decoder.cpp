#include "binxml/record_decoder.hpp"

#include "binxml/document.hpp"
#include "binxml/render.hpp"
#include "binxml/shape.hpp"
#include "xml/event_xml.hpp"

namespace evtxdiag::binxml {
namespace {

RecordDecodeResult failure(std::string message, std::int64_t offset) {
  RecordDecodeResult result;
  result.error = std::move(message);
  result.error_offset = offset;
  return result;
}

}  // namespace

RecordDecodeResult decode_record(const std::uint8_t* data, std::size_t size, std::uint64_t record_offset,
                                 bool keep_xml, bool slack_record, bool keep_shape) {
  const auto at = static_cast<std::int64_t>(record_offset);
  if (!data || record_offset < evtx::kFileHeaderBlockSize || record_offset >= size)
    return failure("record offset outside the chunks of the file", at);
  const std::uint64_t chunk_start =
      evtx::kFileHeaderBlockSize + (record_offset - evtx::kFileHeaderBlockSize) / evtx::kChunkSize * evtx::kChunkSize;
  if (chunk_start + evtx::kChunkSize > size) return failure("record lies in a truncated chunk", at);
  const ChunkView chunk(data + chunk_start, chunk_start);
  const std::size_t record = static_cast<std::size_t>(record_offset - chunk_start);

  // Record header: signature, size, id, written time; the size copy closes the record.
  if (record < evtx::chunk_header::size || !ChunkView::contains(record, evtx::kRecordHeaderSize))
    return failure("record header outside its chunk", at);
  if (chunk.u32(record) != evtx::kRecordSignature) return failure("no record signature", at);
  const std::size_t record_size = chunk.u32(record + 4);
  if (record_size < evtx::kRecordHeaderSize + evtx::kRecordTrailerSize || !ChunkView::contains(record, record_size))
    return failure("record size " + std::to_string(record_size) + " does not fit its chunk", at + 4);

  TemplateCache cache(slack_record);
  std::vector<Node> document;
  ParseError error;
  const std::size_t begin = record + evtx::kRecordHeaderSize;
  const std::size_t end = record + record_size - evtx::kRecordTrailerSize;
  std::string xml;
  if (!parse_document(chunk, cache, begin, end, false, 0, document, error) ||
      !render_xml(chunk, cache, document, xml, error))
    return failure(error.message, chunk.file_offset_of(error.offset));
  if (xml.empty()) return failure("record holds no event element", at);

  RecordDecodeResult result;
  std::string why;
  if (!xml::parse_event_xml(xml, result.event, why)) return failure("decoded XML unusable: " + why, at);
  result.ok = true;
  result.event.decoder = DecoderKind::builtin;
  result.event.record_number = chunk.u64(record + 8);
  result.event.written_time = Timestamp{chunk.u64(record + 16)};
  result.event.file_offset = at;
  if (keep_xml) result.event.xml = std::move(xml);
  if (keep_shape) result.event.shape = event_shape(chunk, cache, document);
  return result;
}

}  // namespace evtxdiag::binxml
