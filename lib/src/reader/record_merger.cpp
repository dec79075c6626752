// RecordMerger: what one read delivers, once, in order (record_merger.hpp).
#include "reader/record_merger.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

namespace evtxdiag::reader {
namespace {

// FNV-1a over the decoded content of an event: what "identical" means for a recovered copy
// of a live record, whichever decoder produced either of them.
class ContentHash {
 public:
  void add(std::string_view text) {
    for (const char c : text) byte(static_cast<std::uint8_t>(c));
    byte(0xFF);  // separator: ("ab","c") and ("a","bc") differ
  }
  void add(std::uint64_t value) {
    for (int i = 0; i < 8; ++i) byte(static_cast<std::uint8_t>(value >> (8 * i)));
  }
  std::uint64_t value() const { return hash_; }

 private:
  void byte(std::uint8_t b) { hash_ = (hash_ ^ b) * 1099511628211ULL; }
  std::uint64_t hash_ = 14695981039346656037ULL;
};

std::uint64_t content_hash(const Event& e) {
  ContentHash h;
  for (const std::string* text : {&e.provider_name, &e.provider_guid, &e.event_source_name, &e.activity_id,
                                  &e.related_activity_id, &e.channel, &e.computer, &e.user_sid, &e.binary_hex})
    h.add(*text);
  // Optional values hash with a presence bit so that "absent" differs from 0.
  const auto optional_value = [](const auto& value) -> std::uint64_t {
    return value ? (std::uint64_t{*value} | (1ULL << 32)) : 0;
  };
  const std::initializer_list<std::uint64_t> numbers = {e.event_id,
                                                        optional_value(e.qualifiers),
                                                        e.version,
                                                        e.level,
                                                        e.task,
                                                        e.opcode,
                                                        e.keywords,
                                                        e.time_created.ticks,
                                                        e.written_time.ticks,
                                                        e.event_record_id,
                                                        optional_value(e.process_id),
                                                        optional_value(e.thread_id)};
  for (const std::uint64_t value : numbers) h.add(value);
  for (const DataField& field : e.data) {
    h.add(field.name);
    h.add(field.value);
  }
  return h.value();
}

}  // namespace

const evtx::LocatedRecord* RecordMerger::walked(const DecodedRecord& record) const {
  std::int64_t offset = record.event ? record.event->file_offset : -1;
  if (offset < 0 && record.failure && record.failure->offset) offset = *record.failure->offset;
  if (offset < 0) return nullptr;
  const auto at = std::lower_bound(located_.begin(), located_.end(), static_cast<std::uint64_t>(offset),
                                   [](const evtx::LocatedRecord& r, std::uint64_t o) { return r.offset < o; });
  return at != located_.end() && at->offset == static_cast<std::uint64_t>(offset) ? &*at : nullptr;
}

void RecordMerger::add(DecodedRecord&& record, RecordOrigin origin, bool prepared) {
  // A second copy of a live record (a chunk stored twice) is returned once; a record the walk
  // re-delimited says so.
  if (origin == RecordOrigin::live) {
    const evtx::LocatedRecord* at = walked(record);
    if (at && at->duplicate) return;
    if (at && record.event) record.event->record_damage = evtx::describe_repair(*at);
  }
  if (record.failure) {
    ++summary_.undecodable;
    if (origin == RecordOrigin::recovered) ++summary_.recovered_undecodable;
    summary_.diagnostics.push_back(std::move(*record.failure));
    if (!record.event) return;
  }
  Event& event = *record.event;
  // Only a read with recovered records needs the live records' hashes (memory per record).
  const std::uint64_t hash = options_.recovered ? content_hash(event) : 0;
  if (origin == RecordOrigin::live) {
    if (options_.recovered) live_content_[event.record_number].push_back({hash, event.written_time.ticks});
  } else if (duplicate_recovered(event, hash)) {
    // A payload-lost copy of a delivered record is already counted as undecodable.
    if (!event.payload_lost) ++summary_.recovered_duplicates;
    return;
  }
  if (event.payload_lost)
    ++(origin == RecordOrigin::live ? summary_.live_payload_lost : summary_.recovered_payload_lost);
  if (event.decoder == DecoderKind::builtin && !event.payload_lost) ++summary_.builtin_decoded;
  if (options_.want && !options_.want(event.provider_name, event.event_id)) {
    ++summary_.filtered_out;
    return;
  }
  if (!event.payload_lost) ++(origin == RecordOrigin::live ? summary_.live_decoded : summary_.recovered_decoded);
  if (event.time_created.valid()) {
    if (!summary_.first_event.valid() || event.time_created < summary_.first_event)
      summary_.first_event = event.time_created;
    if (event.time_created > summary_.last_event) summary_.last_event = event.time_created;
  }
  if (!prepared && options_.prepare) options_.prepare(event);
  sink_(std::move(event));
}

// A recovered record identical to a live one or to a recovered one already delivered (a
// payload-lost one: the same record id and written time as a live record).
bool RecordMerger::duplicate_recovered(const Event& event, std::uint64_t hash) {
  // Without its payload, the record id and written time say that it is the same record.
  const auto same = [&](const std::pair<std::uint64_t, std::uint64_t>& seen) {
    return event.payload_lost ? seen.second == event.written_time.ticks : seen.first == hash;
  };
  for (const auto* map : {&live_content_, &recovered_content_}) {
    const auto found = map->find(event.record_number);
    if (found != map->end() && std::any_of(found->second.begin(), found->second.end(), same)) return true;
  }
  recovered_content_[event.record_number].push_back({hash, event.written_time.ticks});
  return false;
}

}  // namespace evtxdiag::reader
