// See evidence.hpp.
#include "diagnose/evidence.hpp"

#include <cstdio>
#include <map>

namespace evtxdiag::diag {
namespace {

std::string one_line(std::string text, std::size_t limit) {
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (text.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    text = text.substr(0, cut) + "...";
  }
  return text;
}

// An unknown code still says what it is: "not in the knowledge base: HRESULT failure, facility
// 7 (FACILITY_WIN32), code 0x1234 (Win32 error 4660)".
std::string structure_text(const CodeStructure& s, Language language) {
  char code[8];
  std::snprintf(code, sizeof code, "0x%04X", static_cast<unsigned>(s.code));
  const bool ja = language == Language::ja;
  std::string severity = s.severity;
  if (ja) {
    static const std::map<std::string, std::string> japanese = {
        {"failure", "失敗"}, {"success", "成功"}, {"error", "エラー"}, {"informational", "情報"}, {"warning", "警告"}};
    if (const auto it = japanese.find(severity); it != japanese.end()) severity = it->second;
  }
  std::string text = std::string(ja ? "ナレッジ ベースにないコード: " : "not in the knowledge base: ") +
                     (s.family == CodeFamily::ntstatus ? "NTSTATUS " : "HRESULT ") + severity +
                     (ja ? "、ファシリティ " : ", facility ") + std::to_string(s.facility);
  if (!s.facility_name.empty()) text += " (" + s.facility_name + ")";
  text += (ja ? "、コード " : ", code ") + std::string(code);
  if (s.win32) text += (ja ? " (Win32 エラー " : " (Win32 error ") + std::to_string(*s.win32) + ")";
  return text;
}

}  // namespace

EvidenceRef EvidenceWriter::reference(const Event& event) const {
  EvidenceRef ref;
  ref.file = event.source_file;
  ref.record_id = event.event_record_id ? event.event_record_id : event.record_number;
  ref.provider = event.provider_name;
  ref.event_id = event.event_id;
  ref.time_utc = event.time_created;
  ref.time_local = zones_.format_local(event.time_created);
  if (event.message_source == MessageSource::mta) {  // what the customer's Event Viewer showed
    ref.message = event.message;
    ref.message_source = MessageSource::mta;
  } else {
    ref.message = knowledge_.render_message(event, language_);
    if (!ref.message.empty()) ref.message_source = MessageSource::knowledge;
  }
  std::string summary = ref.message;
  if (summary.empty())
    for (const auto& field : event.data) {
      if (field.value.empty()) continue;
      summary += (summary.empty() ? "" : "; ") + field.name + "=" + field.value;
      if (summary.size() > 160) break;
    }
  ref.summary = one_line(summary, 200);
  return ref;
}

JobCode EvidenceWriter::job_code(const FoundCode& code, const std::string& field) const {
  JobCode jc;
  jc.value = code.value;
  jc.hex = hex_code(code.value);
  jc.field = field;
  if (const CodeEntry* entry = knowledge_.find_code(code.value)) {
    jc.symbol = entry->symbol;
    jc.message = entry->message.in(language_);
  } else {
    jc.message = structure_text(decode_code(code.value), language_);
  }
  return jc;
}

// The fields a rule reads codes from in free text (its patterns' `codes_in`).
std::vector<std::string> code_text_fields(const Rule& rule) {
  std::vector<std::string> fields;
  const auto add = [&fields](const Condition& c) {
    fields.insert(fields.end(), c.pattern.code_text_fields.begin(), c.pattern.code_text_fields.end());
  };
  if (rule.trigger) add(*rule.trigger);
  for (const Condition& c : rule.require) add(c);
  return fields;
}

// Where a code was read: "VSS 8229 data 2", "Microsoft-Windows-Backup 521 ErrorCode".
std::string code_source(const Event& event, const std::string& field) {
  const bool unnamed = !field.empty() && field.find_first_not_of("0123456789") == std::string::npos;
  return event.provider_name + " " + std::to_string(event.event_id) + (unnamed ? " data " : " ") + field;
}

}  // namespace evtxdiag::diag
