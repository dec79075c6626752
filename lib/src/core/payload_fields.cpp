#include "core/payload_fields.hpp"

#include <cstring>

namespace evtxdiag::core {
namespace {

bool is_space_only(std::string_view text) {
  for (const char c : text)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  return true;
}

bool is_namespace_declaration(std::string_view name) { return name == "xmlns" || name.rfind("xmlns:", 0) == 0; }

// Binary data as upper-case hex without separators (the decoders write hex; other renderers
// may use lower case or spaces).
void append_hex_digits(std::string& out, std::string_view text) {
  for (const char c : text) {
    if (c >= '0' && c <= '9')
      out += c;
    else if (c >= 'A' && c <= 'F')
      out += c;
    else if (c >= 'a' && c <= 'f')
      out += static_cast<char>(c - 'a' + 'A');
  }
}

}  // namespace

std::string_view local_name(std::string_view name) noexcept {
  // Most names have no prefix: memchr answers that faster than rfind's byte-by-byte loop.
  if (name.empty() || !std::memchr(name.data(), ':', name.size())) return name;
  const std::size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

void PayloadFields::start_element(std::string_view name) {
  if (depth_ == frames_.size()) frames_.emplace_back();  // before taking references: it may move the frames
  Frame* parent = depth_ > 0 ? &frames_[depth_ - 1] : nullptr;
  Frame& frame = frames_[depth_++];
  frame.name = name;
  frame.path_length = path_.size();
  frame.has_text = frame.has_children = frame.has_value_attributes = false;
  frame.pending_space.reset();
  frame.pending_type.reset();
  frame.seen.clear();
  frame.field_name.clear();
  if (!parent) {
    frame.role = Role::root;
    event_data_root_ = local_name(name) == "EventData";
    data_position_ = 0;
    path_.assign(name.data(), name.size());
    return;
  }
  // Text only around child elements is the document's indentation, not a value.
  parent->has_children = true;
  parent->pending_space.reset();
  unsigned count = 1;
  bool found = false;
  for (auto& [seen_name, seen_count] : parent->seen)
    if (seen_name == name) {
      count = ++seen_count;
      found = true;
      break;
    }
  if (!found) parent->seen.emplace_back(name, 1);
  path_ += '/';
  path_ += name;
  if (count > 1) {
    path_ += '[';
    path_ += std::to_string(count);
    path_ += ']';
  }
  const std::string_view local = local_name(name);
  if (parent->role == Role::root && event_data_root_) {
    if (local == "Binary") {
      frame.role = Role::binary;
      return;
    }
    frame.role = Role::event_data_item;
    if (local == "Data")
      frame.field_name = std::to_string(++data_position_);
    else
      frame.field_name.assign(local.data(), local.size());
    return;
  }
  frame.role = Role::element;
  frame.field_name.assign(local.data(), local.size());
}

void PayloadFields::attribute(std::string_view name, std::string value, std::optional<ValueType> type) {
  if (depth_ == 0 || is_namespace_declaration(name)) return;
  Frame& frame = frames_[depth_ - 1];
  if (frame.role == Role::event_data_item && name == "Name") {
    frame.field_name = std::move(value);
    return;
  }
  frame.has_value_attributes = true;
  DataField field;
  field.name.assign(name.data(), name.size());
  field.value = std::move(value);
  field.type = type;
  field.path.reserve(path_.size() + 2 + name.size());
  field.path = path_;
  field.path += "/@";
  field.path += name;
  data_.push_back(std::move(field));
}

void PayloadFields::emit(const Frame& frame, std::string value, std::optional<ValueType> type) {
  DataField field;
  field.name = frame.role == Role::root ? std::string(local_name(frame.name)) : frame.field_name;
  field.value = std::move(value);
  field.type = type;
  field.path = path_;
  data_.push_back(std::move(field));
}

void PayloadFields::text(std::string value, std::optional<ValueType> type) {
  if (depth_ == 0) return;
  Frame& frame = frames_[depth_ - 1];
  if (frame.role == Role::binary) {
    append_hex_digits(binary_hex_, value);
    frame.has_text = true;
    return;
  }
  if (value.empty()) {
    if (!frame.pending_type) frame.pending_type = type;
    return;
  }
  if (is_space_only(value) && !frame.has_children) {
    // Kept verbatim unless child elements follow (then it was indentation).
    frame.pending_space = std::move(value);
    frame.pending_type = type;
    return;
  }
  if (frame.has_children && is_space_only(value)) return;
  frame.has_text = true;
  emit(frame, std::move(value), type);
}

void PayloadFields::end_element() {
  if (depth_ == 0) return;
  Frame& frame = frames_[depth_ - 1];
  if (frame.pending_space) {
    frame.has_text = true;
    emit(frame, std::move(*frame.pending_space), frame.pending_type);
  } else if (!frame.has_text) {
    // An element without text still holds a value (an empty one) unless it is only a
    // container (child elements) or only carries attributes, which are its values.
    const bool empty_value = frame.role == Role::event_data_item
                                 ? !frame.has_children
                                 : frame.role == Role::element && !frame.has_children && !frame.has_value_attributes;
    if (empty_value) emit(frame, std::string(), frame.pending_type);
  }
  path_.resize(frame.path_length);
  --depth_;
}

}  // namespace evtxdiag::core
