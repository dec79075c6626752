// MTA parser: header -> section table -> paged lists -> MSG strings, EVT record map, PUB names.
// Every read is bounds-checked against the section (itself clipped to the file); every
// problem becomes a Diagnostic and parsing continues with what is left.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "evtxdiag/error.hpp"
#include "evtxdiag/mta.hpp"
#include "format/format.hpp"
#include "mta/mta_layout.hpp"
#include "mta/utf16.hpp"

namespace evtxdiag {
namespace {

using evtx::load_u32;
using evtx::load_u64;

/// More diagnostics than this per file say nothing new; the rest are counted.
constexpr std::size_t kMaxDiagnostics = 100;
/// Longest plausible section name in the descriptor table (bytes); Windows uses 6.
constexpr std::uint32_t kMaxSectionNameBytes = 64;

struct Section {
  std::size_t offset = 0;  ///< absolute
  std::size_t size = 0;    ///< clipped to the file
};

/// One entry of a paged list: its id and where its payload is (absolute offsets).
struct RawEntry {
  std::uint32_t id = 0;
  std::size_t entry_offset = 0;
  std::size_t payload_offset = 0;
  std::uint32_t payload_size = 0;
};

std::string hex(std::uint64_t value) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(value));
  return buf;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

class Parser {
 public:
  Parser(const std::uint8_t* data, std::size_t size, std::string name, std::vector<Diagnostic>& out)
      : data_(data), size_(size), name_(std::move(name)), out_(out) {}

  ~Parser() {
    if (suppressed_ > 0) {
      Diagnostic d;
      d.severity = Severity::warning;
      d.kind = DiagnosticKind::locale_metadata;
      d.file = name_;
      d.message = std::to_string(suppressed_) + " further MTA problems not listed";
      out_.push_back(std::move(d));
    }
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  /// Reads header and section table. False when this is not an MTA at all.
  bool read_header(std::map<std::u16string, Section>& sections) {
    if (size_ < mta::kDescriptorTableOffset) {
      report(Severity::error, 0, "file too short for an MTA header (" + std::to_string(size_) + " bytes)");
      return false;
    }
    if (std::string_view(reinterpret_cast<const char*>(data_), mta::kMagic.size()) != mta::kMagic) {
      report(Severity::error, 0, "no MTA signature (\"MTAFile\")");
      return false;
    }
    const std::uint32_t major = load_u32(data_ + mta::kVersionMajorOffset);
    const std::uint32_t minor = load_u32(data_ + mta::kVersionMinorOffset);
    if (major != mta::kVersionMajor || minor != mta::kVersionMinor) {
      report(Severity::warning, mta::kVersionMajorOffset,
             "unknown MTA version " + std::to_string(major) + "." + std::to_string(minor) + ", reading as 1.1");
    }
    const std::uint64_t table_size = load_u32(data_ + mta::kTableSizeOffset);
    const std::uint32_t count = load_u32(data_ + mta::kSectionCountOffset);
    std::size_t table_end = mta::kDescriptorTableOffset + table_size;
    if (table_end > size_) {
      report(Severity::error, mta::kTableSizeOffset,
             "section table (" + std::to_string(table_size) + " bytes) extends beyond the end of the file");
      table_end = size_;
    }
    std::size_t pos = mta::kDescriptorTableOffset;
    for (std::uint32_t i = 0; i < count; ++i) {
      if (pos + mta::kDescriptorFixedSize > table_end) {
        report(Severity::error, pos,
               "section descriptor " + std::to_string(i) + " of " + std::to_string(count) + " is truncated");
        break;
      }
      const std::uint64_t offset = load_u64(data_ + pos);
      const std::uint64_t length = load_u64(data_ + pos + 8);
      const std::uint32_t name_bytes = load_u32(data_ + pos + 16);
      if (name_bytes > kMaxSectionNameBytes || name_bytes % 2 != 0 ||
          pos + mta::kDescriptorFixedSize + name_bytes > table_end) {
        report(Severity::error, pos + 16,
               "section descriptor " + std::to_string(i) + " has an invalid name length " + std::to_string(name_bytes));
        break;
      }
      std::u16string section_name;
      for (std::uint32_t k = 0; k < name_bytes; k += 2) {
        section_name += static_cast<char16_t>(data_[pos + 20 + k] | (data_[pos + 21 + k] << 8));
      }
      add_section(sections, section_name, offset, length, pos);
      pos += mta::kDescriptorFixedSize + name_bytes;
    }
    return true;
  }

  /// Collects the entries of a section's page chain, in page and slot order.
  std::vector<RawEntry> read_entries(const Section& section, const std::string& label) {
    std::vector<RawEntry> entries;
    std::set<std::uint64_t> visited;
    // Pages never overlap, so a chain longer than this must revisit bytes.
    const std::size_t max_pages = section.size / mta::kPageHeaderSize + 1;
    std::uint64_t page = 0;
    for (std::uint32_t page_index = 0;; ++page_index) {
      const std::size_t at = section.offset + page;
      if (page + mta::kPageHeaderSize > section.size) {
        report(Severity::error, at,
               label + " page " + std::to_string(page_index) + " at section offset " + hex(page) +
                   " extends beyond the section (" + hex(section.size) + " bytes)");
        break;
      }
      visited.insert(page);
      if (load_u32(data_ + at) != mta::kPageSentinel ||
          load_u32(data_ + at + mta::kPageSecondSentinel) != mta::kPageSentinel) {
        report(Severity::warning, at, label + " page " + std::to_string(page_index) + " has no 0xFFFFFFFF sentinels");
      }
      const std::uint64_t self = load_u64(data_ + at + mta::kPageSelfOffset);
      if (self != page) {
        report(Severity::warning, at + mta::kPageSelfOffset,
               label + " page at " + hex(page) + " says it is at " + hex(self));
      }
      read_slots(section, page, label, entries);
      const std::uint64_t next = load_u64(data_ + at + mta::kPageNextOffset);
      if (next == page || next == self) break;  // the last page links to itself
      if (next >= section.size) {
        report(Severity::error, at + mta::kPageNextOffset,
               label + " page link " + hex(next) + " points outside the section; the rest is lost");
        break;
      }
      if (visited.count(next) != 0 || visited.size() >= max_pages) {
        report(Severity::error, at + mta::kPageNextOffset,
               label + " page links form a loop (back to " + hex(next) + "); stopped following them");
        break;
      }
      page = next;
    }
    return entries;
  }

  /// Reads MSG entries into id -> UTF-8 string.
  std::map<std::uint32_t, std::string> read_strings(const Section& section) {
    std::map<std::uint32_t, std::string> strings;
    for (const RawEntry& e : read_entries(section, "MSG")) {
      if (e.payload_size < 4) {
        report(Severity::error, e.entry_offset, "MSG entry " + std::to_string(e.id) + " is too short for a string");
        continue;
      }
      std::uint32_t bytes = load_u32(data_ + e.payload_offset);
      if (bytes > e.payload_size - 4) {
        report(Severity::error, e.entry_offset,
               "MSG entry " + std::to_string(e.id) + " string length " + std::to_string(bytes) +
                   " exceeds its entry; truncated");
        bytes = e.payload_size - 4;
      }
      const std::uint8_t* text = data_ + e.payload_offset + 4;
      std::size_t units = bytes / 2;
      for (std::size_t k = 0; k < units; ++k) {  // the string ends at its NUL
        if (text[2 * k] == 0 && text[2 * k + 1] == 0) {
          units = k;
          break;
        }
      }
      if (!strings.emplace(e.id, mta::utf16le_to_utf8(text, units)).second) {
        report(Severity::warning, e.entry_offset, "duplicate MSG entry id " + std::to_string(e.id) + "; first kept");
      }
    }
    return strings;
  }

  /// Reads EVT entries into EventRecordID -> message.
  void read_events(const Section& section, const std::map<std::uint32_t, std::string>& strings,
                   std::map<std::uint64_t, std::string>& messages) {
    for (const RawEntry& e : read_entries(section, "EVT")) {
      if (e.payload_size < mta::kEventPayloadSize) {
        report(Severity::error, e.entry_offset, "EVT entry " + std::to_string(e.id) + " is too short");
        continue;
      }
      const std::uint64_t record_id = load_u64(data_ + e.payload_offset);
      const std::uint64_t string_id = load_u64(data_ + e.payload_offset + 8);
      const auto text = string_id <= 0xFFFFFFFFu ? strings.find(static_cast<std::uint32_t>(string_id)) : strings.end();
      if (text == strings.end()) {
        report(Severity::error, e.entry_offset,
               "EVT entry " + std::to_string(e.id) + " (EventRecordID " + std::to_string(record_id) +
                   ") refers to missing string " + std::to_string(string_id));
        continue;
      }
      if (!messages.emplace(record_id, text->second).second) {
        report(Severity::warning, e.entry_offset,
               "EventRecordID " + std::to_string(record_id) + " appears twice; first message kept");
      }
    }
  }

  /// Reads PUB entries into per-provider name tables.
  void read_publishers(const Section& section, const std::map<std::uint32_t, std::string>& strings,
                       std::vector<MtaProviderNames>& providers) {
    for (const RawEntry& e : read_entries(section, "PUB")) {
      MtaProviderNames names;
      std::size_t pos = e.payload_offset;
      const std::size_t end = e.payload_offset + e.payload_size;
      const std::string where = "PUB entry " + std::to_string(e.id);
      bool complete = true;
      for (auto* table : {&names.levels, &names.tasks, &names.opcodes, &names.keywords}) {
        if (!read_table(pos, end, strings, *table, where, e.entry_offset)) {
          complete = false;
          break;
        }
      }
      if (complete && pos + 4 <= end) {
        const std::uint32_t bytes = load_u32(data_ + pos);
        if (bytes % 2 != 0 || bytes > end - pos - 4) {
          report(Severity::error, e.entry_offset,
                 where + " has a provider name length " + std::to_string(bytes) + " beyond its entry");
          complete = false;
        } else {
          names.provider = mta::utf16le_to_utf8(data_ + pos + 4, bytes / 2);
          pos += 4 + bytes;
        }
      } else if (complete) {
        report(Severity::error, e.entry_offset, where + " ends before its provider name");
        complete = false;
      }
      if (!complete) continue;  // without a name the tables cannot be attributed
      if (pos != end) {
        report(Severity::warning, e.entry_offset,
               where + " (" + names.provider + ") has " + std::to_string(end - pos) + " unexplained trailing bytes");
      }
      providers.push_back(std::move(names));
    }
  }

 private:
  void add_section(std::map<std::u16string, Section>& sections, const std::u16string& name, std::uint64_t offset,
                   std::uint64_t length, std::size_t descriptor_at) {
    std::string label;
    for (char16_t c : name) label += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
    if (offset >= size_) {
      report(Severity::error, descriptor_at,
             "section " + label + " starts at " + hex(offset) + ", beyond the end of the file (" + hex(size_) + ")");
      return;
    }
    Section section{static_cast<std::size_t>(offset), static_cast<std::size_t>(length)};
    if (length > size_ - offset) {
      report(Severity::error, descriptor_at,
             "section " + label + " (" + hex(length) + " bytes at " + hex(offset) +
                 ") is truncated at the end of the file");
      section.size = size_ - section.offset;
    }
    if (!sections.emplace(name, section).second) {
      report(Severity::warning, descriptor_at, "section " + label + " listed twice; first kept");
    }
  }

  void read_slots(const Section& section, std::uint64_t page, const std::string& label,
                  std::vector<RawEntry>& entries) {
    const std::size_t slots = section.offset + page + mta::kPageSlotsOffset;
    for (std::size_t k = 0; k < mta::kEntriesPerPage; ++k) {
      const std::uint64_t offset = load_u64(data_ + slots + 8 * k);
      if (offset == 0) continue;
      if (offset < page + mta::kPageHeaderSize || offset > section.size ||
          section.size - offset < mta::kEntryHeaderSize) {
        report(Severity::error, slots + 8 * k,
               label + " entry slot " + std::to_string(k) + " of page " + hex(page) + " points to " + hex(offset) +
                   ", outside the section");
        continue;
      }
      RawEntry entry;
      entry.entry_offset = section.offset + static_cast<std::size_t>(offset);
      entry.id = load_u32(data_ + entry.entry_offset);
      entry.payload_size = load_u32(data_ + entry.entry_offset + 4);
      entry.payload_offset = entry.entry_offset + mta::kEntryHeaderSize;
      if (entry.payload_size > section.size - offset - mta::kEntryHeaderSize) {
        report(Severity::error, entry.entry_offset,
               label + " entry " + std::to_string(entry.id) + " (" + std::to_string(entry.payload_size) +
                   " bytes) extends beyond the section");
        continue;
      }
      entries.push_back(entry);
    }
  }

  bool read_table(std::size_t& pos, std::size_t end, const std::map<std::uint32_t, std::string>& strings,
                  std::map<std::uint32_t, std::string>& table, const std::string& where, std::size_t entry_at) {
    if (end - pos < 4) {
      report(Severity::error, entry_at, where + " ends inside its name tables");
      return false;
    }
    const std::uint64_t count = load_u32(data_ + pos);
    pos += 4;
    if (count > (end - pos) / 8) {
      report(Severity::error, entry_at, where + " claims " + std::to_string(count) + " names, more than fit");
      return false;
    }
    for (std::uint64_t k = 0; k < count; ++k, pos += 8) {
      const std::uint32_t value = load_u32(data_ + pos);
      const std::uint32_t string_id = load_u32(data_ + pos + 4);
      const auto text = strings.find(string_id);
      if (text == strings.end()) {
        report(Severity::warning, entry_at,
               where + " names value " + std::to_string(value) + " with missing string " + std::to_string(string_id));
        continue;
      }
      table.emplace(value, text->second);
    }
    return true;
  }

  void report(Severity severity, std::size_t offset, std::string message) {
    if (out_.size() >= kMaxDiagnostics) {
      ++suppressed_;
      return;
    }
    Diagnostic d;
    d.severity = severity;
    d.kind = DiagnosticKind::locale_metadata;
    d.file = name_;
    d.offset = static_cast<std::int64_t>(offset);
    d.message = std::move(message);
    out_.push_back(std::move(d));
  }

  const std::uint8_t* data_;
  std::size_t size_;
  std::string name_;
  std::vector<Diagnostic>& out_;
  std::size_t suppressed_ = 0;
};

}  // namespace

MtaCatalog MtaCatalog::parse(const std::uint8_t* data, std::size_t size, std::string name, std::uint32_t lcid) {
  MtaCatalog catalog;
  catalog.source_ = std::move(name);
  catalog.lcid_ = lcid;
  {
    Parser parser(data, size, catalog.source_, catalog.diagnostics_);
    std::map<std::u16string, Section> sections;
    if (!parser.read_header(sections)) return catalog;
    catalog.ok_ = true;
    std::map<std::uint32_t, std::string> strings;
    const auto msg = sections.find(std::u16string(mta::kStringSection));
    if (msg != sections.end()) strings = parser.read_strings(msg->second);
    const auto evt = sections.find(std::u16string(mta::kEventSection));
    if (evt != sections.end()) parser.read_events(evt->second, strings, catalog.content_.messages);
    const auto pub = sections.find(std::u16string(mta::kPublisherSection));
    if (pub != sections.end()) parser.read_publishers(pub->second, strings, catalog.content_.providers);
    for (const auto* wanted : {&mta::kStringSection, &mta::kEventSection, &mta::kPublisherSection}) {
      if (sections.count(std::u16string(*wanted)) == 0) {
        Diagnostic d;
        d.file = catalog.source_;
        d.message = "no " + std::string(wanted->begin(), wanted->end()) + " section";
        catalog.diagnostics_.push_back(std::move(d));
      }
    }
  }
  for (std::size_t i = 0; i < catalog.content_.providers.size(); ++i) {
    catalog.provider_index_.emplace(ascii_lower(catalog.content_.providers[i].provider), i);
  }
  return catalog;
}

MtaCatalog MtaCatalog::open_file(const std::string& path) {
  std::ifstream in(std::filesystem::u8path(path), std::ios::binary);
  if (!in) throw Error(ErrorKind::io, path + ": cannot open MTA file");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(ErrorKind::io, path + ": cannot read MTA file");
  const std::size_t slash = path.find_last_of("/\\");
  return parse(bytes, path, mta_lcid_from_file_name(slash == std::string::npos ? path : path.substr(slash + 1)));
}

const std::string* MtaCatalog::message_for(std::uint64_t event_record_id) const {
  const auto found = content_.messages.find(event_record_id);
  return found == content_.messages.end() ? nullptr : &found->second;
}

const MtaProviderNames* MtaCatalog::provider(std::string_view name) const {
  const auto found = provider_index_.find(ascii_lower(name));
  return found == provider_index_.end() ? nullptr : &content_.providers[found->second];
}

}  // namespace evtxdiag
