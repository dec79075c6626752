// Inferring the zone of the machine that wrote the logs (events.md section 7.3):
//  - EventLog 6013: "<standard bias> <standard name>" -> Windows zone -> IANA (rules incl. DST);
//  - Kernel-General 22 (NewBias), 24 (CurrentBias), 1 (newer builds: current bias): the bias in
//    effect (DST included), used to place zone changes and to cross-check, or alone as a
//    fixed offset when no 6013 exists.
// Windows bias: UTC = local + bias, so the offset east of UTC is -bias.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "evtxdiag/timezone.hpp"
#include "timezone/resolution_text.hpp"

namespace evtxdiag {
namespace {

constexpr int kMaxBiasMinutes = 18 * 60;
constexpr std::size_t kMaxDisagreementNotes = 5;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_eventlog(std::string_view provider) { return lower(provider) == "eventlog"; }
bool is_kernel_general(std::string_view provider) { return lower(provider) == "microsoft-windows-kernel-general"; }

// "-540", "480"; also the unsigned 32-bit rendering of a negative bias (4294966756 = -540).
std::optional<int> parse_bias(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 11) return std::nullopt;
  std::size_t pos = text[0] == '-' || text[0] == '+' ? 1 : 0;
  if (pos == text.size()) return std::nullopt;
  long long value = 0;
  for (; pos < text.size(); ++pos) {
    if (!std::isdigit(static_cast<unsigned char>(text[pos]))) return std::nullopt;
    value = value * 10 + (text[pos] - '0');
  }
  if (text[0] == '-') value = -value;
  if (value > 0x7FFFFFFFLL && value <= 0xFFFFFFFFLL) value -= 0x100000000LL;
  if (value < -kMaxBiasMinutes || value > kMaxBiasMinutes) return std::nullopt;
  return static_cast<int>(value);
}

// 6013: the value "<bias> <name>" (Data 7 in known builds; searched from the end to be robust
// to builds with more or fewer values).
std::optional<ZoneEvidence> evidence_from_6013(const Event& event) {
  for (auto it = event.data.rbegin(); it != event.data.rend(); ++it) {
    const std::string_view value = trim(it->value);
    const auto space = value.find_first_of(" \t");
    if (space == std::string_view::npos) continue;
    const auto bias = parse_bias(value.substr(0, space));
    const std::string_view name = trim(value.substr(space + 1));
    if (!bias || name.empty() || std::all_of(name.begin(), name.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }))
      continue;
    ZoneEvidence e;
    e.kind = ZoneEvidenceKind::eventlog_6013;
    e.text = std::string(value);
    e.bias_minutes = *bias;
    e.zone_name = std::string(name);
    if (auto id = windows_zone_from_name(name)) e.windows_id = *id;
    return e;
  }
  return std::nullopt;
}

std::optional<ZoneEvidence> evidence_from_kernel_general(const Event& event) {
  ZoneEvidence e;
  std::string_view wanted;
  switch (event.event_id) {
    case 22: e.kind = ZoneEvidenceKind::kernel_general_22; wanted = "newbias"; break;
    case 24: e.kind = ZoneEvidenceKind::kernel_general_24; wanted = "currentbias"; break;
    case 1: e.kind = ZoneEvidenceKind::kernel_general_1; break;  // field name not documented: any "*bias*"
    default: return std::nullopt;
  }
  for (const auto& field : event.data) {
    const std::string name = lower(field.name);
    const bool match = wanted.empty() ? name.find("bias") != std::string::npos && name.find("old") == std::string::npos
                                      : name == wanted;
    if (!match) continue;
    if (auto bias = parse_bias(field.value)) {
      e.text = std::string(trim(field.value));
      e.bias_minutes = *bias;
      return e;
    }
  }
  return std::nullopt;
}

struct Claim {
  TimeZone zone;
  bool bias_only = false;
  std::size_t evidence_index = 0;
};

struct Run {
  Claim first;
  Timestamp last_time;
};

}  // namespace

bool ZoneInferrer::is_candidate(std::string_view provider, std::uint32_t event_id) noexcept {
  if (event_id == 6013) return provider.size() == 8 && lower(provider) == "eventlog";
  if (event_id == 1 || event_id == 22 || event_id == 24) return lower(provider) == "microsoft-windows-kernel-general";
  return false;
}

void ZoneInferrer::add(const Event& event) {
  if (!is_candidate(event.provider_name, event.event_id)) return;
  std::optional<ZoneEvidence> found =
      is_eventlog(event.provider_name) ? evidence_from_6013(event)
                                       : (is_kernel_general(event.provider_name) ? evidence_from_kernel_general(event)
                                                                                 : std::nullopt);
  if (!found) return;
  found->source_file = event.source_file;
  found->record_number = event.record_number;
  found->time = event.time_created;
  evidence_.push_back(std::move(*found));
}

ZoneResolution ZoneInferrer::finish() const {
  std::vector<ZoneEvidence> evidence = evidence_;
  std::stable_sort(evidence.begin(), evidence.end(), [](const ZoneEvidence& a, const ZoneEvidence& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.source_file != b.source_file) return a.source_file < b.source_file;
    return a.record_number < b.record_number;
  });
  if (evidence.empty())
    return ZoneResolution::fallback_utc("no time-zone evidence (EventLog 6013, Kernel-General 1/22/24) in the logs");

  ZoneResolution result;
  std::vector<Claim> claims;
  for (std::size_t i = 0; i < evidence.size(); ++i) {
    const ZoneEvidence& e = evidence[i];
    if (e.kind != ZoneEvidenceKind::eventlog_6013) continue;
    if (!e.windows_id.empty()) {
      if (auto zone = TimeZone::from_windows_id(e.windows_id)) {
        if (zone->standard_offset_minutes(e.time) == -e.bias_minutes) {
          claims.push_back({*zone, false, i});
          continue;
        }
        result.notes.push_back(tzdetail::where(e) + " names " + zone->description() + " (standard time UTC" +
                               format_utc_offset(zone->standard_offset_minutes(e.time)) + ") but its bias " +
                               std::to_string(e.bias_minutes) + " means UTC" + format_utc_offset(-e.bias_minutes) +
                               "; the bias is used");
      }
    } else {
      result.notes.push_back(tzdetail::where(e) + ": zone name \"" + e.zone_name +
                             "\" is not a known Windows zone name; only its bias is used");
    }
    if (auto zone = TimeZone::fixed_offset(-e.bias_minutes)) claims.push_back({*zone, true, i});
  }
  const bool named = !claims.empty();
  if (!named) {  // only Kernel-General biases: fixed offsets, each change of bias a new period
    for (std::size_t i = 0; i < evidence.size(); ++i)
      if (auto zone = TimeZone::fixed_offset(-evidence[i].bias_minutes)) claims.push_back({*zone, true, i});
  }

  std::vector<Run> runs;
  for (const Claim& claim : claims) {
    const Timestamp t = evidence[claim.evidence_index].time;
    if (!runs.empty() && runs.back().first.zone == claim.zone) {
      runs.back().last_time = t;
    } else {
      runs.push_back({claim, t});
    }
  }

  for (std::size_t r = 0; r < runs.size(); ++r) {
    const ZoneEvidence& first = evidence[runs[r].first.evidence_index];
    ZonePeriod period;
    period.zone = runs[r].first.zone;
    period.origin = ZoneOrigin::inferred;
    period.bias_only = runs[r].first.bias_only;
    period.evidence = first;
    period.explanation = tzdetail::inferred_sentence(period);
    if (r > 0) {
      // The change happened after the previous zone's last evidence and no later than this
      // zone's first; a Kernel-General bias event in between that fits only the new zone dates it.
      const Run& previous = runs[r - 1];
      Timestamp boundary = first.time;
      const ZoneEvidence* dated_by = nullptr;
      if (named) {
        for (const auto& e : evidence) {
          if (e.kind == ZoneEvidenceKind::eventlog_6013 || e.time <= previous.last_time || e.time >= first.time)
            continue;
          if (period.zone.offset_minutes(e.time) == -e.bias_minutes &&
              previous.first.zone.offset_minutes(e.time) != -e.bias_minutes) {
            boundary = e.time;
            dated_by = &e;
            break;
          }
        }
      }
      period.begin = boundary;
      result.periods.back().end = boundary;
      result.notes.push_back("The zone changed from " + previous.first.zone.description() + " to " +
                             period.zone.description() + " between " + previous.last_time.iso_utc() + " and " +
                             first.time.iso_utc() + "; the new zone is used from " + boundary.iso_utc() + " (" +
                             tzdetail::where(dated_by ? *dated_by : first) + ")");
    }
    result.periods.push_back(std::move(period));
  }

  if (named) {  // cross-check the named zone against the biases in effect
    std::size_t disagreements = 0;
    for (const auto& e : evidence) {
      if (e.kind == ZoneEvidenceKind::eventlog_6013) continue;
      const TimeZone& zone = result.zone_at(e.time);
      if (zone.offset_minutes(e.time) == -e.bias_minutes) continue;
      if (++disagreements <= kMaxDisagreementNotes)
        result.notes.push_back(tzdetail::where(e) + " reports bias " + std::to_string(e.bias_minutes) + " (UTC" +
                               format_utc_offset(-e.bias_minutes) + ") but " + zone.description() + " is UTC" +
                               format_utc_offset(zone.offset_minutes(e.time)) + " at that instant");
    }
    if (disagreements > kMaxDisagreementNotes)
      result.notes.push_back("... and " + std::to_string(disagreements - kMaxDisagreementNotes) +
                             " more Kernel-General bias events disagree");
  }
  result.evidence = std::move(evidence);
  return result;
}

ZoneResolution infer_zone(const std::vector<Event>& events) {
  ZoneInferrer inferrer;
  for (const auto& event : events) inferrer.add(event);
  return inferrer.finish();
}

}  // namespace evtxdiag
