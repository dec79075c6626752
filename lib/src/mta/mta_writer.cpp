#include "mta/mta_writer.hpp"

#include <algorithm>

#include "mta/mta_layout.hpp"
#include "mta/utf16.hpp"

namespace evtxdiag::mta {
namespace {

using Bytes = std::vector<std::uint8_t>;

void put_u32(Bytes& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<std::uint8_t>(value >> shift));
}
void put_u64(Bytes& out, std::uint64_t value) {
  put_u32(out, static_cast<std::uint32_t>(value));
  put_u32(out, static_cast<std::uint32_t>(value >> 32));
}
void set_u64(Bytes& out, std::size_t at, std::uint64_t value) {
  for (int k = 0; k < 8; ++k) out[at + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(value >> (8 * k));
}

/// One entry payload per element; returns the section bytes (pages of 100 entries).
Bytes paged_list(const std::vector<Bytes>& payloads) {
  Bytes section;
  std::size_t first = 0;
  std::uint32_t page_number = 0;
  do {
    const std::size_t count = std::min(kEntriesPerPage, payloads.size() - first);
    const std::size_t page = section.size();
    const std::uint32_t last_id = count == 0 ? 0 : static_cast<std::uint32_t>(first + count - 1);
    put_u32(section, kPageSentinel);
    for (std::size_t k = 0; k < kPageLastIdCount; ++k) put_u32(section, last_id);
    put_u32(section, kPageSentinel);
    put_u32(section, page_number);
    put_u32(section, 0);
    put_u64(section, page);  // next: patched below unless this is the last page
    put_u64(section, page);  // own offset
    const std::size_t slots = section.size();
    section.resize(section.size() + 8 * kEntriesPerPage, 0);
    for (std::size_t k = 0; k < count; ++k) {
      set_u64(section, slots + 8 * k, section.size());
      put_u32(section, static_cast<std::uint32_t>(first + k));
      put_u32(section, static_cast<std::uint32_t>(payloads[first + k].size()));
      section.insert(section.end(), payloads[first + k].begin(), payloads[first + k].end());
    }
    first += count;
    if (first < payloads.size()) set_u64(section, page + kPageNextOffset, section.size());
    ++page_number;
  } while (first < payloads.size());
  return section;
}

/// Assigns string ids in call order.
class StringTable {
 public:
  std::uint32_t add(const std::string& text) {
    Bytes payload;
    const std::size_t units = utf16_length(text) + 1;  // + terminating NUL
    put_u32(payload, static_cast<std::uint32_t>(2 * units));
    append_utf16le(payload, text);
    payload.push_back(0);
    payload.push_back(0);
    payloads_.push_back(std::move(payload));
    return static_cast<std::uint32_t>(payloads_.size() - 1);
  }
  const std::vector<Bytes>& payloads() const { return payloads_; }

 private:
  std::vector<Bytes> payloads_;
};

Bytes publisher_payload(const MtaProviderNames& names, StringTable& strings) {
  Bytes payload;
  for (const auto* table : {&names.levels, &names.tasks, &names.opcodes, &names.keywords}) {
    put_u32(payload, static_cast<std::uint32_t>(table->size()));
    for (const auto& [value, text] : *table) {
      put_u32(payload, value);
      put_u32(payload, strings.add(text));
    }
  }
  Bytes name;
  append_utf16le(name, names.provider);
  put_u32(payload, static_cast<std::uint32_t>(name.size()));
  payload.insert(payload.end(), name.begin(), name.end());
  return payload;
}

}  // namespace

std::vector<std::uint8_t> write_mta(const MtaContent& content) {
  StringTable strings;
  std::vector<Bytes> publishers;
  for (const auto& names : content.providers) publishers.push_back(publisher_payload(names, strings));
  std::vector<Bytes> events;
  for (const auto& [record_id, message] : content.messages) {
    Bytes payload;
    put_u64(payload, record_id);
    put_u64(payload, strings.add(message));
    events.push_back(std::move(payload));
  }
  const Bytes evt = paged_list(events);
  const Bytes msg = paged_list(strings.payloads());
  const Bytes pub = paged_list(publishers);

  const std::u16string_view names[] = {kEventSection, kStringSection, kPublisherSection};
  const Bytes* bodies[] = {&evt, &msg, &pub};
  std::size_t table_size = 0;
  for (const auto& name : names) table_size += kDescriptorFixedSize + 2 * name.size();

  Bytes file(kMagic.begin(), kMagic.end());
  put_u32(file, kVersionMajor);
  put_u32(file, kVersionMinor);
  put_u32(file, static_cast<std::uint32_t>(table_size));
  put_u32(file, 3);
  std::uint64_t offset = kDescriptorTableOffset + table_size;
  for (std::size_t i = 0; i < 3; ++i) {
    put_u64(file, offset);
    put_u64(file, bodies[i]->size());
    put_u32(file, static_cast<std::uint32_t>(2 * names[i].size()));
    for (char16_t c : names[i]) {
      file.push_back(static_cast<std::uint8_t>(c & 0xFF));
      file.push_back(static_cast<std::uint8_t>(c >> 8));
    }
    offset += bodies[i]->size();
  }
  for (const Bytes* body : bodies) file.insert(file.end(), body->begin(), body->end());
  return file;
}

std::string mta_relative_path(std::string_view evtx_file_name, std::uint32_t lcid) {
  std::string stem(evtx_file_name);
  constexpr std::string_view kExtension = ".evtx";
  if (stem.size() > kExtension.size()) {
    std::string tail = stem.substr(stem.size() - kExtension.size());
    std::transform(tail.begin(), tail.end(), tail.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    if (tail == kExtension) stem.resize(stem.size() - kExtension.size());
  }
  return "LocaleMetaData/" + stem + "_" + std::to_string(lcid) + ".MTA";
}

MtaProviderNames default_publisher_names(std::uint32_t lcid) {
  const bool japanese = lcid == 1041;
  MtaProviderNames names;
  names.provider = std::string(kMtaDefaultPublisher);
  const auto pick = [japanese](const char* en, const char* ja) { return std::string(japanese ? ja : en); };
  names.levels = {{0, pick("Log Always", "常に記録")}, {1, pick("Critical", "重大")},    {2, pick("Error", "エラー")},
                  {3, pick("Warning", "警告")},        {4, pick("Information", "情報")}, {5, pick("Verbose", "詳細")}};
  names.tasks = {{0x10000, pick("None", "なし")}};
  names.opcodes = {{0u << 16, pick("Info", "情報")},
                   {1u << 16, pick("Start", "開始")},
                   {2u << 16, pick("Stop", "停止")},
                   {3u << 16, "DCStart"},
                   {4u << 16, "DCStop"},
                   {5u << 16, pick("Extension", "拡張")},
                   {6u << 16, pick("Reply", "応答")},
                   {7u << 16, pick("Resume", "再開")},
                   {8u << 16, pick("Suspend", "中断")},
                   {9u << 16, pick("Send", "送信")},
                   {240u << 16, pick("Receive", "受信")}};
  names.keywords = {{48, pick("Response Time", "応答時間")},
                    {50, pick("WDI Diag", "WDI 診断")},
                    {51, "SQM"},
                    {52, pick("Audit Failure", "監査の失敗")},
                    {53, pick("Audit Success", "監査の成功")},
                    {54, pick("Correlation Hint", "相関ヒント")},
                    {55, pick("Classic", "クラシック")}};
  return names;
}

MtaBuilder::MtaBuilder(std::uint32_t lcid) : lcid_(lcid) {
  content_.providers.push_back(default_publisher_names(lcid));
}

MtaProviderNames& MtaBuilder::provider_entry(std::string_view provider) {
  for (auto& names : content_.providers) {
    if (names.provider == provider) return names;
  }
  MtaProviderNames fresh;
  fresh.provider = std::string(provider);
  content_.providers.push_back(std::move(fresh));
  return content_.providers.back();
}

void MtaBuilder::set_provider_names(const MtaProviderNames& names) {
  MtaProviderNames& entry = provider_entry(names.provider);
  for (const auto& [value, text] : names.levels) entry.levels[value] = text;
  for (const auto& [value, text] : names.tasks) entry.tasks[value] = text;
  for (const auto& [value, text] : names.opcodes) entry.opcodes[value] = text;
  for (const auto& [value, text] : names.keywords) entry.keywords[value] = text;
}

void MtaBuilder::add_event(std::uint64_t event_record_id, std::string_view provider, std::string message) {
  provider_entry(provider);
  content_.messages[event_record_id] = std::move(message);
}

}  // namespace evtxdiag::mta
