#include "binxml/event_builder.hpp"

#include "binxml/values.hpp"
#include "core/system_fields.hpp"
#include "format/format.hpp"

namespace evtxdiag::binxml {
namespace {

// FILETIME ticks of 10000-01-01T00:00:00Z: later times have no four-digit year, and the
// text reading of TimeCreated refuses them; the typed reading must agree.
constexpr std::uint64_t kTicksOfYear10000 = 2650467744000000000ULL;

}  // namespace

void EventBuilder::start_element(const std::string& name) {
  const std::string_view local = core::local_name(name);
  Place next = Place::ignored;
  switch (place()) {
    case Place::outside:
      any_element_ = true;
      if (!event_seen_ && local == "Event") {
        event_seen_ = true;
        next = Place::event;
      }
      break;
    case Place::event:
      if (local == "System" && !system_seen_) {
        system_seen_ = true;
        next = Place::system;
      } else if (local != "System") {
        next = Place::payload;
        payload_.start_element(name);
      }
      break;
    case Place::system:
      next = Place::system_child;
      system_child_ = local;  // a view of the name, which outlives the walk
      break;
    case Place::payload:
      next = Place::payload;
      payload_.start_element(name);
      break;
    case Place::system_child:
    case Place::ignored: break;
  }
  places_.push_back(next);
}

void EventBuilder::system_value(std::string_view attribute, const Content& value) {
  const core::SystemField field = core::system_field(system_child_, attribute);
  if (field == core::SystemField::none) return;  // no text needed: values were checked by the walk
  // Times and integers straight from the typed value: what their text would parse to.
  if (const Piece* single = value.single_value()) {
    if (field == core::SystemField::time_created && single->type == evtx::value_type::filetime) {
      const std::uint64_t ticks = evtx::load_u64(single->data);
      if (ticks < kTicksOfYear10000) {
        event_.time_created = Timestamp{ticks};
        return;
      }
    }
    unsigned long long number = 0;
    if (unsigned_value(single->type, single->data, single->size, number) &&
        core::set_system_number(event_, field, number))
      return;
  }
  // Strings straight into their field.
  if (std::string* target = core::system_text_field(event_, field)) {
    target->clear();
    value.append_text(*target);
    return;
  }
  scratch_.clear();
  value.append_text(scratch_);
  core::set_system_field(event_, field, scratch_);
}

void EventBuilder::attribute(const std::string& name, const Content& value) {
  const Place here = place();
  if (here == Place::system_child)
    system_value(name, value);
  else if (here == Place::payload)
    payload_.attribute(name, value.text(), value.type());
}

void EventBuilder::text(const Content& text) {
  const Place here = place();
  if (here == Place::system_child)
    system_value({}, text);
  else if (here == Place::payload)
    payload_.text(text.text(), text.type());
}

void EventBuilder::end_element() {
  if (places_.empty()) return;
  if (places_.back() == Place::payload) payload_.end_element();
  places_.pop_back();
}

}  // namespace evtxdiag::binxml
