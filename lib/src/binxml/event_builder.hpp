#pragma once
// The event model built straight from the walk (walk.hpp): System fields as the shared reading
// of <System> fills them (core/system_fields.hpp; times and numbers taken from the typed values
// without a round trip through text), every other element under <Event> through the shared
// payload reading (core/payload_fields.hpp) with each value's type.
#include <string>
#include <string_view>
#include <vector>

#include "binxml/walk.hpp"
#include "core/payload_fields.hpp"
#include "evtxdiag/event.hpp"

namespace evtxdiag::binxml {

class EventBuilder final : public Sink {
 public:
  explicit EventBuilder(Event& event) : event_(event), payload_(event.data, event.binary_hex) {}

  void start_element(const std::string& name) override;
  void attribute(const std::string& name, const Content& value) override;
  void text(const Content& text) override;
  void end_element() override;

  /// True once the first top-level element was an <Event> holding a <System>.
  bool complete() const { return system_seen_; }
  /// True when the walk gave any element at all.
  bool any_element() const { return any_element_; }

 private:
  enum class Place : unsigned char { outside, event, system, system_child, payload, ignored };

  Place place() const { return places_.empty() ? Place::outside : places_.back(); }
  void system_value(std::string_view attribute, const Content& value);

  Event& event_;
  core::PayloadFields payload_;
  std::vector<Place> places_;  ///< the place of each open element
  bool any_element_ = false;
  bool event_seen_ = false;
  bool system_seen_ = false;
  std::string_view system_child_;  ///< local name of the open <System> child (Sink: names outlive the walk)
  std::string scratch_;
};

}  // namespace evtxdiag::binxml
