#include "tz_option.hpp"

#include "evtxdiag/error.hpp"
#include "evtxdiag/reader.hpp"

namespace evtxdiag::cli {

void add_tz_option(CLI::App& sub, TzOption& option) {
  sub.add_option("--tz", option.spec,
                 "Time zone for local times: auto (infer from EventLog 6013 / Kernel-General events, else UTC), "
                 "UTC, an offset (+09:00), an IANA name (Asia/Tokyo) or a Windows zone id (\"Tokyo Standard Time\")")
      ->type_name("ZONE")
      ->capture_default_str()
      ->check([](const std::string& value) -> std::string {
        if (value == "auto") return {};
        std::string error;
        return TimeZone::parse(value, &error) ? std::string() : error;
      });
}

std::string local_time(const ZoneResolution& zones, Timestamp t) { return zones.format_local(t); }

nlohmann::json zone_json(const ZoneResolution& zones) {
  nlohmann::json periods = nlohmann::json::array();
  for (const auto& period : zones.periods) {
    nlohmann::json p{{"origin", to_string(period.origin)},
                     {"zone", period.zone.name()},
                     {"kind", to_string(period.zone.kind())},
                     {"iana", period.zone.iana_name()},
                     {"windows_id", period.zone.windows_id()},
                     {"bias_only", period.bias_only},
                     {"begin", period.begin.iso_utc()},
                     {"end", period.end.iso_utc()},
                     {"explanation", period.explanation}};
    if (period.evidence) {
      const ZoneEvidence& e = *period.evidence;
      p["evidence"] = {{"file", e.source_file}, {"record", e.record_number}, {"event", to_string(e.kind)},
                       {"time", e.time.iso_utc()},  {"text", e.text},            {"bias", e.bias_minutes}};
    }
    periods.push_back(std::move(p));
  }
  return {{"origin", to_string(zones.origin())}, {"periods", periods}, {"notes", zones.notes},
          {"summary", zones.summary()}};
}

}  // namespace evtxdiag::cli
