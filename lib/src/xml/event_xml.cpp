#include "xml/event_xml.hpp"

#include <pugixml.hpp>

#include <cctype>
#include <charconv>
#include <cstring>
#include <limits>

namespace evtxdiag::xml {
namespace {

// Element names are compared without a namespace prefix: libevtx writes the event namespace
// as the default one, but other renderers (and hand-written tests) may use a prefix.
const char* local_name(const pugi::xml_node& node) {
  const char* name = node.name();
  const char* colon = std::strrchr(name, ':');
  return colon ? colon + 1 : name;
}

bool is_named(const pugi::xml_node& node, const char* name) { return std::strcmp(local_name(node), name) == 0; }

pugi::xml_node child_named(const pugi::xml_node& parent, const char* name) {
  for (pugi::xml_node child = parent.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_element && is_named(child, name)) return child;
  return {};
}

// All character data directly inside `node` (text and CDATA pieces, in order). pugixml's
// child_value() returns only the first piece, which would cut values around a CDATA section.
std::string text_of(const pugi::xml_node& node) {
  std::string out;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  return out;
}

// Parses a decimal or "0x" hexadecimal unsigned integer that fits into T. Leaves `out`
// unchanged when the text is empty, malformed or out of range: a bad System value must not
// stop the rest of the event from being read.
template <typename T>
bool parse_unsigned(std::string_view text, T& out) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return false;
  unsigned long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc() || end != text.data() + text.size() || value > std::numeric_limits<T>::max()) return false;
  out = static_cast<T>(value);
  return true;
}

template <typename T>
void parse_optional_unsigned(std::string_view text, std::optional<T>& out) {
  T value{};
  if (parse_unsigned(text, value)) out = value;
}

// Binary data as upper-case hex without separators (libevtx already writes hex; other
// renderers may use lower case or spaces).
std::string normalise_hex(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text)
    if (std::isxdigit(static_cast<unsigned char>(c))) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

void read_system(const pugi::xml_node& system, Event& event) {
  for (pugi::xml_node node = system.first_child(); node; node = node.next_sibling()) {
    if (node.type() != pugi::node_element) continue;
    const std::string_view name = local_name(node);
    if (name == "Provider") {
      event.provider_name = node.attribute("Name").value();
      event.provider_guid = node.attribute("Guid").value();
      event.event_source_name = node.attribute("EventSourceName").value();
    } else if (name == "EventID") {
      parse_unsigned(text_of(node), event.event_id);
      parse_optional_unsigned(node.attribute("Qualifiers").value(), event.qualifiers);
    } else if (name == "Version") {
      parse_unsigned(text_of(node), event.version);
    } else if (name == "Level") {
      parse_unsigned(text_of(node), event.level);
    } else if (name == "Task") {
      parse_unsigned(text_of(node), event.task);
    } else if (name == "Opcode") {
      parse_unsigned(text_of(node), event.opcode);
    } else if (name == "Keywords") {
      parse_unsigned(text_of(node), event.keywords);
    } else if (name == "TimeCreated") {
      if (auto time = Timestamp::parse_iso(node.attribute("SystemTime").value())) event.time_created = *time;
    } else if (name == "EventRecordID") {
      parse_unsigned(text_of(node), event.event_record_id);
    } else if (name == "Correlation") {
      event.activity_id = node.attribute("ActivityID").value();
      event.related_activity_id = node.attribute("RelatedActivityID").value();
    } else if (name == "Execution") {
      parse_optional_unsigned(node.attribute("ProcessID").value(), event.process_id);
      parse_optional_unsigned(node.attribute("ThreadID").value(), event.thread_id);
    } else if (name == "Channel") {
      event.channel = text_of(node);
    } else if (name == "Computer") {
      event.computer = text_of(node);
    } else if (name == "Security") {
      event.user_sid = node.attribute("UserID").value();
    }
  }
}

// EventData: <Data Name="x">v</Data> keeps its name; an unnamed <Data> is named after its
// 1-based position among the Data elements ("1", "2", ...), as classic sources' insertion
// strings %1, %2 are numbered. <Binary> goes to binary_hex.
void read_event_data(const pugi::xml_node& event_data, Event& event) {
  std::size_t position = 0;
  for (pugi::xml_node node = event_data.first_child(); node; node = node.next_sibling()) {
    if (node.type() != pugi::node_element) continue;
    if (is_named(node, "Data")) {
      ++position;
      const pugi::xml_attribute name = node.attribute("Name");
      event.data.push_back({name ? std::string(name.value()) : std::to_string(position), text_of(node)});
    } else if (is_named(node, "Binary")) {
      event.binary_hex += normalise_hex(text_of(node));
    }
  }
}

// UserData holds one provider-defined element; its leaf elements, in document order, become
// the (name, value) pairs. Nested groups are flattened depth-first.
void flatten_leaves(const pugi::xml_node& parent, Event& event) {
  for (pugi::xml_node node = parent.first_child(); node; node = node.next_sibling()) {
    if (node.type() != pugi::node_element) continue;
    if (node.find_child([](const pugi::xml_node& c) { return c.type() == pugi::node_element; }))
      flatten_leaves(node, event);
    else
      event.data.push_back({local_name(node), text_of(node)});
  }
}

void read_user_data(const pugi::xml_node& user_data, Event& event) {
  for (pugi::xml_node node = user_data.first_child(); node; node = node.next_sibling())
    if (node.type() == pugi::node_element) flatten_leaves(node, event);
}

// libevtx 20181227 writes Data values without escaping '<', '>' and '&' (e.g. a C++ function
// name "...::<lambda_c52f...>::operator ()"), which makes the document ill-formed. This
// escapes them in the text between each <Data ...> and the next </Data>, the only place where
// such raw text was seen in real logs. Only used when the document fails to parse as is.
std::string escape_data_values(std::string_view xml) {
  std::string out;
  out.reserve(xml.size() + 64);
  std::size_t pos = 0;
  for (;;) {
    std::size_t open = xml.find("<Data", pos);
    while (open != std::string_view::npos && open + 5 < xml.size() && xml[open + 5] != '>' && xml[open + 5] != ' ')
      open = xml.find("<Data", open + 5);
    const std::size_t open_end = open == std::string_view::npos ? open : xml.find('>', open);
    if (open_end == std::string_view::npos || xml[open_end - 1] == '/') {
      if (open_end == std::string_view::npos) break;
      out.append(xml.substr(pos, open_end + 1 - pos));
      pos = open_end + 1;
      continue;
    }
    const std::size_t close = xml.find("</Data>", open_end);
    if (close == std::string_view::npos) break;
    out.append(xml.substr(pos, open_end + 1 - pos));
    for (std::size_t i = open_end + 1; i < close; ++i) {
      const char c = xml[i];
      if (c == '<') {
        out += "&lt;";
      } else if (c == '>') {
        out += "&gt;";
      } else if (c == '&' && xml.substr(i, close - i).find(';') > 10) {  // not an entity reference
        out += "&amp;";
      } else {
        out += c;
      }
    }
    pos = close;
  }
  out.append(xml.substr(pos));
  return out;
}

}  // namespace

bool parse_event_xml(std::string_view xml, Event& event, std::string& error) {
  pugi::xml_document document;
  pugi::xml_parse_result parsed = document.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    const std::string repaired = escape_data_values(xml);
    if (repaired != xml) {
      const pugi::xml_parse_result retried =
          document.load_buffer(repaired.data(), repaired.size(), pugi::parse_default, pugi::encoding_utf8);
      if (retried) parsed = retried;
    }
  }
  if (!parsed) {
    error = std::string("event XML is not well-formed: ") + parsed.description() + " at character " +
            std::to_string(parsed.offset);
    return false;
  }
  const pugi::xml_node root = document.document_element();
  const pugi::xml_node system = root && is_named(root, "Event") ? child_named(root, "System") : pugi::xml_node();
  if (!system) {
    error = "event XML has no <Event><System> element";
    return false;
  }
  read_system(system, event);
  event.data.clear();
  event.binary_hex.clear();
  if (const pugi::xml_node event_data = child_named(root, "EventData")) read_event_data(event_data, event);
  if (const pugi::xml_node user_data = child_named(root, "UserData")) read_user_data(user_data, event);
  return true;
}

}  // namespace evtxdiag::xml
