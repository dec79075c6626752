#include "binxml/record_decoder.hpp"

#include "binxml/event_builder.hpp"
#include "binxml/shape.hpp"
#include "binxml/walk.hpp"
#include "binxml/xml_writer.hpp"

namespace evtxdiag::binxml {

RecordDecodeResult ChunkDecoder::decode(std::uint64_t record_offset, const DecodeOptions& options, bool slack_record) {
  RecordDecodeResult result;
  DecodeError error;
  result.ok = decode_into(record_offset, options, slack_record, result.event, error);
  if (!result.ok) {
    result.event = Event();
    result.error = std::move(error.message);
    result.error_offset = error.offset;
  }
  return result;
}

bool ChunkDecoder::decode_into(std::uint64_t record_offset, const DecodeOptions& options, bool slack_record,
                               Event& event, DecodeError& failed) {
  const auto failure = [&failed](std::string message, std::int64_t offset) {
    failed.message = std::move(message);
    failed.offset = offset;
    return false;
  };
  const auto at = static_cast<std::int64_t>(record_offset);
  if (!data_ || record_offset < evtx::kFileHeaderBlockSize || record_offset >= size_)
    return failure("record offset outside the chunks of the file", at);
  const std::uint64_t chunk_start =
      evtx::kFileHeaderBlockSize + (record_offset - evtx::kFileHeaderBlockSize) / evtx::kChunkSize * evtx::kChunkSize;
  if (chunk_start + evtx::kChunkSize > size_) return failure("record lies in a truncated chunk", at);
  if (chunk_start != chunk_start_) {
    chunk_start_ = chunk_start;
    live_cache_.reset();
    slack_cache_.reset();
  }
  std::unique_ptr<TemplateCache>& cache = slack_record ? slack_cache_ : live_cache_;
  if (!cache) cache = std::make_unique<TemplateCache>(slack_record);
  const ChunkView chunk(data_ + chunk_start, chunk_start);
  const std::size_t record = static_cast<std::size_t>(record_offset - chunk_start);

  // Record header: signature, size, id, written time; the size copy closes the record.
  if (record < evtx::chunk_header::size || !ChunkView::contains(record, evtx::kRecordHeaderSize))
    return failure("record header outside its chunk", at);
  if (chunk.u32(record) != evtx::kRecordSignature) return failure("no record signature", at);
  const std::size_t record_size = chunk.u32(record + 4);
  if (record_size < evtx::kRecordHeaderSize + evtx::kRecordTrailerSize || !ChunkView::contains(record, record_size))
    return failure("record size " + std::to_string(record_size) + " does not fit its chunk", at + 4);

  std::vector<Node> document;
  ParseError error;
  const std::size_t begin = record + evtx::kRecordHeaderSize;
  const std::size_t end = record + record_size - evtx::kRecordTrailerSize;
  if (!parse_document(chunk, *cache, begin, end, false, 0, document, error))
    return failure(error.message, chunk.file_offset_of(error.offset));

  EventBuilder builder(event);
  std::string xml;
  XmlWriter writer(xml);
  TeeSink both(builder, writer);
  if (!walk(chunk, *cache, document, options.keep_xml ? static_cast<Sink&>(both) : builder, error))
    return failure(error.message, chunk.file_offset_of(error.offset));
  if (!builder.any_element()) return failure("record holds no event element", at);
  if (!builder.complete()) return failure("record has no <Event><System> element", at);
  event.decoder = DecoderKind::builtin;
  event.record_number = chunk.u64(record + 8);
  event.written_time = Timestamp{chunk.u64(record + 16)};
  event.file_offset = at;
  if (options.keep_xml) {
    while (!xml.empty() && xml.back() == '\n') xml.pop_back();
    event.xml = std::move(xml);
  }
  if (options.keep_shape) event.shape = event_shape(chunk, *cache, document);
  return true;
}

RecordDecodeResult decode_record(const std::uint8_t* data, std::size_t size, std::uint64_t record_offset, bool keep_xml,
                                 bool slack_record, bool keep_shape) {
  ChunkDecoder decoder(data, size);
  DecodeOptions options;
  options.keep_xml = keep_xml;
  options.keep_shape = keep_shape;
  return decoder.decode(record_offset, options, slack_record);
}

}  // namespace evtxdiag::binxml
