#include "writer/event_template.hpp"

#include <utility>

#include "evtxdiag/error.hpp"
#include "evtxdiag/event_shape.hpp"
#include "format/format.hpp"
#include "writer/payload_template.hpp"
#include "writer/value_encoding.hpp"

namespace evtxdiag::evtx {
namespace {

// Substitution indices of Windows' System template (section 8); 18 is this writer's
// EventSourceName (Windows 7 wrote it as literal text).
enum SystemIndex : std::uint16_t {
  kLevel = 0,
  kOpcode,
  kTask,
  kEventId,
  kQualifiers,
  kKeywords,
  kTimeCreated,
  kActivityId,
  kProcessId,
  kThreadId,
  kRecordId,
  kVersion,
  kUserId,
  kRelatedActivityId,
  kProviderName,
  kProviderGuid,
  kChannel,
  kEventData,
  kEventSourceName,
  kSystemValueCount
};

[[noreturn]] void fail(const std::string& field, const std::string& why) {
  throw Error(ErrorKind::invalid_input, "cannot write event: " + field + ": " + why);
}

std::u16string utf16(const std::string& text, const char* field) {
  auto converted = utf8_to_utf16(text);
  if (!converted) fail(field, "not valid UTF-8");
  return std::move(*converted);
}

template <typename T>
TemplateValue integer_value(std::uint8_t type, T value) {
  TemplateValue out{type, {}, nullptr};
  for (std::size_t k = 0; k < sizeof(T); ++k) out.bytes.push_back(static_cast<std::uint8_t>(value >> (8 * k)));
  return out;
}

TemplateValue string_value(const std::u16string& text) {
  TemplateValue out{value_type::string, {}, nullptr};
  for (char16_t c : text) {
    out.bytes.push_back(static_cast<std::uint8_t>(c & 0xFF));
    out.bytes.push_back(static_cast<std::uint8_t>(c >> 8));
  }
  return out;
}

TemplateValue guid_value(const std::string& text, const char* field) {
  const auto guid = parse_guid(text);
  if (!guid) fail(field, "'" + text + "' is not a GUID like {01234567-89AB-CDEF-0123-456789ABCDEF}");
  return TemplateValue{value_type::guid, std::vector<std::uint8_t>(guid->begin(), guid->end()), nullptr};
}

Substitution optional_sub(std::uint16_t index, std::uint8_t type) { return Substitution{index, type, true}; }

TemplateAttribute sub_attribute(const char16_t* name, std::uint16_t index, std::uint8_t type) {
  return TemplateAttribute{name, {}, optional_sub(index, type)};
}

// A leaf element whose only content is one optional substitution; it depends on that value.
TemplateElement leaf(const char16_t* name, std::uint16_t index, std::uint8_t type) {
  TemplateElement element;
  element.name = name;
  element.dependency = index;
  element.substitution = optional_sub(index, type);
  return element;
}

TemplateElement attributes_only(const char16_t* name, std::vector<TemplateAttribute> attributes) {
  TemplateElement element;
  element.name = name;
  element.attributes = std::move(attributes);
  return element;
}

// The EventData payload (section 8.1): <Data Name="literal">%i</Data> or <Data>%i</Data>,
// each value a normal String substitution (never NULL), then <Binary>%n</Binary>.
std::shared_ptr<TemplateInstance> event_data_instance(const Event& event) {
  auto payload = std::make_shared<TemplateInstance>();
  TemplateElement& root = payload->root;
  root.name = u"EventData";
  root.close_empty = false;  // Windows writes an empty EventData as <EventData></EventData>
  const bool unnamed = is_positional(event.data);
  for (const DataField& field : event.data) {
    TemplateElement data;
    data.name = u"Data";
    data.close_empty = false;
    if (!unnamed) {
      if (field.name.empty()) fail("data", "a named Data field needs a non-empty name");
      data.attributes.push_back(TemplateAttribute{u"Name", utf16(field.name, "data name"), std::nullopt});
    }
    data.substitution = Substitution{static_cast<std::uint16_t>(payload->values.size()), value_type::string, false};
    payload->values.push_back(string_value(utf16(field.value, "data value")));
    root.children.push_back(std::move(data));
  }
  if (!event.binary_hex.empty()) {
    const auto bytes = parse_hex(event.binary_hex);
    if (!bytes) fail("binary", "not an even number of hex digits");
    TemplateElement binary;
    binary.name = u"Binary";
    binary.substitution = Substitution{static_cast<std::uint16_t>(payload->values.size()), value_type::binary, false};
    payload->values.push_back(TemplateValue{value_type::binary, *bytes, nullptr});
    root.children.push_back(std::move(binary));
  }
  return payload;
}

// The System element's parts (section 8) whose presence depends on the event, built with
// their values set in `instance` (unused indices stay NULL and are never referenced). Built in
// element order, so that the first malformed field is the one an error names.
class SystemParts {
 public:
  SystemParts(const Event& event, TemplateInstance& instance) : event_(event), instance_(instance) {}

  std::vector<TemplateAttribute> provider() {
    std::vector<TemplateAttribute> provider{sub_attribute(u"Name", kProviderName, value_type::string)};
    set(kProviderName, string_value(utf16(event_.provider_name, "provider")));
    if (!event_.provider_guid.empty() && event_.shape && event_.shape->provider_guid_text) {
      provider.push_back(
          TemplateAttribute{u"Guid", utf16(event_.provider_guid, "guid"), std::nullopt});  // as Windows 7 did
    } else if (!event_.provider_guid.empty()) {
      provider.push_back(sub_attribute(u"Guid", kProviderGuid, value_type::guid));
      set(kProviderGuid, guid_value(event_.provider_guid, "guid"));
    }
    if (!event_.event_source_name.empty()) {
      provider.push_back(sub_attribute(u"EventSourceName", kEventSourceName, value_type::string));
      set(kEventSourceName, string_value(utf16(event_.event_source_name, "event_source_name")));
    }
    return provider;
  }

  TemplateElement event_id() {
    TemplateElement event_id = leaf(u"EventID", kEventId, value_type::uint16);
    set(kEventId, integer_value(value_type::uint16, static_cast<std::uint16_t>(event_.event_id)));
    if (event_.qualifiers) {
      event_id.attributes.push_back(sub_attribute(u"Qualifiers", kQualifiers, value_type::uint16));
      set(kQualifiers, integer_value(value_type::uint16, *event_.qualifiers));
    }
    return event_id;
  }

  // The values of the leaves every event has: Version to EventRecordID.
  void set_numbers() {
    set(kVersion, integer_value(value_type::uint8, event_.version));
    set(kLevel, integer_value(value_type::uint8, event_.level));
    set(kTask, integer_value(value_type::uint16, event_.task));
    set(kOpcode, integer_value(value_type::uint8, event_.opcode));
    set(kKeywords, integer_value(value_type::hex_int64, event_.keywords));
    set(kTimeCreated, integer_value(value_type::filetime, event_.time_created.ticks));
    set(kRecordId, integer_value(value_type::uint64, event_.event_record_id));
  }

  std::vector<TemplateAttribute> correlation() {
    std::vector<TemplateAttribute> correlation;
    if (!event_.activity_id.empty()) {
      correlation.push_back(sub_attribute(u"ActivityID", kActivityId, value_type::guid));
      set(kActivityId, guid_value(event_.activity_id, "activity_id"));
    }
    if (!event_.related_activity_id.empty()) {
      correlation.push_back(sub_attribute(u"RelatedActivityID", kRelatedActivityId, value_type::guid));
      set(kRelatedActivityId, guid_value(event_.related_activity_id, "related_activity_id"));
    }
    return correlation;
  }

  std::vector<TemplateAttribute> execution() {
    std::vector<TemplateAttribute> execution;
    if (event_.process_id) {
      execution.push_back(sub_attribute(u"ProcessID", kProcessId, value_type::uint32));
      set(kProcessId, integer_value(value_type::uint32, *event_.process_id));
    }
    if (event_.thread_id) {
      execution.push_back(sub_attribute(u"ThreadID", kThreadId, value_type::uint32));
      set(kThreadId, integer_value(value_type::uint32, *event_.thread_id));
    }
    return execution;
  }

  std::vector<TemplateAttribute> security() {
    std::vector<TemplateAttribute> security;
    if (!event_.user_sid.empty()) {
      const auto sid = parse_sid(event_.user_sid);
      if (!sid) fail("user_sid", "'" + event_.user_sid + "' is not a SID like S-1-5-18");
      security.push_back(sub_attribute(u"UserID", kUserId, value_type::sid));
      set(kUserId, TemplateValue{value_type::sid, *sid, nullptr});
    }
    return security;
  }

 private:
  void set(SystemIndex index, TemplateValue value) { instance_.values[index] = std::move(value); }

  const Event& event_;
  TemplateInstance& instance_;
};

// <System>: Windows' element order, with the event's values in `instance`.
TemplateElement system_element(const Event& event, TemplateInstance& instance) {
  SystemParts parts(event, instance);
  std::vector<TemplateAttribute> provider = parts.provider();
  TemplateElement event_id = parts.event_id();
  parts.set_numbers();
  std::vector<TemplateAttribute> correlation = parts.correlation();
  std::vector<TemplateAttribute> execution = parts.execution();
  std::vector<TemplateAttribute> security = parts.security();
  instance.values[kChannel] = string_value(utf16(event.channel, "channel"));

  TemplateElement computer;
  computer.name = u"Computer";
  computer.text = utf16(event.computer, "computer");  // literal in the template, as Windows does

  TemplateElement system;
  system.name = u"System";
  system.children.push_back(attributes_only(u"Provider", std::move(provider)));
  system.children.push_back(std::move(event_id));
  system.children.push_back(leaf(u"Version", kVersion, value_type::uint8));
  system.children.push_back(leaf(u"Level", kLevel, value_type::uint8));
  system.children.push_back(leaf(u"Task", kTask, value_type::uint16));
  system.children.push_back(leaf(u"Opcode", kOpcode, value_type::uint8));
  system.children.push_back(leaf(u"Keywords", kKeywords, value_type::hex_int64));
  system.children.push_back(
      attributes_only(u"TimeCreated", {sub_attribute(u"SystemTime", kTimeCreated, value_type::filetime)}));
  system.children.push_back(leaf(u"EventRecordID", kRecordId, value_type::uint64));
  system.children.push_back(attributes_only(u"Correlation", std::move(correlation)));
  system.children.push_back(attributes_only(u"Execution", std::move(execution)));
  system.children.push_back(leaf(u"Channel", kChannel, value_type::string));
  system.children.push_back(std::move(computer));
  system.children.push_back(attributes_only(u"Security", std::move(security)));
  return system;
}

}  // namespace

bool is_positional(const std::vector<DataField>& data) {
  for (std::size_t i = 0; i < data.size(); ++i)
    if (data[i].name != std::to_string(i + 1)) return false;
  return true;
}

TemplateInstance event_instance(const Event& event) {
  if (event.provider_name.empty()) fail("provider", "missing");
  if (event.event_id > 0xFFFF) fail("event_id", std::to_string(event.event_id) + " is above 65535");
  if (!event.time_created.valid()) fail("time", "missing");

  TemplateInstance instance;
  instance.values.resize(kSystemValueCount);  // unused indices stay NULL and are never referenced
  TemplateElement system = system_element(event, instance);

  TemplateElement& root = instance.root;
  root.name = u"Event";
  root.dependency = kEventData;
  root.attributes.push_back(
      TemplateAttribute{u"xmlns", u"http://schemas.microsoft.com/win/2004/08/events/event", std::nullopt});
  root.children.push_back(std::move(system));  // then %17, the EventData payload
  root.substitution = optional_sub(kEventData, value_type::binxml);
  const bool typed = event.shape && event.shape->payload;
  instance.values[kEventData] = TemplateValue{
      value_type::binxml, {}, typed ? payload_instance(*event.shape->payload) : event_data_instance(event)};
  return instance;
}

}  // namespace evtxdiag::evtx
