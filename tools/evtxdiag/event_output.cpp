#include "event_output.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ostream>

namespace evtxdiag::cli {
namespace {

std::string hex64(std::uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

// The event as an ordered JSON object; the key order is the documented output order.
nlohmann::ordered_json to_json(const Event& e, const ZoneResolution& zones) {
  nlohmann::ordered_json j;
  j["file"] = e.source_file;
  j["origin"] = to_string(e.origin);
  j["decoder"] = to_string(e.decoder);
  j["record_number"] = e.record_number;
  j["offset"] = e.file_offset >= 0 ? nlohmann::ordered_json(e.file_offset) : nlohmann::ordered_json(nullptr);
  j["time_created"] = format_time(e.time_created);
  j["time_created_local"] = zones.format_local(e.time_created);  // with its offset; zone from --tz
  j["written_time"] = format_time(e.written_time);
  j["provider"] = e.provider_name;
  j["provider_guid"] = e.provider_guid;
  j["event_source_name"] = e.event_source_name;
  j["event_id"] = e.event_id;
  j["qualifiers"] = e.qualifiers ? nlohmann::ordered_json(*e.qualifiers) : nlohmann::ordered_json(nullptr);
  j["version"] = e.version;
  j["level"] = e.level;
  j["task"] = e.task;
  j["opcode"] = e.opcode;
  j["keywords"] = hex64(e.keywords);
  j["event_record_id"] = e.event_record_id;
  j["activity_id"] = e.activity_id;
  j["related_activity_id"] = e.related_activity_id;
  j["process_id"] = e.process_id ? nlohmann::ordered_json(*e.process_id) : nlohmann::ordered_json(nullptr);
  j["thread_id"] = e.thread_id ? nlohmann::ordered_json(*e.thread_id) : nlohmann::ordered_json(nullptr);
  j["channel"] = e.channel;
  j["computer"] = e.computer;
  j["user_sid"] = e.user_sid;
  // A list of pairs, not an object: names may repeat and their order matters.
  nlohmann::ordered_json data = nlohmann::ordered_json::array();
  for (const DataField& field : e.data) data.push_back({{"name", field.name}, {"value", field.value}});
  j["data"] = std::move(data);
  j["binary"] = e.binary_hex;
  // Display information as Event Viewer showed it (LocaleMetaData/*.MTA, or the knowledge
  // base); message_source says where the message came from: "mta", "knowledge" or "none".
  j["level_name"] = e.level_name;
  j["task_name"] = e.task_name;
  j["opcode_name"] = e.opcode_name;
  j["keyword_names"] = e.keyword_names;
  j["message"] = e.message;
  j["message_source"] = to_string(e.message_source);
  return j;
}

std::string csv_quote(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// One CSV cell per JSON field; data pairs become "name=value" joined by " | ".
std::string csv_cell(const nlohmann::ordered_json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string out;
    for (const auto& pair : value) {
      if (!out.empty()) out += " | ";
      out += pair.is_string() ? pair.get<std::string>()  // keyword_names
                              : pair["name"].get<std::string>() + "=" + pair["value"].get<std::string>();
    }
    return out;
  }
  return value.dump();
}

}  // namespace

bool parse_event_format(const std::string& text, EventFormat& format) {
  if (text == "jsonl") format = EventFormat::jsonl;
  else if (text == "csv") format = EventFormat::csv;
  else if (text == "xml") format = EventFormat::xml;
  else return false;
  return true;
}

std::string format_time(Timestamp time) { return time.iso_utc(); }

const std::vector<std::string>& event_field_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    const Event empty;
    const nlohmann::ordered_json fields = to_json(empty, ZoneResolution::fallback_utc(""));
    for (auto it = fields.begin(); it != fields.end(); ++it) out.push_back(it.key());
    return out;
  }();
  return names;
}

EventWriter::EventWriter(std::ostream& out, EventFormat format) : out_(out), format_(format) {}
EventWriter::~EventWriter() = default;

bool EventWriter::needs_xml() const { return format_ == EventFormat::xml; }

void EventWriter::write(const Event& event) {
  switch (format_) {
    case EventFormat::jsonl:
      // Invalid UTF-8 from damaged records is replaced rather than aborting the output.
      out_ << to_json(event, zones_).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
      break;
    case EventFormat::csv: {
      if (!header_written_) finish();
      const nlohmann::ordered_json j = to_json(event, zones_);
      std::string line;
      bool first = true;
      for (const auto& item : j.items()) {
        if (!first) line += ',';
        first = false;
        line += csv_quote(csv_cell(item.value()));
      }
      out_ << line << '\n';
      break;
    }
    case EventFormat::xml:
      out_ << event.xml << '\n';
      break;
  }
}

void EventWriter::finish() {
  if (format_ == EventFormat::csv && !header_written_) {
    std::string line;
    for (const std::string& name : event_field_names()) line += (line.empty() ? "" : ",") + name;
    out_ << line << '\n';
    header_written_ = true;
  }
  out_.flush();
}

}  // namespace evtxdiag::cli
