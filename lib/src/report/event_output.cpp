#include "evtxdiag/event_output.hpp"

#include "core/digits.hpp"
#include "core/time_text.hpp"
#include "core/utf8.hpp"
#include "report/json_text.hpp"

#include <nlohmann/json.hpp>

#include <cstring>
#include <iostream>
#include <optional>
#include <ostream>

namespace evtxdiag {
namespace {

std::string hex64(std::uint64_t value) {
  char buffer[18] = {'0', 'x'};
  return std::string(buffer, core::write_hex16(buffer + 2, value));
}

// The event as an ordered JSON object; the key order is the documented output order.
nlohmann::ordered_json to_json(const Event& e, const ZoneResolution& zones) {
  nlohmann::ordered_json j;
  j["file"] = e.source_file;
  j["origin"] = to_string(e.origin);
  j["decoder"] = to_string(e.decoder);
  if (e.payload_lost) j["payload_lost"] = e.payload_loss;              // only on records whose payload is lost
  if (!e.record_damage.empty()) j["record_damage"] = e.record_damage;  // only on records read from damaged bytes
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
  // A list, not an object: names may repeat and their order matters. Each value with its type
  // (null when the decoder gives none) and its place in the payload (DataField).
  nlohmann::ordered_json data = nlohmann::ordered_json::array();
  for (const DataField& field : e.data) {
    nlohmann::ordered_json item;
    item["name"] = field.name;
    item["value"] = field.value;
    item["type"] = field.type ? nlohmann::ordered_json(to_string(*field.type)) : nlohmann::ordered_json(nullptr);
    item["path"] = field.path;
    data.push_back(std::move(item));
  }
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

// One CSV cell per JSON field; data pairs become "name=value" joined by " | ".
std::string csv_cell(const nlohmann::ordered_json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return core::valid_utf8(value.get<std::string>());  // damaged records: U+FFFD, as in JSON
  if (value.is_array()) {
    std::string out;
    for (const auto& pair : value) {
      if (!out.empty()) out += " | ";
      out += pair.is_string() ? pair.get<std::string>()  // keyword_names
                              : pair["name"].get<std::string>() + "=" + pair["value"].get<std::string>();
    }
    return core::valid_utf8(out);
  }
  return value.dump();
}

// format_time(time) as a JSON string, without a std::string in between.
void write_utc_time(report::JsonText& j, Timestamp time) {
  char text[core::kTimeTextRoom];
  if (const char* end = core::write_iso_utc(text, time))
    j.quoted(text, static_cast<std::size_t>(end - text));
  else
    j.string(format_time(time));
}

// JSON Lines without building a JSON object (nlohmann's ordered_json cost more per
// event than libevtx's decode of it): written into one raw buffer (report/json_text.hpp), keys
// as literals. Same keys, order and bytes as to_json(...).dump().
void write_json_line(report::JsonText& j, const Event& e, const ZoneResolution& zones) {
  j.literal("{\"file\":");
  j.string(e.source_file);
  j.literal(",\"origin\":");
  j.string(to_string(e.origin));
  j.literal(",\"decoder\":");
  j.string(to_string(e.decoder));
  if (e.payload_lost) {  // only on records whose payload is lost
    j.literal(",\"payload_lost\":");
    j.string(e.payload_loss);
  }
  if (!e.record_damage.empty()) {  // only on records read from damaged bytes
    j.literal(",\"record_damage\":");
    j.string(e.record_damage);
  }
  j.literal(",\"record_number\":");
  j.number(e.record_number);
  j.literal(",\"offset\":");
  j.number_or_null(e.file_offset >= 0 ? std::optional<std::int64_t>(e.file_offset) : std::nullopt);
  j.literal(",\"time_created\":");
  write_utc_time(j, e.time_created);
  j.literal(",\"time_created_local\":");
  char local[core::kTimeTextRoom];
  if (const char* end = core::write_local_time(local, zones.zone_at(e.time_created), e.time_created))
    j.quoted(local, static_cast<std::size_t>(end - local));
  else
    j.string(zones.format_local(e.time_created));
  j.literal(",\"written_time\":");
  write_utc_time(j, e.written_time);
  j.literal(",\"provider\":");
  j.string(e.provider_name);
  j.literal(",\"provider_guid\":");
  j.string(e.provider_guid);
  j.literal(",\"event_source_name\":");
  j.string(e.event_source_name);
  j.literal(",\"event_id\":");
  j.number(e.event_id);
  j.literal(",\"qualifiers\":");
  j.number_or_null(e.qualifiers);
  j.literal(",\"version\":");
  j.number(unsigned{e.version});
  j.literal(",\"level\":");
  j.number(unsigned{e.level});
  j.literal(",\"task\":");
  j.number(e.task);
  j.literal(",\"opcode\":");
  j.number(unsigned{e.opcode});
  j.literal(",\"keywords\":\"0x");
  char hex[16];
  j.raw(hex, static_cast<std::size_t>(core::write_hex16(hex, e.keywords) - hex));
  j.literal("\",\"event_record_id\":");
  j.number(e.event_record_id);
  j.literal(",\"activity_id\":");
  j.string(e.activity_id);
  j.literal(",\"related_activity_id\":");
  j.string(e.related_activity_id);
  j.literal(",\"process_id\":");
  j.number_or_null(e.process_id);
  j.literal(",\"thread_id\":");
  j.number_or_null(e.thread_id);
  j.literal(",\"channel\":");
  j.string(e.channel);
  j.literal(",\"computer\":");
  j.string(e.computer);
  j.literal(",\"user_sid\":");
  j.string(e.user_sid);
  j.literal(",\"data\":[");
  for (std::size_t i = 0; i < e.data.size(); ++i) {
    const DataField& field = e.data[i];
    if (i) j.raw(',');
    j.literal("{\"name\":");
    j.string(field.name);
    j.literal(",\"value\":");
    j.string(field.value);
    j.literal(",\"type\":");
    if (field.type) {
      j.raw('"');
      const char* type = to_string(*field.type);
      j.raw(type, std::strlen(type));
      j.raw('"');
    } else {
      j.literal("null");
    }
    j.literal(",\"path\":");
    j.string(field.path);
    j.raw('}');
  }
  j.literal("],\"binary\":");
  j.string(e.binary_hex);
  j.literal(",\"level_name\":");
  j.string(e.level_name);
  j.literal(",\"task_name\":");
  j.string(e.task_name);
  j.literal(",\"opcode_name\":");
  j.string(e.opcode_name);
  j.literal(",\"keyword_names\":[");
  for (std::size_t i = 0; i < e.keyword_names.size(); ++i) {
    if (i) j.raw(',');
    j.string(e.keyword_names[i]);
  }
  j.literal("],\"message\":");
  j.string(e.message);
  j.literal(",\"message_source\":");
  j.string(to_string(e.message_source));
  j.literal("}\n");
}

// Appends the JSON line of `e` (with its newline) to `out`, through this thread's buffer.
void append_json_line(std::string& out, const Event& e, const ZoneResolution& zones) {
  thread_local report::JsonText text;
  text.clear();
  write_json_line(text, e, zones);
  out.append(text.view());
}

// The direct writer is used only when it prints a probe event exactly as to_json does, so a
// field added to to_json alone can never make the two formats drift apart (it only costs speed).
bool direct_json_matches() {
  static const bool matches = [] {
    Event e;
    e.source_file = "C:\\logs\\System.evtx";
    e.record_number = 12, e.file_offset = 4096 + 512, e.event_id = 7036, e.qualifiers = 16384;
    e.provider_name = "Service Control Manager", e.provider_guid = "{555908D1-A6D7-4695-8E1E-26931D2012F4}";
    e.event_source_name = "Service Control Manager", e.version = 1, e.level = 4, e.task = 2, e.opcode = 3;
    e.keywords = 0x8080000000000000ULL, e.event_record_id = 99, e.activity_id = "{A}", e.related_activity_id = "{B}";
    e.process_id = 620, e.thread_id = 5012, e.channel = "System", e.computer = "経理部-PC", e.user_sid = "S-1-5-18";
    e.time_created = Timestamp{132'000'000'000'000'000ULL}, e.written_time = Timestamp{132'000'000'000'000'001ULL};
    e.data = {{"param1", "a \"quoted\"\tvalue", ValueType::string, "EventData/Data"},
              {"param2", std::string("bad \xff byte"), std::nullopt, "EventData/Data[2]"}};
    e.binary_hex = "00FF", e.level_name = "Information", e.task_name = "T", e.opcode_name = "O";
    e.keyword_names = {"Classic", "K2"}, e.message = "line 1\r\nline 2", e.message_source = MessageSource::knowledge;
    e.payload_lost = true, e.payload_loss = "lost", e.record_damage = "size copy";  // the optional keys too
    const ZoneResolution zones = ZoneResolution::fallback_utc("probe");
    std::string direct;
    append_json_line(direct, e, zones);
    return direct == to_json(e, zones).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  }();
  return matches;
}

// A line of XML comment ("--" may not appear in a comment).
std::string xml_comment(std::string text) {
  for (std::size_t at = 0; (at = text.find("--", at)) != std::string::npos;) text.replace(at, 2, "- -");
  return "<!-- " + text + " -->\n";
}

}  // namespace

// The XML output is one document (as `wevtutil qe /e:Events` writes it), so that it parses as a whole.
constexpr const char* kXmlDocumentStart = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n";

bool parse_event_format(const std::string& text, EventFormat& format) {
  if (text == "jsonl")
    format = EventFormat::jsonl;
  else if (text == "csv")
    format = EventFormat::csv;
  else if (text == "xml")
    format = EventFormat::xml;
  else
    return false;
  return true;
}

std::string format_time(Timestamp time) { return time.iso_utc(); }

std::string event_to_json(const Event& event, const ZoneResolution& zones) {
  std::string line;
  if (direct_json_matches()) {
    append_json_line(line, event, zones);
    line.pop_back();  // the newline
    return line;
  }
  return to_json(event, zones).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
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

std::string EventWriter::render(const Event& event) const {
  std::string text;
  switch (format_) {
    case EventFormat::jsonl:
      // Invalid UTF-8 from damaged records is replaced rather than aborting the output.
      if (direct_json_matches()) {
        append_json_line(text, event, zones_);
      } else {
        text = to_json(event, zones_).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + '\n';
      }
      break;
    case EventFormat::csv: {
      // The columns of the header row, whatever fields this event's JSON has, and last why
      // its payload was lost (empty for a whole record).
      const nlohmann::ordered_json j = to_json(event, zones_);
      for (const std::string& name : event_field_names()) text += csv_quote(csv_cell(j.at(name))) + ',';
      text += csv_quote(event.payload_loss) + ',';
      text += csv_quote(event.record_damage);
      text += '\n';
      break;
    }
    case EventFormat::xml:
      if (event.payload_lost) {
        // No event XML is left: a comment says which record it was and why ("--" may not
        // appear in a comment).
        text = xml_comment("record " + std::to_string(event.record_number) + " (offset " +
                           std::to_string(event.file_offset) + ", written " + format_time(event.written_time) +
                           "): " + event.payload_loss);
        break;
      }
      text.reserve(event.xml.size() + 1);
      if (!event.record_damage.empty())
        text += xml_comment("record " + std::to_string(event.record_number) + " (offset " +
                            std::to_string(event.file_offset) + ") is read from damaged bytes: " + event.record_damage);
      text += event.xml;
      text += '\n';
      break;
  }
  return text;
}

void EventWriter::write(const Event& event) { write_text(render(event)); }

void EventWriter::write_rendered(const Event& event) { write_text(event.rendered); }

void EventWriter::write_text(const std::string& text) {
  if (format_ == EventFormat::jsonl && !direct_json_matches() && !warned_slow_) {
    // Correct but slow: say so once, so that a test (test_dump_cli.sh: no stderr) notices a
    // field added to to_json without append_json_line.
    std::cerr << "evtxdiag: warning: internal: the fast JSON writer differs from to_json; using the slow one\n";
    warned_slow_ = true;
  }
  if (format_ == EventFormat::csv && !header_written_) finish();
  if (format_ == EventFormat::xml && !header_written_) {
    out_ << kXmlDocumentStart;
    header_written_ = true;
  }
  out_ << text;
}

void EventWriter::finish() {
  if (format_ == EventFormat::csv && !header_written_) {
    std::string line;
    for (const std::string& name : event_field_names()) line += (line.empty() ? "" : ",") + name;
    out_ << line << ",payload_lost,record_damage\n";
    header_written_ = true;
  }
  if (format_ == EventFormat::xml && !finished_) {
    if (!header_written_) out_ << kXmlDocumentStart;
    header_written_ = true;
    out_ << "</Events>\n";
    finished_ = true;
  }
  out_.flush();
}

}  // namespace evtxdiag
