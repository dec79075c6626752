#include "scan/scan.hpp"

#include <map>

#include "binxml/chunk.hpp"
#include "binxml/document.hpp"

namespace evtxdiag::scan {
namespace {

using binxml::Node;
using binxml::NodeKind;
namespace vt = evtx::value_type;

// Where a System field comes from in a template: literal text or substitution %index.
struct FieldSource {
  bool found = false;
  bool literal = false;
  std::string text;
  std::uint16_t index = 0;
};

// The System fields of one template definition, found once per chunk.
struct SystemLayout {
  bool usable = false;
  FieldSource provider, event_id, time_created;
  std::vector<std::uint16_t> must_not_be_null;  ///< optional substitutions that would drop Event/System
};

const Node* only_child_element(const std::vector<Node>& nodes, const char* name) {
  const Node* found = nullptr;
  for (const Node& node : nodes) {
    if (node.kind != NodeKind::element || node.name != name) continue;
    if (found) return nullptr;  // ambiguous
    found = &node;
  }
  return found;
}

FieldSource source_of(const std::vector<Node>& content) {
  FieldSource source;
  if (content.size() != 1) return source;
  const Node& node = content.front();
  if (node.kind == NodeKind::text) {
    source.found = source.literal = true;
    source.text = node.text;
  } else if (node.kind == NodeKind::substitution) {
    source.found = true;
    source.index = node.index;
  }
  return source;
}

SystemLayout layout_of(const binxml::TemplateDefinition& definition) {
  SystemLayout layout;
  const Node* event = only_child_element(definition.body, "Event");
  const Node* system = event ? only_child_element(event->children, "System") : nullptr;
  if (!system) return layout;
  for (const Node* parent : {event, system})
    for (const Node& child : parent->children)
      if (child.kind == NodeKind::substitution) layout.must_not_be_null.push_back(child.index);
  if (const Node* provider = only_child_element(system->children, "Provider")) {
    for (const auto& attribute : provider->attributes)
      if (attribute.name == "Name") layout.provider = source_of(attribute.content);
  }
  if (const Node* event_id = only_child_element(system->children, "EventID"))
    layout.event_id = source_of(event_id->children);
  if (const Node* time = only_child_element(system->children, "TimeCreated")) {
    for (const auto& attribute : time->attributes)
      if (attribute.name == "SystemTime") layout.time_created = source_of(attribute.content);
  }
  layout.usable = layout.provider.found && layout.event_id.found;
  return layout;
}

bool is_all_zero(const std::uint8_t* bytes, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i)
    if (bytes[i] != 0) return false;
  return true;
}

std::uint64_t unsigned_value(const binxml::ChunkView& chunk, const binxml::Value& value, bool& ok) {
  ok = true;
  switch (value.type) {
    case vt::uint8:
      if (value.size == 1) return chunk.u8(value.offset);
      break;
    case vt::uint16:
      if (value.size == 2) return chunk.u16(value.offset);
      break;
    case vt::uint32:
      if (value.size == 4) return chunk.u32(value.offset);
      break;
    default: break;
  }
  ok = false;
  return 0;
}

class ChunkScanner {
 public:
  ChunkScanner(const binxml::ChunkView& chunk, ScannedChunk& out) : chunk_(chunk), out_(out) {}

  bool run() {
    const binxml::ChunkHeader header = binxml::read_chunk_header(chunk_);
    if (!header.signature_ok) return reject(0, "no chunk signature");
    if (!header.header_size_ok) return reject(evtx::chunk_header::header_size, "chunk header size is not 128");
    if (!header.offsets_ok)
      return reject(evtx::chunk_header::free_space_offset, "free space or last record offset out of range");
    if (!header.header_checksum_ok)
      return reject(evtx::chunk_header::header_checksum, "chunk header checksum mismatch");
    if (!header.records_checksum_ok) return reject(evtx::chunk_header::records_checksum, "records checksum mismatch");
    if (header.last_record_offset == 0) return true;  // empty chunk
    std::size_t pos = evtx::chunk_header::size;
    std::size_t last_start = 0;
    while (pos <= header.last_record_offset) {
      std::size_t size = 0;
      last_start = pos;
      if (!record(pos, size)) return false;
      pos += size;
    }
    if (last_start != header.last_record_offset)
      return reject(evtx::chunk_header::last_record_offset, "no record starts at the last record offset");
    if (header.last_record_number < header.first_record_number ||
        header.last_record_number - header.first_record_number + 1 != out_.records.size())
      return reject(evtx::chunk_header::first_record_number, "record count differs from the chunk header");
    return true;
  }

 private:
  bool reject(std::size_t offset, std::string why) {
    out_.understood = false;
    out_.reason = std::move(why);
    out_.reason_offset = chunk_.file_offset_of(offset);
    out_.records.clear();
    return false;
  }

  bool record(std::size_t pos, std::size_t& size) {
    if (!binxml::ChunkView::contains(pos, evtx::kRecordHeaderSize) || chunk_.u32(pos) != evtx::kRecordSignature)
      return reject(pos, "no record signature where the chunk walk expects one");
    size = chunk_.u32(pos + 4);
    if (size < evtx::kRecordHeaderSize + evtx::kRecordTrailerSize || !binxml::ChunkView::contains(pos, size) ||
        chunk_.u32(pos + size - 4) != size)
      return reject(pos + 4, "record size or its copy is inconsistent");
    std::vector<Node> document;
    binxml::ParseError error;
    if (!binxml::parse_document(chunk_, cache_, pos + evtx::kRecordHeaderSize, pos + size - evtx::kRecordTrailerSize,
                                false, 0, document, error))
      return reject(error.offset, error.message);
    if (document.size() != 1 || document.front().kind != NodeKind::template_instance)
      return reject(pos, "record is not a single template instance");
    const Node& instance = document.front();
    const SystemLayout& layout = layout_for(*instance.definition);
    if (!layout.usable) return reject(instance.offset, "template has no plain Provider/@Name and EventID");
    const auto& values = instance.values;
    for (std::uint16_t index : layout.must_not_be_null)
      if (index >= values.size() || values[index].type == vt::null)
        return reject(instance.offset, "Event or System content is NULL");

    ScannedRecord scanned;
    scanned.record_id = chunk_.u64(pos + 8);
    scanned.file_offset = chunk_.file_offset() + pos;
    if (layout.provider.literal) {
      scanned.provider = layout.provider.text;
    } else {
      if (layout.provider.index >= values.size() || values[layout.provider.index].type != vt::string)
        return reject(instance.offset, "Provider/@Name is not a string value");
      const binxml::Value& value = values[layout.provider.index];
      binxml::append_utf16le(chunk_.at(value.offset), value.size / 2, scanned.provider, true);
    }
    if (layout.event_id.literal) {
      const std::string& text = layout.event_id.text;
      if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
        return reject(instance.offset, "literal EventID is not a number");
      scanned.event_id = static_cast<std::uint32_t>(std::stoul(text));
    } else {
      bool ok = layout.event_id.index < values.size();
      if (ok) scanned.event_id = static_cast<std::uint32_t>(unsigned_value(chunk_, values[layout.event_id.index], ok));
      if (!ok) return reject(instance.offset, "EventID is not an unsigned integer value");
    }
    const FieldSource& time = layout.time_created;
    if (time.found && !time.literal && time.index < values.size() && values[time.index].type == vt::filetime &&
        values[time.index].size == 8)
      scanned.time_created = Timestamp{chunk_.u64(values[time.index].offset)};
    out_.records.push_back(std::move(scanned));
    return true;
  }

  const SystemLayout& layout_for(const binxml::TemplateDefinition& definition) {
    auto found = layouts_.find(definition.offset);
    if (found == layouts_.end()) found = layouts_.emplace(definition.offset, layout_of(definition)).first;
    return found->second;
  }

  const binxml::ChunkView& chunk_;
  ScannedChunk& out_;
  binxml::TemplateCache cache_;
  std::map<std::size_t, SystemLayout> layouts_;
};

}  // namespace

ScannedChunk scan_chunk(const std::uint8_t* data, std::size_t size, std::uint64_t index) {
  ScannedChunk out;
  out.index = index;
  out.file_offset = evtx::kFileHeaderBlockSize + index * evtx::kChunkSize;
  if (!data || size < evtx::kFileHeaderBlockSize || index >= (size - evtx::kFileHeaderBlockSize) / evtx::kChunkSize) {
    out.reason = "chunk lies past the end of the file";
    return out;
  }
  const std::uint8_t* bytes = data + out.file_offset;
  if (is_all_zero(bytes, evtx::kChunkSize)) {
    out.unused = true;
    out.reason = "unused (all-zero) chunk";
    return out;
  }
  const binxml::ChunkView chunk(bytes, out.file_offset);
  out.understood = true;
  ChunkScanner(chunk, out).run();
  return out;
}

ScanResult scan_file(const std::uint8_t* data, std::size_t size) {
  ScanResult result;
  if (!data || size < evtx::kFileHeaderBlockSize) return result;
  const std::uint64_t chunks = (size - evtx::kFileHeaderBlockSize) / evtx::kChunkSize;
  result.chunks.reserve(chunks);
  for (std::uint64_t i = 0; i < chunks; ++i) result.chunks.push_back(scan_chunk(data, size, i));
  return result;
}

}  // namespace evtxdiag::scan
