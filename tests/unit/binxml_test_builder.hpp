#pragma once
// Hand-made EVTX bytes for the built-in decoder and scan tests: one file header block and one
// chunk holding one record, written token by token so that each test controls every byte.
#include <cstdint>
#include <string>
#include <vector>

#include "format/format.hpp"

namespace binxml_test {

class ChunkBuilder {
 public:
  ChunkBuilder() : file_(evtxdiag::evtx::kFileHeaderBlockSize + evtxdiag::evtx::kChunkSize, 0) {}

  std::size_t pos() const { return pos_; }  // chunk offset of the next byte
  void u8(std::uint8_t v) { at(pos_++) = v; }
  void u16(std::uint16_t v) {
    u8(v & 0xFF);
    u8(v >> 8);
  }
  void u32(std::uint32_t v) {
    u16(v & 0xFFFF);
    u16(v >> 16);
  }
  void u64(std::uint64_t v) {
    u32(static_cast<std::uint32_t>(v));
    u32(static_cast<std::uint32_t>(v >> 32));
  }
  void patch_u32(std::size_t offset, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) at(offset + i) = (v >> (8 * i)) & 0xFF;
  }
  void utf16(const std::string& ascii) {
    for (char c : ascii) u16(static_cast<std::uint8_t>(c));
  }

  // Name reference: inline on first use of `text`, a back reference afterwards.
  void name(const std::string& text) {
    for (const auto& [known, offset] : names_)
      if (known == text) {
        u32(static_cast<std::uint32_t>(offset));
        return;
      }
    const std::size_t structure = pos_ + 4;
    u32(static_cast<std::uint32_t>(structure));
    names_.emplace_back(text, structure);
    u32(0);
    u16(evtxdiag::evtx::name_hash(std::u16string(text.begin(), text.end())));  // as Windows writes it
    u16(static_cast<std::uint16_t>(text.size()));
    utf16(text);
    u16(0);
  }
  // Element start inside a template definition (with dependency id); returns the data-size slot.
  std::size_t open(const std::string& element, bool attributes, bool in_template = true) {
    u8(attributes ? 0x41 : 0x01);
    if (in_template) u16(0xFFFF);
    const std::size_t slot = pos_;
    u32(0);
    name(element);
    if (attributes) u32(0);  // attribute list size (not checked by the built-in decoder)
    return slot;
  }
  void attribute(const std::string& attr, bool more = false) {
    u8(more ? 0x46 : 0x06);
    name(attr);
  }
  void text(const std::string& ascii) {
    u8(0x05);
    u8(0x01);
    u16(static_cast<std::uint16_t>(ascii.size()));
    utf16(ascii);
  }
  void substitution(std::uint16_t index, std::uint8_t type, bool optional = true) {
    u8(optional ? 0x0E : 0x0D);
    u16(index);
    u8(type);
  }
  void close_start() { u8(0x02); }
  void close_empty(std::size_t slot) {
    u8(0x03);
    patch_u32(slot, static_cast<std::uint32_t>(pos_ - slot - 4));
  }
  void end(std::size_t slot) {
    u8(0x04);
    patch_u32(slot, static_cast<std::uint32_t>(pos_ - slot - 4));
  }

  // Template instance header with an inline definition; returns the definition's size slot.
  // Write the body next, then call end_definition(slot).
  std::size_t begin_inline_template() {
    u8(0x0C);
    u8(0x01);
    u32(0x11223344);
    const std::size_t definition = pos_ + 4;
    u32(static_cast<std::uint32_t>(definition));
    u32(0);
    u32(0x11223344);  // the GUID starts with the template id, as Windows writes it
    for (int i = 4; i < 16; ++i) u8(static_cast<std::uint8_t>(0xA0 + i));
    const std::size_t slot = pos_;
    u32(0);
    u32(0x0001010F);  // fragment header of the body
    return slot;
  }
  void end_definition(std::size_t slot) {
    u8(0x00);
    patch_u32(slot, static_cast<std::uint32_t>(pos_ - slot - 4));
  }
  // Reference to an earlier definition at chunk offset `definition`.
  void template_reference(std::size_t definition) {
    u8(0x0C);
    u8(0x01);
    u32(0x11223344);
    u32(static_cast<std::uint32_t>(definition));
  }

  struct Value {
    std::uint8_t type;
    std::vector<std::uint8_t> bytes;
  };
  void values(const std::vector<Value>& list) {
    u32(static_cast<std::uint32_t>(list.size()));
    for (const Value& v : list) {
      u16(static_cast<std::uint16_t>(v.bytes.size()));
      u8(v.type);
      u8(0);
    }
    for (const Value& v : list)
      for (std::uint8_t b : v.bytes) u8(b);
  }

  // Record framing around a document written between begin_record() and end_record().
  std::size_t begin_record(std::uint64_t id, std::uint64_t written) {
    record_ = pos_;
    u32(0x00002A2A);
    u32(0);
    u64(id);
    u64(written);
    u32(0x0001010F);
    return record_;
  }
  void end_record() {
    u8(0x00);
    while ((pos_ + 4 - record_) % 8 != 0) u8(0);
    const std::uint32_t size = static_cast<std::uint32_t>(pos_ + 4 - record_);
    u32(size);
    patch_u32(record_ + 4, size);
    last_record_ = record_;
    ++records_;
  }

  // Finishes headers and checksums; returns the whole file.
  std::vector<std::uint8_t> file(std::uint64_t first_id = 1) {
    namespace ch = evtxdiag::evtx::chunk_header;
    std::uint8_t* f = file_.data();
    std::copy(evtxdiag::evtx::kFileSignature.begin(), evtxdiag::evtx::kFileSignature.end(), f);
    f[32] = 128;
    f[36] = 1;
    f[38] = 3;
    f[41] = 0x10;
    f[42] = 1;
    const std::uint32_t file_crc = evtxdiag::evtx::crc32(f, 120);
    for (int i = 0; i < 4; ++i) f[124 + i] = (file_crc >> (8 * i)) & 0xFF;
    std::uint8_t* c = f + evtxdiag::evtx::kFileHeaderBlockSize;
    std::copy(evtxdiag::evtx::kChunkSignature.begin(), evtxdiag::evtx::kChunkSignature.end(), c);
    const std::size_t saved = pos_;
    auto put64 = [&](std::size_t off, std::uint64_t v) {
      pos_ = off;
      u64(v);
    };
    put64(ch::first_record_number, 1);
    put64(ch::last_record_number, records_);
    put64(ch::first_record_id, first_id);
    put64(ch::last_record_id, first_id + records_ - 1);
    pos_ = saved;
    patch_u32(ch::header_size, 128);
    patch_u32(ch::last_record_offset, static_cast<std::uint32_t>(last_record_));
    patch_u32(ch::free_space_offset, static_cast<std::uint32_t>(pos_));
    patch_u32(ch::records_checksum, evtxdiag::evtx::crc32(c + ch::size, pos_ - ch::size));
    patch_u32(ch::header_checksum, evtxdiag::evtx::crc32(c + 128, 384, evtxdiag::evtx::crc32(c, 120)));
    return file_;
  }

  std::uint8_t& at(std::size_t chunk_offset) { return file_.at(evtxdiag::evtx::kFileHeaderBlockSize + chunk_offset); }

 private:
  std::vector<std::uint8_t> file_;
  std::size_t pos_ = 512;
  std::size_t record_ = 0, last_record_ = 0;
  std::uint64_t records_ = 0;
  std::vector<std::pair<std::string, std::size_t>> names_;
};

inline std::vector<std::uint8_t> le(std::uint64_t v, int bytes) {
  std::vector<std::uint8_t> out;
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  return out;
}
inline std::vector<std::uint8_t> utf16_bytes(const std::string& ascii) {
  std::vector<std::uint8_t> out;
  for (char c : ascii) {
    out.push_back(static_cast<std::uint8_t>(c));
    out.push_back(0);
  }
  return out;
}

// The usual System part: Provider Name=%0, EventID=%1, TimeCreated SystemTime=%2; then
// <EventData><Data Name="v">%3</Data></EventData> unless `payload_inline` is false, in which
// case %3 sits directly in <Event> (for BinXml payloads).
inline void event_template_body(ChunkBuilder& b, bool payload_inline = true) {
  const std::size_t event = b.open("Event", false);
  b.close_start();
  const std::size_t system = b.open("System", false);
  b.close_start();
  const std::size_t provider = b.open("Provider", true);
  b.attribute("Name");
  b.substitution(0, 0x01);
  b.close_empty(provider);
  const std::size_t event_id = b.open("EventID", false);
  b.close_start();
  b.substitution(1, 0x06);
  b.end(event_id);
  const std::size_t time = b.open("TimeCreated", true);
  b.attribute("SystemTime");
  b.substitution(2, 0x11);
  b.close_empty(time);
  b.end(system);
  if (payload_inline) {
    const std::size_t data_root = b.open("EventData", false);
    b.close_start();
    const std::size_t data = b.open("Data", true);
    b.attribute("Name");
    b.text("v");
    b.close_start();
    b.substitution(3, 0x01);
    b.end(data);
    b.end(data_root);
  } else {
    b.substitution(3, 0x21);
  }
  b.end(event);
}

}  // namespace binxml_test
