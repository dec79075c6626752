// ZoneResolution: the zone(s) chosen for a set of logs and how they were chosen.
#include "evtxdiag/error.hpp"
#include "evtxdiag/timezone.hpp"
#include "timezone/resolution_text.hpp"

namespace evtxdiag {

const char* to_string(ZoneOrigin origin) noexcept {
  switch (origin) {
    case ZoneOrigin::user: return "user";
    case ZoneOrigin::inferred: return "inferred";
    case ZoneOrigin::fallback_utc: return "fallback-utc";
  }
  return "fallback-utc";
}

const char* to_string(ZoneEvidenceKind kind) noexcept {
  switch (kind) {
    case ZoneEvidenceKind::eventlog_6013: return "EventLog 6013";
    case ZoneEvidenceKind::kernel_general_1: return "Kernel-General 1";
    case ZoneEvidenceKind::kernel_general_22: return "Kernel-General 22";
    case ZoneEvidenceKind::kernel_general_24: return "Kernel-General 24";
  }
  return "EventLog 6013";
}

namespace tzdetail {

std::string where(const ZoneEvidence& e) {
  return "record " + std::to_string(e.record_number) + " of " + e.source_file + " (" + to_string(e.kind) + " at " +
         e.time.iso_utc() + ": \"" + e.text + "\")";
}

std::string inferred_sentence(const ZonePeriod& period) {
  if (!period.evidence) return period.zone.description();
  const ZoneEvidence& e = *period.evidence;
  if (period.bias_only)
    return "fixed offset UTC" + period.zone.name() + ", inferred from the bias " + std::to_string(e.bias_minutes) +
           " in " + where(e) + "; only the bias is known, so daylight-saving time is not applied";
  std::string sentence = period.zone.description() + ", inferred from " + where(e);
  if (!e.windows_id.empty() && e.zone_name != e.windows_id)
    sentence += "; \"" + e.zone_name + "\" is the Windows zone " + e.windows_id;
  return sentence;
}

}  // namespace tzdetail

ZoneResolution ZoneResolution::given_by_user(const TimeZone& zone, std::string_view spec) {
  ZoneResolution result;
  ZonePeriod period;
  period.zone = zone;
  period.origin = ZoneOrigin::user;
  period.explanation = zone.description() + ", given by the user (--tz " + std::string(spec) + ")";
  result.periods.push_back(std::move(period));
  return result;
}

ZoneResolution ZoneResolution::from_request(const ZoneRequest& request, const ZoneInferrer& inferrer) {
  if (request.is_automatic()) return inferrer.finish();
  const std::string& spec = request.spec();
  const std::string& lenient_note = request.lenient_note();
  const std::optional<TimeZone>& zone = request.zone();
  ZoneResolution result = given_by_user(*zone, spec);
  if (!lenient_note.empty()) {
    result.warnings.push_back(lenient_note);
    ZoneNote lenient;
    lenient.kind = ZoneNote::Kind::lenient_spec;
    lenient.text = lenient_note;
    lenient.spec = spec;
    lenient.zone = *zone;
    result.note_details.push_back(std::move(lenient));
  }
  // What the logs say, period by period. A zone that fits none of them is worth a warning (the
  // user may have typed the analyst's zone); one that fits some period of a machine whose zone
  // changed is only noted, with the period it does not fit.
  const ZoneResolution stated = inferrer.finish();
  std::vector<ZoneNote> disagreements;
  bool fits_some = false;
  for (const ZonePeriod& period : stated.periods) {
    if (period.origin != ZoneOrigin::inferred || !period.evidence) continue;
    const Timestamp t = period.evidence->time;
    if (zone->offset_minutes(t) == period.zone.offset_minutes(t)) {
      fits_some = true;
      continue;
    }
    ZoneNote note;
    note.kind = ZoneNote::Kind::given_zone_disagrees;
    note.text = "--tz " + spec + " gives UTC" + format_utc_offset(zone->offset_minutes(t)) + " at " + t.iso_utc() +
                ", but the logs state " + period.zone.description() + " (UTC" +
                format_utc_offset(period.zone.offset_minutes(t)) + ") in " + tzdetail::where(*period.evidence) +
                "; local times follow --tz as asked (use --tz auto for the logs' zone)";
    note.evidence = period.evidence;
    note.spec = spec;
    note.zone = *zone;
    note.other_zone = period.zone;
    note.offset_minutes = zone->offset_minutes(t);
    note.other_offset_minutes = period.zone.offset_minutes(t);
    note.time = t;
    disagreements.push_back(std::move(note));
  }
  if (!disagreements.empty()) {
    if (!fits_some) result.warnings.push_back(disagreements.front().text);
    result.note_details.push_back(disagreements.front());
  }
  for (const ZoneNote& detail : result.note_details) result.notes.push_back(detail.text);
  return result;
}

ZoneResolution ZoneResolution::fallback_utc(std::string_view why) {
  ZoneResolution result;
  ZonePeriod period;
  period.origin = ZoneOrigin::fallback_utc;
  period.explanation = "UTC, fallback: " + std::string(why);
  result.periods.push_back(std::move(period));
  return result;
}

ZoneOrigin ZoneResolution::origin() const {
  return periods.empty() ? ZoneOrigin::fallback_utc : periods.front().origin;
}

const ZonePeriod& ZoneResolution::period_at(Timestamp t) const {
  static const ZonePeriod utc_period{};  // only for a default-constructed, empty resolution
  if (periods.empty()) return utc_period;
  if (!t.valid()) return periods.front();
  for (const auto& period : periods)
    if ((!period.begin.valid() || period.begin <= t) && (!period.end.valid() || t < period.end)) return period;
  return periods.back();
}

std::string ZoneResolution::summary() const {
  std::string text;
  if (periods.size() <= 1) {
    text = "Time zone: " + period_at(Timestamp{}).explanation + ".";
  } else {
    text = "Time zone: " + std::to_string(periods.size()) + " periods (the zone changed inside the logs):";
    for (const auto& period : periods) {
      text += "\n  ";
      text += period.begin.valid() ? "from " + period.begin.iso_utc() : std::string("from the start");
      text += period.end.valid() ? " until " + period.end.iso_utc() : std::string(" on");
      text += ": " + period.explanation + ".";
    }
  }
  for (const auto& note : notes) text += "\nNote: " + note + ".";
  return text;
}

}  // namespace evtxdiag
