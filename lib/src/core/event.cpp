#include "evtxdiag/event.hpp"

namespace evtxdiag {

const std::string* Event::data_value(const std::string& name) const {
  for (const DataField& field : data)
    if (field.name == name) return &field.value;
  return nullptr;
}

const char* to_string(RecordOrigin origin) noexcept { return origin == RecordOrigin::live ? "live" : "recovered"; }

const char* to_string(DecoderKind decoder) noexcept { return decoder == DecoderKind::libevtx ? "libevtx" : "builtin"; }

const char* to_string(MessageSource source) noexcept {
  switch (source) {
    case MessageSource::mta: return "mta";
    case MessageSource::knowledge: return "knowledge";
    case MessageSource::none: break;
  }
  return "none";
}

}  // namespace evtxdiag
