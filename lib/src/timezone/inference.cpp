// Inferring the zone of the machine that wrote the logs (events.md section 7.3):
//  - EventLog 6013: "<standard bias> <standard name>" -> Windows zone -> IANA (rules incl. DST);
//  - Kernel-General 22 (NewBias), 24 (CurrentBias), 1 (newer builds: current bias): the bias in
//    effect (DST included), used to place zone changes and to cross-check, or alone as a
//    fixed offset when no 6013 exists.
// Windows bias: UTC = local + bias, so the offset east of UTC is -bias.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "evtxdiag/timezone.hpp"
#include "timezone/resolution_text.hpp"

namespace evtxdiag {
namespace {

constexpr int kMaxBiasMinutes = 18 * 60;

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

// "-540", "480"; also the unsigned 32-bit rendering of a negative bias (4294966756 = -540), and
// libevtx 20181227's rendering of a negative Int32: it prints -(value & 0x7FFFFFFF), so -540
// (0xFFFFFDE4) arrives as "-2147483108". Every zone east of UTC has a negative bias, so
// without this a log decoded by libevtx loses its zone.
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
  if (value < -0x7FFFFFFFLL + kMaxBiasMinutes && value >= -0x7FFFFFFFLL) value = -value - 0x80000000LL;
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
    if (!bias || name.empty() ||
        std::all_of(name.begin(), name.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }))
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
    case 22:
      e.kind = ZoneEvidenceKind::kernel_general_22;
      wanted = "newbias";
      break;
    case 24:
      e.kind = ZoneEvidenceKind::kernel_general_24;
      wanted = "currentbias";
      break;
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

// A statement "from this evidence on, the zone is `zone`".
struct Claim {
  TimeZone zone;
  bool bias_only = false;
  std::size_t evidence_index = 0;
  std::optional<std::size_t> named_by;  // the 6013 that named `zone` when a bias event claims it
};

struct Run {
  Claim first;
  Timestamp last_time;  // latest evidence agreeing with the run's zone
  // The evidence the period cites: the first claim, or the first live record that claims the
  // same, when the first is a deleted record recovered from slack space (perhaps copied into
  // another log's file): a reader can open a live record in Event Viewer, not a recovered one.
  std::size_t cited = 0;
};

void add_note(ZoneResolution& result, ZoneNote note) {
  result.notes.push_back(note.text);
  result.note_details.push_back(std::move(note));
}

// Oldest first; ties in file and record order, so that the result does not depend on the
// order the logs were read in.
std::vector<ZoneEvidence> in_time_order(std::vector<ZoneEvidence> evidence) {
  std::stable_sort(evidence.begin(), evidence.end(), [](const ZoneEvidence& a, const ZoneEvidence& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.source_file != b.source_file) return a.source_file < b.source_file;
    return a.record_number < b.record_number;
  });
  return evidence;
}

ZoneNote name_contradicts_bias(const ZoneEvidence& e, const TimeZone& zone) {
  ZoneNote note;
  note.kind = ZoneNote::Kind::name_contradicts_bias;
  note.text = tzdetail::where(e) + " names " + zone.description() + " (standard time UTC" +
              format_utc_offset(zone.standard_offset_minutes(e.time)) + ") but its bias " +
              std::to_string(e.bias_minutes) + " means UTC" + format_utc_offset(-e.bias_minutes) + "; the bias is used";
  note.evidence = e;
  note.zone = zone;
  note.offset_minutes = zone.standard_offset_minutes(e.time);
  note.other_offset_minutes = -e.bias_minutes;
  return note;
}

ZoneNote unknown_zone_name(const std::string& name, std::size_t count, const ZoneEvidence& first) {
  ZoneNote note;
  note.kind = ZoneNote::Kind::unknown_zone_name;
  note.text = "zone name \"" + name + "\" (" + std::to_string(count) + " EventLog 6013 record(s), first " +
              tzdetail::where(first) + ") is not a known Windows zone name; only its bias is used";
  note.evidence = first;
  note.zone_name = name;
  note.count = count;
  return note;
}

// What the 6013 records name, by evidence index (a Windows zone whose standard offset fits
// the bias, else the bias as a fixed offset), and the distinct zones named, each with the
// first record naming it. Names that contradict their bias, and unknown names, become notes.
struct Naming {
  std::vector<std::optional<Claim>> claims;
  std::vector<std::pair<TimeZone, std::size_t>> zones;
};

Naming read_names(const std::vector<ZoneEvidence>& evidence, ZoneResolution& result) {
  Naming naming;
  naming.claims.resize(evidence.size());
  std::map<std::string, std::pair<std::size_t, std::size_t>> unknown_names;  // name -> (count, first index)
  for (std::size_t i = 0; i < evidence.size(); ++i) {
    const ZoneEvidence& e = evidence[i];
    if (e.kind != ZoneEvidenceKind::eventlog_6013) continue;
    if (!e.windows_id.empty()) {
      if (auto zone = TimeZone::from_windows_id(e.windows_id)) {
        if (zone->standard_offset_minutes(e.time) == -e.bias_minutes) {
          naming.claims[i] = Claim{*zone, false, i, std::nullopt};
          if (std::none_of(naming.zones.begin(), naming.zones.end(), [&](const auto& z) { return z.first == *zone; }))
            naming.zones.emplace_back(*zone, i);
          continue;
        }
        add_note(result, name_contradicts_bias(e, *zone));
      }
    } else {
      auto& seen = unknown_names[e.zone_name];
      if (seen.first++ == 0) seen.second = i;
    }
    if (auto zone = TimeZone::fixed_offset(-e.bias_minutes)) naming.claims[i] = Claim{*zone, true, i, std::nullopt};
  }
  for (const auto& [name, seen] : unknown_names)
    add_note(result, unknown_zone_name(name, seen.first, evidence[seen.second]));
  return naming;
}

// The evidence in time order as periods of one zone. A bias event that contradicts the zone
// in effect starts a new period: with a zone named elsewhere in the logs that fits it, else a
// fixed offset.
class RunBuilder {
 public:
  RunBuilder(const std::vector<ZoneEvidence>& evidence, const Naming& naming) : evidence_(evidence), naming_(naming) {}

  std::vector<Run> build() {
    for (std::size_t i = 0; i < evidence_.size(); ++i) {
      if (naming_.claims[i])
        claim(*naming_.claims[i]);
      else if (evidence_[i].kind != ZoneEvidenceKind::eventlog_6013)  // a 6013 here has an unusable bias
        add_bias(i);
    }
    return std::move(runs_);
  }

 private:
  void add_bias(std::size_t i) {
    const ZoneEvidence& e = evidence_[i];
    const TimeZone* current = !runs_.empty()           ? &runs_.back().first.zone
                              : !naming_.zones.empty() ? &naming_.zones.front().first
                                                       : nullptr;
    if (current && current->offset_minutes(e.time) == -e.bias_minutes) {
      if (!runs_.empty()) {
        runs_.back().last_time = e.time;
        if (runs_.back().first.bias_only) cite_if_live(runs_.back(), i);
      }
      return;
    }
    const auto fits = std::find_if(naming_.zones.begin(), naming_.zones.end(),
                                   [&](const auto& z) { return z.first.offset_minutes(e.time) == -e.bias_minutes; });
    if (fits != naming_.zones.end()) {
      claim(Claim{fits->first, false, i, fits->second});
    } else if (auto zone = TimeZone::fixed_offset(-e.bias_minutes)) {
      claim(Claim{*zone, true, i, std::nullopt});
    }
  }

  void claim(const Claim& c) {
    const Timestamp t = evidence_[c.evidence_index].time;
    if (!runs_.empty() && runs_.back().first.zone == c.zone) {
      runs_.back().last_time = t;
      cite_if_live(runs_.back(), c.evidence_index);
    } else {
      runs_.push_back({c, t, c.evidence_index});
    }
  }

  void cite_if_live(Run& run, std::size_t index) const {
    if (evidence_[run.cited].recovered && !evidence_[index].recovered) run.cited = index;
  }

  const std::vector<ZoneEvidence>& evidence_;
  const Naming& naming_;
  std::vector<Run> runs_;
};

ZoneNote zone_changed(const Run& previous, const ZonePeriod& period, const ZoneEvidence& first) {
  ZoneNote note;
  note.kind = ZoneNote::Kind::zone_changed;
  note.text = "The zone changed from " + previous.first.zone.description() + " to " + period.zone.description() +
              " between " + previous.last_time.iso_utc() + " and " + first.time.iso_utc() + " (" +
              tzdetail::where(first) + ")";
  note.evidence = first;
  note.zone = previous.first.zone;
  note.other_zone = period.zone;
  note.time = previous.last_time;
  note.other_time = first.time;
  return note;
}

// One period per run; each change between two runs becomes a note.
void add_periods(const std::vector<Run>& runs, const std::vector<ZoneEvidence>& evidence, ZoneResolution& result) {
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const Claim& c = runs[r].first;
    const ZoneEvidence& first = evidence[c.evidence_index];
    ZonePeriod period;
    period.zone = c.zone;
    period.origin = ZoneOrigin::inferred;
    period.bias_only = c.bias_only;
    period.evidence = evidence[runs[r].cited];
    period.explanation = tzdetail::inferred_sentence(period);
    if (c.named_by)
      period.explanation += ", whose bias fits the zone named by " + tzdetail::where(evidence[*c.named_by]);
    if (r > 0) {
      period.begin = first.time;
      result.periods.back().end = first.time;
      add_note(result, zone_changed(runs[r - 1], period, first));
    }
    result.periods.push_back(std::move(period));
  }
}

}  // namespace

bool ZoneInferrer::is_candidate(std::string_view provider, std::uint32_t event_id) noexcept {
  if (event_id == 6013) return provider.size() == 8 && lower(provider) == "eventlog";
  if (event_id == 1 || event_id == 22 || event_id == 24) return lower(provider) == "microsoft-windows-kernel-general";
  return false;
}

void ZoneInferrer::add(const Event& event) {
  if (!is_candidate(event.provider_name, event.event_id)) return;
  std::optional<ZoneEvidence> found =
      is_eventlog(event.provider_name)
          ? evidence_from_6013(event)
          : (is_kernel_general(event.provider_name) ? evidence_from_kernel_general(event) : std::nullopt);
  if (!found) return;
  found->source_file = event.source_file;
  found->record_number = event.record_number;
  found->recovered = event.origin == RecordOrigin::recovered;
  found->time = event.time_created;
  evidence_.push_back(std::move(*found));
}

ZoneResolution ZoneInferrer::finish() const {
  std::vector<ZoneEvidence> evidence = in_time_order(evidence_);
  if (evidence.empty())
    return ZoneResolution::fallback_utc("no time-zone evidence (EventLog 6013, Kernel-General 1/22/24) in the logs");
  ZoneResolution result;
  const Naming naming = read_names(evidence, result);
  add_periods(RunBuilder(evidence, naming).build(), evidence, result);
  result.evidence = std::move(evidence);
  return result;
}

ZoneResolution infer_zone(const std::vector<Event>& events) {
  ZoneInferrer inferrer;
  for (const auto& event : events) inferrer.add(event);
  return inferrer.finish();
}

}  // namespace evtxdiag
