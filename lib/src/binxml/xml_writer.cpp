#include "binxml/xml_writer.hpp"

#include "core/xml_text.hpp"

namespace evtxdiag::binxml {

void XmlWriter::close_start_tag_for_child() {
  if (open_.empty()) return;
  Open& parent = open_.back();
  if (!parent.start_closed) {
    out_ += ">";
    parent.start_closed = true;
  }
  if (!parent.has_children) out_ += '\n';  // after its text, if any: children start on their own lines
  parent.has_children = true;
}

void XmlWriter::start_element(const std::string& name) {
  close_start_tag_for_child();
  out_.append(open_.size() * 2, ' ');
  out_ += '<';
  out_ += name;
  open_.push_back({&name, false, false, false});
}

void XmlWriter::attribute(const std::string& name, const Content& value) {
  out_ += ' ';
  out_ += name;
  out_ += "=\"";
  scratch_.clear();
  value.append_text(scratch_);
  core::append_xml_escaped(out_, scratch_, true);
  out_ += '"';
}

void XmlWriter::text(const Content& text) {
  scratch_.clear();
  text.append_text(scratch_);
  if (scratch_.empty() || open_.empty()) return;
  Open& element = open_.back();
  if (!element.start_closed) {
    out_ += '>';
    element.start_closed = true;
  }
  core::append_xml_escaped(out_, scratch_, false);
  element.has_text = true;
}

void XmlWriter::end_element() {
  if (open_.empty()) return;
  const Open element = open_.back();
  open_.pop_back();
  if (!element.start_closed) {
    out_ += "/>\n";
    return;
  }
  if (element.has_children) out_.append(open_.size() * 2, ' ');
  out_ += "</";
  out_ += *element.name;
  out_ += ">\n";
}

}  // namespace evtxdiag::binxml
