#include "core/system_fields.hpp"

#include <charconv>
#include <limits>

namespace evtxdiag::core {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

template <typename T>
void set_unsigned(unsigned long long value, T& out) {
  if (value <= std::numeric_limits<T>::max()) out = static_cast<T>(value);
}

template <typename T>
void set_unsigned(unsigned long long value, std::optional<T>& out) {
  if (value <= std::numeric_limits<T>::max()) out = static_cast<T>(value);
}

}  // namespace

bool parse_unsigned_text(std::string_view text, unsigned long long& value) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  return ec == std::errc() && end == text.data() + text.size();
}

SystemField system_field(std::string_view element, std::string_view attribute) {
  using F = SystemField;
  if (attribute.empty()) {
    if (element == "EventID") return F::event_id;
    if (element == "Version") return F::version;
    if (element == "Level") return F::level;
    if (element == "Task") return F::task;
    if (element == "Opcode") return F::opcode;
    if (element == "Keywords") return F::keywords;
    if (element == "EventRecordID") return F::event_record_id;
    if (element == "Channel") return F::channel;
    if (element == "Computer") return F::computer;
    return F::none;
  }
  if (element == "Provider") {
    if (attribute == "Name") return F::provider_name;
    if (attribute == "Guid") return F::provider_guid;
    if (attribute == "EventSourceName") return F::event_source_name;
  } else if (element == "EventID") {
    if (attribute == "Qualifiers") return F::qualifiers;
  } else if (element == "TimeCreated") {
    if (attribute == "SystemTime") return F::time_created;
  } else if (element == "Correlation") {
    if (attribute == "ActivityID") return F::activity_id;
    if (attribute == "RelatedActivityID") return F::related_activity_id;
  } else if (element == "Execution") {
    if (attribute == "ProcessID") return F::process_id;
    if (attribute == "ThreadID") return F::thread_id;
  } else if (element == "Security") {
    if (attribute == "UserID") return F::user_sid;
  }
  return F::none;
}

std::string* system_text_field(Event& e, SystemField field) {
  switch (field) {
    case SystemField::provider_name: return &e.provider_name;
    case SystemField::provider_guid: return &e.provider_guid;
    case SystemField::event_source_name: return &e.event_source_name;
    case SystemField::activity_id: return &e.activity_id;
    case SystemField::related_activity_id: return &e.related_activity_id;
    case SystemField::channel: return &e.channel;
    case SystemField::computer: return &e.computer;
    case SystemField::user_sid: return &e.user_sid;
    default: return nullptr;
  }
}

bool set_system_number(Event& e, SystemField field, unsigned long long value) {
  switch (field) {
    case SystemField::event_id: set_unsigned(value, e.event_id); return true;
    case SystemField::qualifiers: set_unsigned(value, e.qualifiers); return true;
    case SystemField::version: set_unsigned(value, e.version); return true;
    case SystemField::level: set_unsigned(value, e.level); return true;
    case SystemField::task: set_unsigned(value, e.task); return true;
    case SystemField::opcode: set_unsigned(value, e.opcode); return true;
    case SystemField::keywords: set_unsigned(value, e.keywords); return true;
    case SystemField::event_record_id: set_unsigned(value, e.event_record_id); return true;
    case SystemField::process_id: set_unsigned(value, e.process_id); return true;
    case SystemField::thread_id: set_unsigned(value, e.thread_id); return true;
    default: return false;
  }
}

void set_system_field(Event& e, SystemField field, std::string_view text) {
  if (std::string* target = system_text_field(e, field)) {
    target->assign(text.data(), text.size());
  } else if (field == SystemField::time_created) {
    if (auto time = Timestamp::parse_iso(text)) e.time_created = *time;
  } else if (unsigned long long value = 0; field != SystemField::none && parse_unsigned_text(text, value)) {
    set_system_number(e, field, value);
  }
}

}  // namespace evtxdiag::core
