#pragma once
// Builds one 64 KiB EVTX chunk record by record (libyal's EVTX format document):
// inline names and template definitions on first use in
// the chunk, references afterwards, string and template hash tables, and finally the header
// with its counters and both CRCs. A record that does not fit leaves the chunk untouched.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "writer/binxml_template.hpp"

namespace evtxdiag::evtx {

/// Highest chunk offset a record may end at: libevtx needs 4 spare bytes after the last
/// record (end <= 65532); the reference recommends keeping a margin of 8.
inline constexpr std::size_t kMaxRecordEnd = 65528;

class ChunkBuilder {
 public:
  ChunkBuilder();

  /// Appends one record (record header, `0F 01 01 00`, the instance, EOF, zero padding to a
  /// multiple of 8, size copy). Returns false and leaves the chunk as it was when the record
  /// would end after kMaxRecordEnd.
  bool try_append(std::uint64_t record_number, std::uint64_t record_id, std::uint64_t written_filetime,
                  const TemplateInstance& root);

  /// Number of records appended so far.
  std::size_t record_count() const { return record_count_; }

  /// The finished chunk: 65536 bytes with header fields and CRCs filled in. An empty chunk is
  /// valid too (all counters 0, free space at 512), as the reference's empty-log recipe says.
  std::vector<std::uint8_t> finish() const;

 private:
  void put_u8(std::uint8_t v) { bytes_.push_back(v); }
  void put_u16(std::uint16_t v);
  void put_u32(std::uint32_t v);
  void put_u64(std::uint64_t v);
  void patch_u16(std::size_t at, std::uint16_t v);
  void patch_u32(std::size_t at, std::uint32_t v);
  std::uint32_t offset() const { return static_cast<std::uint32_t>(bytes_.size()); }

  void write_name(const std::u16string& name);
  void write_substitution(const Substitution& sub);
  void write_text(const std::u16string& text);
  void write_element(const TemplateElement& element);
  void write_instance(const TemplateInstance& instance);
  void write_fragment(const TemplateInstance& instance);

  std::vector<std::uint8_t> bytes_;                 ///< the chunk so far; grows from 512 bytes
  std::map<std::u16string, std::uint32_t> names_;   ///< name -> chunk offset of its structure
  std::map<std::string, std::uint32_t> templates_;  ///< canonical key -> definition offset
  std::vector<std::u16string> staged_names_;        ///< added by the record being written
  std::vector<std::string> staged_templates_;
  std::size_t record_count_ = 0;
  std::uint64_t first_number_ = 0, last_number_ = 0, first_id_ = 0, last_id_ = 0;
  std::uint32_t last_record_offset_ = 0;
};

}  // namespace evtxdiag::evtx
