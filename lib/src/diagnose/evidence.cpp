// See evidence.hpp.
#include "diagnose/evidence.hpp"

#include <cstdio>
#include <map>

namespace evtxdiag::diag {
namespace {

// The whole text on one line: line breaks and tabs become spaces, runs of them one space.
// Nothing is cut: a report that wants a width cuts for display (ReportOptions::width).
std::string one_line(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// An unknown code still says what it is: "not in the knowledge base: HRESULT failure, facility
// 7 (FACILITY_WIN32), code 0x1234 (Win32 error 4660)"; the words come from knowledge/labels.
std::string structure_text(const CodeStructure& s, const KnowledgeBase& knowledge, Language language) {
  const auto label = [&](const std::string& key) {
    const LocalizedText* text = knowledge.find_label(key);
    return text != nullptr ? text->in(language) : key;
  };
  const auto fill = [](std::string text, const std::string& key, const std::string& value) {
    const std::size_t at = text.find(key);
    if (at != std::string::npos) text.replace(at, key.size(), value);
    return text;
  };
  char code[8];
  std::snprintf(code, sizeof code, "0x%04X", static_cast<unsigned>(s.code));
  std::string text = label("code.unknown");
  text = fill(text, "{family}", s.family == CodeFamily::ntstatus ? "NTSTATUS" : "HRESULT");
  text = fill(text, "{severity}", label("severity." + s.severity));
  text = fill(text, "{facility}", std::to_string(s.facility));
  text = fill(text, "{facility_name}", s.facility_name.empty() ? "" : " (" + s.facility_name + ")");
  text = fill(text, "{code}", code);
  return fill(text, "{win32}", s.win32 ? fill(label("code.win32"), "{n}", std::to_string(*s.win32)) : "");
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
  if (summary.empty())  // no message: the values, parameter references resolved as Windows would
    for (const auto& field : event.data) {
      if (field.value.empty()) continue;
      summary +=
          (summary.empty() ? "" : "; ") + field.name + "=" + knowledge_.resolve_parameter(field.value, language_);
    }
  ref.summary = one_line(std::move(summary));
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
    jc.message = structure_text(decode_code(code.value), knowledge_, language_);
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
