#pragma once
// The one definition of Event::data: payload elements (everything under <Event> except
// <System>) fed in document order become DataFields (name, value, type, path; the rules are
// documented at DataField in evtxdiag/event.hpp). Every reader uses it: the built-in decoder
// while it walks the binary XML, the event-XML parser for libevtx's text, and the writer's flat
// view of a scenario payload, so the three can never disagree on what a value is called.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "evtxdiag/event.hpp"

namespace evtxdiag::core {

/// `name` without its namespace prefix ("auto-ns2:Foo" -> "Foo").
std::string_view local_name(std::string_view name) noexcept;

/// Builds the fields of one event. Names passed in must stay valid until the element they
/// belong to ends. Call order per element: start_element, its attributes, at most one text,
/// its child elements, end_element. The first element started (depth 0) is a payload root.
class PayloadFields {
 public:
  PayloadFields(std::vector<DataField>& data, std::string& binary_hex) : data_(data), binary_hex_(binary_hex) {}

  void start_element(std::string_view name);
  void attribute(std::string_view name, std::string value, std::optional<ValueType> type);
  void text(std::string value, std::optional<ValueType> type);
  void end_element();

 private:
  enum class Role : unsigned char { root, event_data_item, binary, element };
  struct Frame {
    std::string_view name;
    Role role = Role::element;
    std::size_t path_length = 0;  ///< path_ before this element's segment
    std::string field_name;       ///< name of the element's text field
    bool has_text = false;
    bool has_children = false;
    bool has_value_attributes = false;
    std::optional<std::string> pending_space;  ///< white-space-only text: formatting if children follow
    std::optional<ValueType> pending_type;
    std::vector<std::pair<std::string_view, unsigned>> seen;  ///< child names and counts, for [k]
  };

  void emit(const Frame& frame, std::string value, std::optional<ValueType> type);

  std::vector<DataField>& data_;
  std::string& binary_hex_;
  std::vector<Frame> frames_;  ///< [0, depth_) in use; kept to reuse their buffers
  std::size_t depth_ = 0;
  std::string path_;
  bool event_data_root_ = false;
  std::size_t data_position_ = 0;
};

}  // namespace evtxdiag::core
