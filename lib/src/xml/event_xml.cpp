#include "xml/event_xml.hpp"

#include <pugixml.hpp>

#include <cstring>

#include "core/payload_fields.hpp"
#include "core/system_fields.hpp"
#include "core/xml_text.hpp"

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

void read_system(const pugi::xml_node& system, Event& event) {
  for (pugi::xml_node node = system.first_child(); node; node = node.next_sibling()) {
    if (node.type() != pugi::node_element) continue;
    const std::string_view element = local_name(node);
    core::set_system_field(event, element, {}, text_of(node));
    for (pugi::xml_attribute attribute = node.first_attribute(); attribute; attribute = attribute.next_attribute())
      core::set_system_field(event, element, attribute.name(), attribute.value());
  }
}

// Everything under <Event> but <System>, in document order, through the shared payload
// reading. libevtx gives text only: the fields have no type.
void read_payload(const pugi::xml_node& node, core::PayloadFields& fields) {
  fields.start_element(node.name());
  for (pugi::xml_attribute attribute = node.first_attribute(); attribute; attribute = attribute.next_attribute())
    fields.attribute(attribute.name(), attribute.value(), std::nullopt);
  bool has_text = false;
  for (pugi::xml_node child = node.first_child(); child && !has_text; child = child.next_sibling())
    has_text = child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata;
  if (has_text) fields.text(text_of(node), std::nullopt);
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_element) read_payload(child, fields);
  fields.end_element();
}

// The document again, in the built-in decoder's layout and escaping (binxml/xml_writer.cpp):
// text before child elements, <X/> for an element without content.
void write_element(const pugi::xml_node& node, int level, std::string& out) {
  out.append(static_cast<std::size_t>(level) * 2, ' ');
  out += '<';
  out += node.name();
  for (pugi::xml_attribute attribute = node.first_attribute(); attribute; attribute = attribute.next_attribute()) {
    out += ' ';
    out += attribute.name();
    out += "=\"";
    core::append_xml_escaped(out, attribute.value(), true);
    out += '"';
  }
  const std::string text = text_of(node);
  bool has_children = false;
  for (pugi::xml_node child = node.first_child(); child && !has_children; child = child.next_sibling())
    has_children = child.type() == pugi::node_element;
  if (text.empty() && !has_children) {
    out += "/>\n";
    return;
  }
  out += '>';
  core::append_xml_escaped(out, text, false);
  if (has_children) {
    out += '\n';
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling())
      if (child.type() == pugi::node_element) write_element(child, level + 1, out);
    out.append(static_cast<std::size_t>(level) * 2, ' ');
  }
  out += "</";
  out += node.name();
  out += ">\n";
}

// libevtx 20181227 writes Data values without escaping '<', '>' and '&' (e.g. a C++ function
// name "...::<lambda_c52f...>::operator ()"), which makes the document ill-formed - or, worse,
// well-formed with the value turned into markup (a LiveId SOAP string "<S:Envelope>...": the
// value read as a child element, the Data itself empty). A <Data> element never holds child
// elements, so this escapes them in the text between each <Data ...> and the next </Data>,
// the only place where such raw text was seen in real logs, before parsing.
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
      if (xml.compare(i, 9, "<![CDATA[") == 0) {  // a CDATA section is text already
        const std::size_t cdata_end = xml.find("]]>", i + 9);
        if (cdata_end != std::string_view::npos && cdata_end < close) {
          out.append(xml.substr(i, cdata_end + 3 - i));
          i = cdata_end + 2;
          continue;
        }
      }
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

bool parse_event_xml(std::string_view xml, Event& event, std::string& error, std::string* canonical_xml) {
  // Text is kept as logged: no line-end or attribute white-space normalisation, and text made
  // only of white space is a value when it is an element's only content (a value of spaces).
  constexpr unsigned kFlags = pugi::parse_cdata | pugi::parse_escapes | pugi::parse_ws_pcdata_single;
  pugi::xml_document document;
  const std::string repaired = escape_data_values(xml);
  pugi::xml_parse_result parsed = document.load_buffer(repaired.data(), repaired.size(), kFlags, pugi::encoding_utf8);
  if (!parsed && repaired != xml) parsed = document.load_buffer(xml.data(), xml.size(), kFlags, pugi::encoding_utf8);
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
  core::PayloadFields fields(event.data, event.binary_hex);
  for (pugi::xml_node child = root.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_element && child != system) read_payload(child, fields);
  if (canonical_xml) {
    canonical_xml->clear();
    write_element(root, 0, *canonical_xml);
    if (!canonical_xml->empty()) canonical_xml->pop_back();  // the last newline
  }
  return true;
}

}  // namespace evtxdiag::xml
