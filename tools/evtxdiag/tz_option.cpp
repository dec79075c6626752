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
        std::string error;
        return ZoneRequest::parse(value, &error) ? std::string() : error;
      });
}

std::string local_time(const ZoneResolution& zones, Timestamp t) { return zones.format_local(t); }

}  // namespace evtxdiag::cli
