// See zone_choice.hpp.
#include "diagnose/zone_choice.hpp"

namespace evtxdiag::diag {

ZoneResolution resolve_zone(const ZoneRequest& request, const std::vector<Event>& events) {
  ZoneInferrer inferrer;
  for (const Event& event : events) inferrer.add(event);
  return ZoneResolution::from_request(request, inferrer);
}

ZoneChoice zone_choice(const ZoneResolution& zones, Timestamp reference) {
  ZoneChoice choice;
  const ZonePeriod& first = zones.period_at(reference);
  choice.name = first.zone.name();
  switch (first.origin) {
    case ZoneOrigin::user: choice.source = "given by the user"; break;
    case ZoneOrigin::fallback_utc: choice.source = "fallback to UTC (no zone evidence in the logs)"; break;
    case ZoneOrigin::inferred:
      if (first.evidence)
        choice.source = std::string("inferred from ") + to_string(first.evidence->kind) + " \"" + first.evidence->text +
                        "\", record " + std::to_string(first.evidence->record_number) + " of " +
                        first.evidence->source_file;
      else
        choice.source = "inferred from the logs";
      if (first.bias_only) choice.source += "; only a bias was known, DST not applied";
      break;
  }
  for (const ZonePeriod& period : zones.periods)
    if (&period != &first) choice.notes.push_back(period.explanation);
  choice.notes.insert(choice.notes.end(), zones.notes.begin(), zones.notes.end());
  choice.warnings = zones.warnings;
  choice.origin = first.origin;
  choice.zone = first.zone;
  choice.evidence = first.origin == ZoneOrigin::inferred ? first.evidence : std::nullopt;
  choice.bias_only = first.bias_only;
  choice.resolution = zones;
  return choice;
}

}  // namespace evtxdiag::diag
