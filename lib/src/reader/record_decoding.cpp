#include "reader/record_decoding.hpp"

#include <algorithm>

#include "format/format.hpp"
#include "reader/second_decoder.hpp"
#include "xml/event_xml.hpp"

namespace evtxdiag::reader {

RecordDecoding::RecordDecoding(const std::uint8_t* data, std::size_t size, std::string name,
                               const std::vector<evtx::LocatedRecord>& located, LibevtxFile* libevtx_file,
                               const ReadOptions& options)
    : data_(data),
      size_(size),
      name_(std::move(name)),
      located_(located),
      libevtx_(libevtx_file),
      options_(options),
      decoder_(data, size) {}

void RecordDecoding::set_origin(Event& event, RecordOrigin origin, std::int64_t offset) const {
  event.source_file = name_;
  event.origin = origin;
  if (offset >= 0) event.file_offset = offset;
}

DecodedRecord RecordDecoding::fail(RecordOrigin origin, std::uint64_t index, std::int64_t offset,
                                   std::string message) const {
  Diagnostic diagnostic;
  // Slack space is expected to hold partial records: losing one of them is a warning only.
  diagnostic.severity = origin == RecordOrigin::live ? Severity::error : Severity::warning;
  diagnostic.kind = origin == RecordOrigin::live ? DiagnosticKind::live_record_lost : DiagnosticKind::recovered_lost;
  diagnostic.file = name_;
  diagnostic.record_index = index;
  DecodedRecord result;
  if (offset >= 0) {
    diagnostic.offset = offset;
    if (static_cast<std::uint64_t>(offset) >= evtx::kFileHeaderBlockSize)
      diagnostic.chunk_index = (static_cast<std::uint64_t>(offset) - evtx::kFileHeaderBlockSize) / evtx::kChunkSize;
    if (const auto header = evtx::record_header_at(data_, size_, static_cast<std::uint64_t>(offset))) {
      diagnostic.record_id = header->record_id;
      // Lose nothing: the record's header is intact, so the record is delivered with what it
      // still says (record id and time), flagged. libevtx-only reads keep libevtx's view.
      if (options_.decoder != DecoderChoice::libevtx_only)
        result.event = payload_lost_event(*header, origin, offset, message);
    }
  }
  diagnostic.message = (origin == RecordOrigin::recovered ? "recovered record: " : "") + std::move(message);
  if (result.event) diagnostic.message += " (delivered with its record id and time only)";
  result.failure = std::move(diagnostic);
  return result;
}

Event RecordDecoding::payload_lost_event(const evtx::LocatedRecord& header, RecordOrigin origin, std::int64_t offset,
                                         const std::string& why) const {
  Event event;
  set_origin(event, origin, offset);
  event.decoder = DecoderKind::builtin;  // evtxdiag read the record header itself
  event.record_number = header.record_id;
  event.event_record_id = header.record_id;
  event.written_time = Timestamp{header.written_time};
  // Windows writes a record right after the event is raised: the written time stands in for
  // the lost TimeCreated, so that the record still sorts where it belongs.
  event.time_created = event.written_time;
  event.payload_lost = true;
  event.payload_loss = "payload not decodable, only the record header is kept: " + why;
  return event;
}

// libevtx 20181227 reports 0 as every record's offset, so a live record is found in the
// structural walk: the next walked record with the same record number (live records follow
// each other in file order). For a rejected record libevtx names the offset in its error text.
std::int64_t RecordDecoding::find_live_offset(std::uint64_t record_id) {
  for (std::size_t i = next_located_; i < located_.size(); ++i)
    if (located_[i].record_id == record_id) {
      next_located_ = i + 1;
      return static_cast<std::int64_t>(located_[i].offset);
    }
  return -1;
}

void RecordDecoding::passed_live_offset(std::int64_t offset) {
  const auto next = std::upper_bound(located_.begin(), located_.end(), offset,
                                     [](std::int64_t value, const evtx::LocatedRecord& record) {
                                       return value < static_cast<std::int64_t>(record.offset);
                                     });
  next_located_ = static_cast<std::size_t>(next - located_.begin());
}

std::optional<Event> RecordDecoding::try_builtin(RecordOrigin origin, std::uint64_t offset, std::string& error,
                                                 binxml::ChunkDecoder& decoder) const {
  // A recovered record lies in slack space: its template references must be checked against
  // newer records written over the definitions.
  binxml::DecodeOptions what;
  what.keep_xml = options_.keep_xml;
  what.keep_shape = options_.keep_shape;
  binxml::RecordDecodeResult decoded = decoder.decode(offset, what, origin == RecordOrigin::recovered);
  if (!decoded.ok) {
    error = "built-in decoder: " + decoded.error;
    return std::nullopt;
  }
  set_origin(decoded.event, origin, static_cast<std::int64_t>(offset));
  return std::move(decoded.event);
}

DecodedRecord RecordDecoding::decode_builtin_record(RecordOrigin origin, std::uint64_t offset, std::uint64_t index,
                                                    binxml::ChunkDecoder& decoder) const {
  DecodedRecord result;
  decode_builtin_record(origin, offset, index, decoder, result);
  return result;
}

void RecordDecoding::decode_builtin_record(RecordOrigin origin, std::uint64_t offset, std::uint64_t index,
                                           binxml::ChunkDecoder& decoder, DecodedRecord& result) const {
  binxml::DecodeOptions what;
  what.keep_xml = options_.keep_xml;
  what.keep_shape = options_.keep_shape;
  binxml::DecodeError error;
  Event& event = result.event.emplace();
  if (!decoder.decode_into(offset, what, origin == RecordOrigin::recovered, event, error)) {
    result = fail(origin, index, static_cast<std::int64_t>(offset), "built-in decoder: " + error.message);
    return;
  }
  set_origin(event, origin, static_cast<std::int64_t>(offset));
}

DecodedRecord RecordDecoding::decode_builtin_record(RecordOrigin origin, std::uint64_t offset,
                                                    std::uint64_t index) const {
  binxml::ChunkDecoder decoder(data_, size_);
  return decode_builtin_record(origin, offset, index, decoder);
}

FetchedRecord fetch_libevtx_record(LibevtxFile& file, RecordOrigin origin, std::uint64_t index,
                                   const ReadOptions& options) {
  FetchedRecord result;
  result.origin = origin;
  result.index = index;
  result.fetch = file.fetch(origin, index);
  if (options.decoder == DecoderChoice::builtin_only) return result;  // libevtx only locates the record
  RecordFetch& fetched = result.fetch;
  if (!fetched.ok) {
    result.problem = "libevtx: " + fetched.error;
    return result;
  }
  Event event;
  // The XML is written again from its parse: libevtx leaves `<` and control characters raw.
  if (!xml::parse_event_xml(fetched.xml, event, result.problem, options.keep_xml ? &event.xml : nullptr)) {
    result.problem = "libevtx: " + result.problem;
    return result;
  }
  event.decoder = DecoderKind::libevtx;
  event.record_number = fetched.record_id;
  event.written_time = Timestamp{fetched.written_time};
  fetched.xml = std::string();  // not needed any more: do not hold it while the batch waits
  result.event = std::move(event);
  return result;
}

DecodedRecord RecordDecoding::decode_libevtx_record(RecordOrigin origin, std::uint64_t index) {
  return finish(fetch_libevtx_record(*libevtx_, origin, index, options_));
}

DecodedRecord RecordDecoding::finish(FetchedRecord&& record) {
  const RecordOrigin origin = record.origin;
  const std::uint64_t index = record.index;
  RecordFetch& fetched = record.fetch;
  if (origin == RecordOrigin::recovered)
    fetched.offset = locate_recovered_ ? locate_recovered_(index, fetched) : -1;
  else if (fetched.ok)
    fetched.offset = find_live_offset(fetched.record_id);
  if (options_.decoder == DecoderChoice::builtin_only) {
    // libevtx only locates the record (recovered records come from its slack scan).
    if (fetched.offset < 0) return fail(origin, index, -1, "libevtx could not locate the record: " + fetched.error);
    return decode_builtin_record(origin, static_cast<std::uint64_t>(fetched.offset), index, decoder_);
  }
  if (options_.decoder == DecoderChoice::automatic && fetched.offset >= 0) {
    // The built-in decoder first; libevtx's event for what it cannot read.
    std::string builtin_error;
    std::optional<Event> builtin =
        try_builtin(origin, static_cast<std::uint64_t>(fetched.offset), builtin_error, decoder_);
    if (record.event) set_origin(*record.event, origin, fetched.offset);
    if (options_.cross_check)
      note_differences(builtin ? &*builtin : nullptr, builtin_error, record.event ? &*record.event : nullptr,
                       record.problem, name_, differences_);
    DecodedRecord result;
    if (builtin)
      result.event = std::move(builtin);
    else if (record.event)
      result.event = std::move(record.event);
    else
      return fail(origin, index, fetched.offset, builtin_error + "; " + record.problem);
    return result;
  }
  if (record.event) {
    set_origin(*record.event, origin, fetched.offset);
    DecodedRecord result;
    result.event = std::move(record.event);
    return result;
  }
  std::string& problem = record.problem;

  std::int64_t offset = fetched.offset;
  if (origin == RecordOrigin::live) {
    if (offset >= 0) {
      passed_live_offset(offset);
    } else if (next_located_ < located_.size()) {  // best guess: the record after the previous one
      offset = static_cast<std::int64_t>(located_[next_located_++].offset);
    }
  }
  if (options_.decoder != DecoderChoice::automatic || offset < 0) return fail(origin, index, offset, problem);

  std::string builtin_error;
  DecodedRecord fallback;
  fallback.event = try_builtin(origin, static_cast<std::uint64_t>(offset), builtin_error, decoder_);
  if (!fallback.event) return fail(origin, index, offset, problem + "; " + builtin_error);
  return fallback;
}

}  // namespace evtxdiag::reader
