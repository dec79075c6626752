#pragma once
// The event XML from the walk (walk.hpp), in libevtx's layout (two-space indent, one element per
// line, an element without content as <X/>), escaped so that it always parses (core/xml_text.hpp).
#include <string>
#include <vector>

#include "binxml/walk.hpp"

namespace evtxdiag::binxml {

class XmlWriter final : public Sink {
 public:
  explicit XmlWriter(std::string& out) : out_(out) {}

  void start_element(const std::string& name) override;
  void attribute(const std::string& name, const Content& value) override;
  void text(const Content& text) override;
  void end_element() override;

 private:
  struct Open {
    const std::string* name;
    bool start_closed;  ///< the start tag's '>' is written
    bool has_text;
    bool has_children;
  };
  void close_start_tag_for_child();

  std::string& out_;
  std::vector<Open> open_;
  std::string scratch_;
};

/// Tees one walk into two sinks (the event and its XML).
class TeeSink final : public Sink {
 public:
  TeeSink(Sink& first, Sink& second) : first_(first), second_(second) {}
  void start_element(const std::string& name) override {
    first_.start_element(name);
    second_.start_element(name);
  }
  void attribute(const std::string& name, const Content& value) override {
    first_.attribute(name, value);
    second_.attribute(name, value);
  }
  void text(const Content& text) override {
    first_.text(text);
    second_.text(text);
  }
  void end_element() override {
    first_.end_element();
    second_.end_element();
  }

 private:
  Sink& first_;
  Sink& second_;
};

}  // namespace evtxdiag::binxml
