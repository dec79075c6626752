#include "report/zone_json.hpp"

#include "evtxdiag/info.hpp"

namespace evtxdiag {
namespace report {

nlohmann::json zone_json(const ZoneResolution& zones) {
  nlohmann::json periods = nlohmann::json::array();
  for (const auto& period : zones.periods) {
    nlohmann::json p{{"origin", to_string(period.origin)},     {"zone", period.zone.name()},
                     {"kind", to_string(period.zone.kind())},  {"iana", period.zone.iana_name()},
                     {"windows_id", period.zone.windows_id()}, {"bias_only", period.bias_only},
                     {"begin", period.begin.iso_utc()},        {"end", period.end.iso_utc()},
                     {"explanation", period.explanation}};
    if (period.evidence) {
      const ZoneEvidence& e = *period.evidence;
      p["evidence"] = {{"file", e.source_file},
                       {"record", e.record_number},
                       {"event", to_string(e.kind)},
                       {"time", e.time.iso_utc()},
                       {"text", e.text},
                       {"bias", e.bias_minutes}};
    }
    periods.push_back(std::move(p));
  }
  return {{"origin", to_string(zones.origin())},
          {"periods", periods},
          {"notes", zones.notes},
          {"summary", zones.summary()}};
}

}  // namespace report

std::string zone_resolution_json(const ZoneResolution& zones) {
  return report::zone_json(zones).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace evtxdiag
