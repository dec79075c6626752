#include "core/system_fields.hpp"

#include <charconv>
#include <limits>

namespace evtxdiag::core {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

template <typename T>
void set_unsigned(std::string_view text, T& out) {
  unsigned long long value = 0;
  if (parse_unsigned_text(text, value) && value <= std::numeric_limits<T>::max()) out = static_cast<T>(value);
}

template <typename T>
void set_optional_unsigned(std::string_view text, std::optional<T>& out) {
  T value{};
  unsigned long long parsed = 0;
  if (parse_unsigned_text(text, parsed) && parsed <= std::numeric_limits<T>::max()) {
    value = static_cast<T>(parsed);
    out = value;
  }
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

void set_system_field(Event& e, std::string_view element, std::string_view attribute, std::string_view text) {
  if (attribute.empty()) {
    if (element == "EventID")
      set_unsigned(text, e.event_id);
    else if (element == "Version")
      set_unsigned(text, e.version);
    else if (element == "Level")
      set_unsigned(text, e.level);
    else if (element == "Task")
      set_unsigned(text, e.task);
    else if (element == "Opcode")
      set_unsigned(text, e.opcode);
    else if (element == "Keywords")
      set_unsigned(text, e.keywords);
    else if (element == "EventRecordID")
      set_unsigned(text, e.event_record_id);
    else if (element == "Channel")
      e.channel.assign(text.data(), text.size());
    else if (element == "Computer")
      e.computer.assign(text.data(), text.size());
    return;
  }
  if (element == "Provider") {
    if (attribute == "Name")
      e.provider_name.assign(text.data(), text.size());
    else if (attribute == "Guid")
      e.provider_guid.assign(text.data(), text.size());
    else if (attribute == "EventSourceName")
      e.event_source_name.assign(text.data(), text.size());
  } else if (element == "EventID") {
    if (attribute == "Qualifiers") set_optional_unsigned(text, e.qualifiers);
  } else if (element == "TimeCreated") {
    if (attribute == "SystemTime")
      if (auto time = Timestamp::parse_iso(text)) e.time_created = *time;
  } else if (element == "Correlation") {
    if (attribute == "ActivityID")
      e.activity_id.assign(text.data(), text.size());
    else if (attribute == "RelatedActivityID")
      e.related_activity_id.assign(text.data(), text.size());
  } else if (element == "Execution") {
    if (attribute == "ProcessID")
      set_optional_unsigned(text, e.process_id);
    else if (attribute == "ThreadID")
      set_optional_unsigned(text, e.thread_id);
  } else if (element == "Security") {
    if (attribute == "UserID") e.user_sid.assign(text.data(), text.size());
  }
}

}  // namespace evtxdiag::core
