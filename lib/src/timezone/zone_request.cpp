// ZoneRequest: "auto" or one zone, parsed once where the words are typed (see timezone.hpp).
#include "evtxdiag/timezone.hpp"

namespace evtxdiag {
namespace {

bool is_auto(std::string_view spec) {
  if (spec.size() != 4) return false;
  for (std::size_t i = 0; i < 4; ++i)
    if ((spec[i] | 0x20) != "auto"[i]) return false;
  return true;
}

}  // namespace

ZoneRequest::ZoneRequest(TimeZone zone) : zone_(std::move(zone)), spec_(zone_->name()) {}

std::optional<ZoneRequest> ZoneRequest::parse(std::string_view spec, std::string* error) {
  if (is_auto(spec)) return ZoneRequest::automatic();
  std::string note;
  std::optional<TimeZone> zone = TimeZone::parse(spec, error, &note);
  if (!zone) return std::nullopt;
  ZoneRequest request(std::move(*zone));
  request.spec_ = std::string(spec);
  request.lenient_note_ = std::move(note);
  return request;
}

bool ZoneRequest::needs_zone_rules() const noexcept {
  return !zone_ || (zone_->kind() != ZoneKind::utc && zone_->kind() != ZoneKind::fixed_offset);
}

}  // namespace evtxdiag
