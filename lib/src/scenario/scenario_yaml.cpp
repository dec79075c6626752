// Scenario -> YAML (scenario.hpp, scenario_yaml): the inverse of the loader for everything the
// writer writes, so that a real event becomes a scenario that writes it back the same.
// Hand-written rather than through a YAML emitter so that the output is stable and reads like
// the hand-written scenarios: every string double-quoted, small values in flow style.
#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <map>
#include <sstream>

#include "evtxdiag/event_shape.hpp"
#include "evtxdiag/scenario.hpp"
#include "writer/value_encoding.hpp"

namespace evtxdiag {
namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7F) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02X", c);
      out += buffer;
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x85) {
      out += "\\u0085", ++i;  // NEL, U+2028 and U+2029 are line breaks to YAML: escape them
                              // (yaml-cpp reads "\\N" as a lone byte 0x85, not as U+0085)
    } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBB &&
               static_cast<unsigned char>(text[i + 2]) == 0xBF) {
      out += "\\uFEFF", i += 2;  // a BOM inside a value would be dropped by YAML readers
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// Element names as keys: plain where YAML reads them back as the same text.
std::string key(const std::string& name) {
  bool plain = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name)
    plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
  static const char* const kYamlWords[] = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"};
  for (const char* word : kYamlWords) {
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    plain = plain && lower != word;
  }
  return plain ? name : quoted(name);
}

std::string value_text(const PayloadValue& value) {
  if (value.type == ValueType::null) return "{type: Null}";
  if (!value.array && value.type == ValueType::string) return quoted(value.items.front());
  std::string out = std::string("{type: ") + to_string(value.type) + (value.array ? ", values: [" : ", value: ");
  for (std::size_t i = 0; i < value.items.size(); ++i) out += (i ? ", " : "") + quoted(value.items[i]);
  return out + (value.array ? "]}" : "}");
}

// True when the children can be mapping keys: each name once (a run of equal names becomes a
// list), and no name a reader of the mapping would take for something else.
bool children_as_keys(const PayloadElement& element) {
  std::map<std::string, std::size_t> runs;
  for (std::size_t i = 0; i < element.children.size(); ++i) {
    const std::string& name = element.children[i].name;
    if (name.empty() || name == "type" || name[0] == '@' || name[0] == '#') return false;
    const bool continues = i > 0 && element.children[i - 1].name == name;
    if (!continues && !runs.emplace(name, i).second) return false;
  }
  return true;
}

class Emitter {
 public:
  explicit Emitter(std::ostringstream& out) : out_(out) {}

  // The members of `element` (attributes, children, #text, #value) as a block at `indent`.
  void members(const PayloadElement& element, int indent) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    for (const PayloadAttribute& attribute : element.attributes) {
      out_ << pad << quoted("@" + attribute.name) << ": ";
      if (!attribute.value)
        out_ << quoted(attribute.text) << '\n';  // a plain scalar is literal text here
      else if (attribute.value->type == ValueType::string)
        out_ << "{type: String, value: " << quoted(attribute.value->items.front()) << "}\n";
      else
        out_ << value_text(*attribute.value) << '\n';
    }
    const bool as_keys = children_as_keys(element);
    if (!as_keys) {
      out_ << pad << "\"#children\":\n";
      for (const PayloadElement& child : element.children) {
        out_ << pad << "  - " << key(child.name) << ":";
        content(child, indent + 4);
      }
    }
    for (std::size_t i = 0; as_keys && i < element.children.size();) {
      std::size_t end = i + 1;
      while (end < element.children.size() && element.children[end].name == element.children[i].name) ++end;
      out_ << pad << key(element.children[i].name) << ":";
      if (end - i == 1) {
        content(element.children[i], indent);
      } else {
        out_ << '\n';
        for (std::size_t k = i; k < end; ++k) list_item(element.children[k], indent + 2);
      }
      i = end;
    }
    if (!element.text.empty()) out_ << pad << "\"#text\": " << quoted(element.text) << '\n';
    if (element.value && (!element.attributes.empty() || !element.children.empty() || !element.text.empty()))
      out_ << pad << "\"#value\": " << value_text(*element.value) << '\n';
  }

 private:
  // After "key:" or "-": the element's content inline when it is a value or empty, else a block.
  void content(const PayloadElement& element, int indent) {
    const bool only_value = element.attributes.empty() && element.children.empty() && element.text.empty();
    if (only_value) {
      out_ << ' ' << (element.value ? value_text(*element.value) : "{}") << '\n';
      return;
    }
    out_ << '\n';
    members(element, indent + 2);
  }

  // "- " and the element's content: inline, or its members with the first one on the dash's line.
  void list_item(const PayloadElement& element, int indent) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    if (element.attributes.empty() && element.children.empty() && element.text.empty()) {
      out_ << pad << "- " << (element.value ? value_text(*element.value) : "{}") << '\n';
      return;
    }
    std::ostringstream block;
    Emitter(block).members(element, indent + 2);
    out_ << pad << "- " << block.str().substr(static_cast<std::size_t>(indent) + 2);
  }

  std::ostringstream& out_;
};

// `data:` (+ `binary:`) for an EventData of plain <Data> elements, else false.
bool write_data(std::ostringstream& out, const PayloadElement& root) {
  std::size_t data_count = root.children.size();
  const PayloadValue* binary = nullptr;
  if (!root.children.empty() && root.children.back().name == "Binary") {
    const PayloadElement& last = root.children.back();
    if (!last.attributes.empty() || !last.children.empty() || !last.text.empty() || !last.value ||
        last.value->type != ValueType::binary || last.value->array || last.value->items.front().empty())
      return false;  // `binary: ""` would write no Binary element at all
    binary = &*last.value;
    --data_count;
  }
  if (!root.attributes.empty() || !root.text.empty() || root.value) return false;
  bool named = false, unnamed = false;
  std::map<std::string, int> names;
  for (std::size_t i = 0; i < data_count; ++i) {
    const PayloadElement& data = root.children[i];
    if (data.name != "Data" || !data.children.empty() || !data.text.empty() || !data.value) return false;
    if (data.attributes.empty()) {
      unnamed = true;
    } else if (data.attributes.size() == 1 && data.attributes[0].name == "Name" && !data.attributes[0].value &&
               !data.attributes[0].text.empty() && ++names[data.attributes[0].text] == 1) {
      named = true;
    } else {
      return false;
    }
  }
  if (named && unnamed) return false;
  // Names "1", "2", ... in order would read as unnamed Data if every value were a plain String:
  // the first value then stays typed, which keeps the names.
  bool positional_names = named;
  for (std::size_t i = 0; positional_names && i < data_count; ++i)
    positional_names = root.children[i].attributes[0].text == std::to_string(i + 1);
  if (data_count > 0) {
    out << "        data:" << (named ? "\n" : " [");
    for (std::size_t i = 0; i < data_count; ++i) {
      const PayloadElement& data = root.children[i];
      const PayloadValue& value = *data.value;
      const std::string text = i == 0 && positional_names && value.type == ValueType::string && !value.array
                                   ? "{type: String, value: " + quoted(value.items.front()) + "}"
                                   : value_text(value);
      if (named)
        out << "          " << key(data.attributes[0].text) << ": " << text << '\n';
      else
        out << (i ? ", " : "") << text;
    }
    if (!named) out << "]\n";
  }
  if (binary) out << "        binary: " << quoted(binary->items.front()) << '\n';
  return true;
}

void write_payload(std::ostringstream& out, const Event& event) {
  const PayloadElement* root = event.shape && event.shape->payload ? &*event.shape->payload : nullptr;
  std::string why;
  if (root && root->name != "EventData" && root->name != "UserData")
    why = "the payload element is <" + root->name + ">, not EventData or UserData";
  if (root && why.empty()) {
    if (root->name == "EventData" && write_data(out, *root)) return;
    out << "        " << (root->name == "UserData" ? "user_data:" : "event_data:");
    if (root->children.empty() && root->attributes.empty() && root->text.empty() && !root->value) {
      out << " {}\n";
      return;
    }
    out << '\n';
    Emitter(out).members(*root, 10);
    return;
  }
  if (!why.empty()) out << "        # value types not kept: " << why << "; the fields as Strings\n";
  if (!event.data.empty()) {
    bool positional = true;
    for (std::size_t i = 0; i < event.data.size(); ++i)
      positional = positional && event.data[i].name == std::to_string(i + 1);
    out << "        data:" << (positional ? " [" : "\n");
    for (std::size_t i = 0; i < event.data.size(); ++i) {
      if (positional)
        out << (i ? ", " : "") << quoted(event.data[i].value);
      else
        out << "          " << key(event.data[i].name) << ": " << quoted(event.data[i].value) << '\n';
    }
    if (positional) out << "]\n";
  }
  if (!event.binary_hex.empty()) out << "        binary: " << quoted(event.binary_hex) << '\n';
}

void write_event(std::ostringstream& out, const Event& event, const ScenarioLog& log, const std::string& computer) {
  out << "      - time: " << event.time_created.iso_utc() << '\n';
  out << "        provider: " << quoted(event.provider_name) << '\n';
  if (!event.provider_guid.empty()) {
    if (event.shape && event.shape->provider_guid_text)
      out << "        guid: {type: String, value: " << quoted(event.provider_guid) << "}\n";
    else
      out << "        guid: " << quoted(event.provider_guid) << '\n';
  }
  if (!event.event_source_name.empty()) out << "        event_source_name: " << quoted(event.event_source_name) << '\n';
  if (event.channel != log.channel) out << "        channel: " << quoted(event.channel) << '\n';
  out << "        event_id: " << event.event_id << '\n';
  if (event.qualifiers) out << "        qualifiers: " << *event.qualifiers << '\n';
  if (event.version != 0) out << "        version: " << unsigned(event.version) << '\n';
  if (event.level != 4) out << "        level: " << unsigned(event.level) << '\n';
  if (event.task != 0) out << "        task: " << event.task << '\n';
  if (event.opcode != 0) out << "        opcode: " << unsigned(event.opcode) << '\n';
  if (event.keywords != 0) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "0x%016" PRIX64, event.keywords);
    out << "        keywords: " << buffer << '\n';
  }
  out << "        record_id: " << event.event_record_id << '\n';
  if (event.computer != computer) out << "        computer: " << quoted(event.computer) << '\n';
  if (event.process_id) out << "        process_id: " << *event.process_id << '\n';
  if (event.thread_id) out << "        thread_id: " << *event.thread_id << '\n';
  if (!event.user_sid.empty()) out << "        user_sid: " << quoted(event.user_sid) << '\n';
  if (!event.activity_id.empty()) out << "        activity_id: " << quoted(event.activity_id) << '\n';
  if (!event.related_activity_id.empty())
    out << "        related_activity_id: " << quoted(event.related_activity_id) << '\n';
  write_payload(out, event);
}

}  // namespace

std::string scenario_yaml(const Scenario& scenario, const std::string& header) {
  std::ostringstream out;
  std::istringstream lines(header);
  for (std::string line; std::getline(lines, line);) out << (line.empty() ? "#" : "# " + line) << '\n';
  if (!header.empty()) out << '\n';
  if (!scenario.description.empty()) out << "description: " << quoted(scenario.description) << '\n';
  if (!scenario.computer.empty()) out << "computer: " << quoted(scenario.computer) << '\n';
  out << "\nlogs:\n";
  for (const ScenarioLog& log : scenario.logs) {
    out << "  - file: " << quoted(log.file) << '\n';
    out << "    channel: " << quoted(log.channel) << '\n';
    out << "    events:" << (log.events.empty() ? " []" : "") << '\n';
    for (const Event& event : log.events) write_event(out, event, log, scenario.computer);
  }
  return out.str();
}

}  // namespace evtxdiag
