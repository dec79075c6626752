#include "reader/record_decoding.hpp"

#include <algorithm>

#include "binxml/record_decoder.hpp"
#include "format/format.hpp"
#include "xml/event_xml.hpp"

namespace evtxdiag::reader {
namespace {

// libevtx 20181227 prints a negative signed integer wrongly: Int32 -2139619167 (an HRESULT,
// 0x807800A1) as -7864481, without its sign bit. Any value that reads as a negative integer may
// be such a one.
bool has_negative_integer(const Event& event) {
  for (const DataField& field : event.data) {
    const std::string& v = field.value;
    if (v.size() > 1 && v[0] == '-' &&
        std::all_of(v.begin() + 1, v.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return true;
  }
  return false;
}

std::string trim_trailing_space(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

RecordDecoding::RecordDecoding(const std::uint8_t* data, std::size_t size, std::string name,
                               const std::vector<evtx::LocatedRecord>& located, LibevtxFile* libevtx_file,
                               const ReadOptions& options)
    : data_(data), size_(size), name_(std::move(name)), located_(located), libevtx_(libevtx_file), options_(options) {}

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

std::optional<Event> RecordDecoding::try_builtin(RecordOrigin origin, std::uint64_t offset, std::string& error) const {
  // A recovered record lies in slack space: its template references must be checked against
  // newer records written over the definitions.
  binxml::RecordDecodeResult decoded =
      binxml::decode_record(data_, size_, offset, options_.keep_xml, origin == RecordOrigin::recovered, options_.keep_shape);
  if (!decoded.ok) {
    error = "built-in decoder: " + decoded.error;
    return std::nullopt;
  }
  decoded.event.decoder = DecoderKind::builtin;
  set_origin(decoded.event, origin, static_cast<std::int64_t>(offset));
  return std::move(decoded.event);
}

DecodedRecord RecordDecoding::decode_builtin_record(RecordOrigin origin, std::uint64_t offset,
                                                   std::uint64_t index) const {
  std::string error;
  DecodedRecord result;
  result.event = try_builtin(origin, offset, error);
  if (!result.event) return fail(origin, index, static_cast<std::int64_t>(offset), error);
  return result;
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
  if (!xml::parse_event_xml(fetched.xml, event, result.problem)) {
    result.problem = "libevtx: " + result.problem;
    return result;
  }
  event.decoder = DecoderKind::libevtx;
  event.record_number = fetched.record_id;
  event.written_time = Timestamp{fetched.written_time};
  if (options.keep_xml) event.xml = trim_trailing_space(std::move(fetched.xml));
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
    return decode_builtin_record(origin, static_cast<std::uint64_t>(fetched.offset), index);
  }
  if (record.event && options_.decoder == DecoderChoice::automatic && fetched.offset >= 0 &&
      has_negative_integer(*record.event)) {
    // The built-in decoder prints negative integers right; libevtx's text would give the
    // diagnosis another code. Identical otherwise (tests/scripts/test_builtin_decoder.py).
    std::string ignored;
    if (auto builtin = try_builtin(origin, static_cast<std::uint64_t>(fetched.offset), ignored)) {
      if (options_.keep_xml) builtin->xml = trim_trailing_space(std::move(builtin->xml));
      DecodedRecord result;
      result.event = std::move(builtin);
      return result;
    }
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
  fallback.event = try_builtin(origin, static_cast<std::uint64_t>(offset), builtin_error);
  if (!fallback.event) return fail(origin, index, offset, problem + "; " + builtin_error);
  return fallback;
}

}  // namespace evtxdiag::reader
