#include "writer/chunk_builder.hpp"

#include <algorithm>
#include <cstring>

#include "format/format.hpp"

namespace evtxdiag::evtx {

ChunkBuilder::ChunkBuilder() : bytes_(chunk_header::size, 0) {}

void ChunkBuilder::put_u16(std::uint16_t v) {
  for (int k = 0; k < 2; ++k) bytes_.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
}
void ChunkBuilder::put_u32(std::uint32_t v) {
  for (int k = 0; k < 4; ++k) bytes_.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
}
void ChunkBuilder::put_u64(std::uint64_t v) {
  for (int k = 0; k < 8; ++k) bytes_.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
}
void ChunkBuilder::patch_u16(std::size_t at, std::uint16_t v) {
  for (std::size_t k = 0; k < 2; ++k) bytes_[at + k] = static_cast<std::uint8_t>(v >> (8 * k));
}
void ChunkBuilder::patch_u32(std::size_t at, std::uint32_t v) {
  for (std::size_t k = 0; k < 4; ++k) bytes_[at + k] = static_cast<std::uint8_t>(v >> (8 * k));
}

// Name reference (section 4.2): the first use in the chunk stores the structure inline right
// after the offset field and links it into the string table (newest first in its bucket).
void ChunkBuilder::write_name(const std::u16string& name) {
  const auto known = names_.find(name);
  if (known != names_.end()) {
    put_u32(known->second);
    return;
  }
  const std::uint32_t at = offset() + 4;
  put_u32(at);
  const std::uint16_t hash = name_hash(name);
  const std::size_t bucket = chunk_header::string_table + 4 * (hash % chunk_header::string_buckets);
  put_u32(load_u32(&bytes_[bucket]));  // previous head of the bucket
  put_u16(hash);
  put_u16(static_cast<std::uint16_t>(name.size()));
  for (char16_t c : name) put_u16(static_cast<std::uint16_t>(c));
  put_u16(0);
  patch_u32(bucket, at);
  names_.emplace(name, at);
  staged_names_.push_back(name);
}

void ChunkBuilder::write_substitution(const Substitution& sub) {
  put_u8(sub.optional ? token::optional_substitution : token::normal_substitution);
  put_u16(sub.index);
  put_u8(sub.type);
}

void ChunkBuilder::write_text(const std::u16string& text) {
  put_u8(token::value);
  put_u8(value_type::string);
  put_u16(static_cast<std::uint16_t>(text.size()));
  for (char16_t c : text) put_u16(static_cast<std::uint16_t>(c));
}

// Element inside a template definition (section 6.3): always with a dependency id; the data
// size and attribute list size are patched once the element is complete (libevtx checks both).
void ChunkBuilder::write_element(const TemplateElement& element) {
  const bool has_attributes = !element.attributes.empty();
  put_u8(has_attributes ? token::open_start_element | token::more_flag : token::open_start_element);
  put_u16(element.dependency);
  const std::size_t data_size_at = bytes_.size();
  put_u32(0);
  write_name(element.name);
  if (has_attributes) {
    const std::size_t list_size_at = bytes_.size();
    put_u32(0);
    for (std::size_t i = 0; i < element.attributes.size(); ++i) {
      const TemplateAttribute& attribute = element.attributes[i];
      const bool last = i + 1 == element.attributes.size();
      put_u8(last ? token::attribute : token::attribute | token::more_flag);
      write_name(attribute.name);
      if (attribute.substitution)
        write_substitution(*attribute.substitution);
      else
        write_text(attribute.text);
    }
    patch_u32(list_size_at, static_cast<std::uint32_t>(bytes_.size() - list_size_at - 4));
  }
  const bool has_content = !element.children.empty() || !element.text.empty() || element.substitution;
  if (!has_content && element.close_empty) {
    put_u8(token::close_empty_element);
  } else {
    put_u8(token::close_start_element);
    for (const TemplateElement& child : element.children) write_element(child);
    if (!element.text.empty()) write_text(element.text);
    if (element.substitution) write_substitution(*element.substitution);
    put_u8(token::end_element);
  }
  patch_u32(data_size_at, static_cast<std::uint32_t>(bytes_.size() - data_size_at - 4));
}

// Template instance (section 6.7-6.9): inline definition on first use in this chunk, linked
// into the template table by the hash of its GUID; then the value descriptors and values.
void ChunkBuilder::write_instance(const TemplateInstance& instance) {
  const std::string key = canonical_key(instance.root);
  const std::array<std::uint8_t, 16> guid = template_guid(key);
  put_u8(token::template_instance);
  put_u8(0x01);
  put_u32(load_u32(guid.data()));
  const auto known = templates_.find(key);
  if (known != templates_.end()) {
    put_u32(known->second);
  } else {
    const std::uint32_t at = offset() + 4;
    put_u32(at);
    std::uint32_t h = 0;
    for (std::size_t k = 0; k < 16; k += 2) h = h * 65599U + load_u16(&guid[k]);
    const std::size_t bucket = chunk_header::template_table + 4 * (h % chunk_header::template_buckets);
    put_u32(load_u32(&bytes_[bucket]));
    bytes_.insert(bytes_.end(), guid.begin(), guid.end());
    const std::size_t body_size_at = bytes_.size();
    put_u32(0);
    put_u8(token::fragment_header), put_u8(1), put_u8(1), put_u8(0);
    write_element(instance.root);
    put_u8(token::eof);
    patch_u32(body_size_at, static_cast<std::uint32_t>(bytes_.size() - body_size_at - 4));
    patch_u32(bucket, at);
    templates_.emplace(key, at);
    staged_templates_.push_back(key);
  }
  put_u32(static_cast<std::uint32_t>(instance.values.size()));
  const std::size_t descriptors_at = bytes_.size();
  for (const TemplateValue& value : instance.values) {
    put_u16(0);
    put_u8(value.type);
    put_u8(0);
  }
  for (std::size_t i = 0; i < instance.values.size(); ++i) {
    const TemplateValue& value = instance.values[i];
    const std::size_t start = bytes_.size();
    if (value.nested)
      write_fragment(*value.nested);
    else
      bytes_.insert(bytes_.end(), value.bytes.begin(), value.bytes.end());
    // An oversized value makes the record too large for any chunk, so try_append refuses it
    // before the truncated size could matter.
    patch_u16(descriptors_at + 4 * i, static_cast<std::uint16_t>(std::min<std::size_t>(bytes_.size() - start, 0xFFFF)));
  }
}

void ChunkBuilder::write_fragment(const TemplateInstance& instance) {
  put_u8(token::fragment_header), put_u8(1), put_u8(1), put_u8(0);
  write_instance(instance);
  put_u8(token::eof);
}

bool ChunkBuilder::try_append(std::uint64_t record_number, std::uint64_t record_id, std::uint64_t written_filetime,
                              const TemplateInstance& root) {
  const std::size_t start = bytes_.size();
  std::uint8_t tables[chunk_header::size - chunk_header::string_table];
  std::memcpy(tables, &bytes_[chunk_header::string_table], sizeof tables);
  staged_names_.clear();
  staged_templates_.clear();

  put_u32(kRecordSignature);
  put_u32(0);
  put_u64(record_id);
  put_u64(written_filetime);
  write_fragment(root);
  while ((bytes_.size() - start + kRecordTrailerSize) % 8 != 0) put_u8(0);
  const auto size = static_cast<std::uint32_t>(bytes_.size() - start + kRecordTrailerSize);
  put_u32(size);
  patch_u32(start + 4, size);

  if (bytes_.size() > kMaxRecordEnd) {  // roll back: the chunk stays exactly as before
    bytes_.resize(start);
    std::memcpy(&bytes_[chunk_header::string_table], tables, sizeof tables);
    for (const auto& name : staged_names_) names_.erase(name);
    for (const auto& key : staged_templates_) templates_.erase(key);
    return false;
  }
  if (record_count_ == 0) first_number_ = record_number, first_id_ = record_id;
  last_number_ = record_number;
  last_id_ = record_id;
  last_record_offset_ = static_cast<std::uint32_t>(start);
  ++record_count_;
  return true;
}

std::vector<std::uint8_t> ChunkBuilder::finish() const {
  std::vector<std::uint8_t> chunk = bytes_;
  const auto free_space = static_cast<std::uint32_t>(chunk.size());
  chunk.resize(kChunkSize, 0);
  auto store32 = [&chunk](std::size_t at, std::uint32_t v) {
    for (std::size_t k = 0; k < 4; ++k) chunk[at + k] = static_cast<std::uint8_t>(v >> (8 * k));
  };
  auto store64 = [&chunk](std::size_t at, std::uint64_t v) {
    for (std::size_t k = 0; k < 8; ++k) chunk[at + k] = static_cast<std::uint8_t>(v >> (8 * k));
  };
  std::memcpy(chunk.data(), kChunkSignature.data(), kChunkSignature.size());
  store64(chunk_header::first_record_number, first_number_);
  store64(chunk_header::last_record_number, last_number_);
  store64(chunk_header::first_record_id, first_id_);
  store64(chunk_header::last_record_id, last_id_);
  store32(chunk_header::header_size, 128);
  store32(chunk_header::last_record_offset, last_record_offset_);
  store32(chunk_header::free_space_offset, free_space);
  store32(chunk_header::records_checksum, crc32(chunk.data() + chunk_header::size, free_space - chunk_header::size));
  store32(chunk_header::flags, 0);
  const std::uint32_t header_crc =
      crc32(chunk.data() + chunk_header::string_table, chunk_header::size - chunk_header::string_table,
            crc32(chunk.data(), chunk_header::flags));  // [0,120) then [128,512)
  store32(chunk_header::header_checksum, header_crc);
  return chunk;
}

}  // namespace evtxdiag::evtx
