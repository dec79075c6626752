#pragma once
// Time zones: showing UTC instants (Timestamp) in the local time of the machine that wrote the
// logs, and finding out which zone that was from the logs themselves.
//
//   auto zone = evtxdiag::TimeZone::parse("Tokyo Standard Time");       // or "auto" -> infer
//   zone->format_local(event.time_created);  // "2012-01-19T01:26:31.3100000+09:00"
//
//   evtxdiag::ZoneInferrer inferrer;                   // "auto": feed it the events
//   for (const auto& event : events) inferrer.add(event);
//   evtxdiag::ZoneResolution zones = inferrer.finish();
//   zones.format_local(event.time_created);            // right zone for that instant
//   zones.summary();                                   // "Asia/Tokyo ... inferred from record 12 of System.evtx ..."
//
// Rules come from the system tz database (/usr/share/zoneinfo) through HowardHinnant date/tz;
// Windows zone ids map to IANA through Unicode CLDR windowsZones.xml (territory 001). The
// analyst machine's own zone (TZ, /etc/localtime) is never consulted.
// Offsets are minutes EAST of UTC (Tokyo +540). Windows "bias" values are the opposite
// (UTC = local + bias, Tokyo -540); the functions below say which one they take.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evtxdiag/event.hpp"
#include "evtxdiag/export.hpp"
#include "evtxdiag/timestamp.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// What a TimeZone was made from.
enum class ZoneKind {
  utc,           ///< UTC itself
  fixed_offset,  ///< a constant offset without DST ("+09:00", or a bare Windows bias)
  iana,          ///< an IANA tz database zone ("Asia/Tokyo")
  windows,       ///< a Windows zone id, resolved to IANA through CLDR ("Tokyo Standard Time")
};

/// "utc" / "fixed-offset" / "iana" / "windows".
[[nodiscard]] const char* to_string(ZoneKind kind) noexcept;

/// A wall-clock date and time without a zone. Fields are not range-checked by the struct.
struct CivilTime {
  int year = 1601;
  unsigned month = 1;       ///< 1..12
  unsigned day = 1;         ///< 1..31
  unsigned hour = 0;        ///< 0..23
  unsigned minute = 0;      ///< 0..59
  unsigned second = 0;      ///< 0..59
  std::uint32_t ticks = 0;  ///< 100 ns units below the second, 0..9'999'999
  friend bool operator==(const CivilTime& a, const CivilTime& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day && a.hour == b.hour && a.minute == b.minute &&
           a.second == b.second && a.ticks == b.ticks;
  }
};

/// How a local wall-clock time maps to UTC in a zone.
enum class LocalTimeMatch {
  unique,       ///< exactly one instant
  ambiguous,    ///< the repeated hour when clocks go back: two instants, `utc` is the earlier
  nonexistent,  ///< the skipped hour when clocks go forward: `utc` reads it with the offset before the gap
};

/// Result of TimeZone::from_local.
struct LocalToUtc {
  Timestamp utc;  ///< the instant (see `match` for the choice made)
  LocalTimeMatch match = LocalTimeMatch::unique;
  Timestamp alternative;  ///< the later instant when ambiguous, else invalid
};

/// A time zone: UTC, a fixed offset, an IANA zone or a Windows zone. Cheap to copy.
class TimeZone {
 public:
  /// UTC.
  TimeZone();
  [[nodiscard]] static TimeZone utc();
  /// A fixed offset in minutes east of UTC; nullopt outside -18:00..+18:00.
  [[nodiscard]] static std::optional<TimeZone> fixed_offset(int minutes_east);
  /// An IANA zone of the system tz database ("Asia/Tokyo"); nullopt when unknown.
  [[nodiscard]] static std::optional<TimeZone> from_iana(std::string_view name);
  /// A Windows zone id ("Tokyo Standard Time", case-insensitive), through CLDR; nullopt when unknown.
  [[nodiscard]] static std::optional<TimeZone> from_windows_id(std::string_view windows_id);
  /// Parses a --tz value: "UTC" (also "Z", "GMT"), "+09:00" / "-05:30" / "+0900" / "UTC+9",
  /// an IANA name (any case: "asia/tokyo"), a city ("Tokyo", "new york") that names one IANA
  /// zone, a Windows zone id, a localized Windows name known to windows_zone_from_name(), or a
  /// common abbreviation with one meaning ("JST" = Asia/Tokyo, "EST" = America/New_York with
  /// DST); "Etc/GMT+9" is UTC-09:00 as POSIX says. "auto" is not a zone: callers handle it. On
  /// failure returns nullopt and, when `error` is given, a sentence saying what is wrong (an
  /// ambiguous abbreviation lists its meanings, an unknown name the nearest known names) and
  /// what is accepted. `note`, when given, receives how a lenient form was understood ("JST is
  /// read as Asia/Tokyo", the POSIX sign inversion); empty when the spec was exact.
  [[nodiscard]] static std::optional<TimeZone> parse(std::string_view spec, std::string* error = nullptr);
  [[nodiscard]] static std::optional<TimeZone> parse(std::string_view spec, std::string* error, std::string* note);

  ZoneKind kind() const noexcept;
  /// The zone as the user would write it: "UTC", "+09:00", "Asia/Tokyo", "Tokyo Standard Time".
  const std::string& name() const noexcept;
  /// A longer label: "Tokyo Standard Time (Asia/Tokyo)", "UTC+09:00 (fixed offset, no DST)".
  std::string description() const;
  /// The IANA zone used for the rules; empty for UTC and fixed offsets.
  const std::string& iana_name() const noexcept;
  /// The Windows zone id when made from one (or from a localized Windows name), else empty.
  const std::string& windows_id() const noexcept;

  /// Offset from UTC in minutes east at instant `t` (DST included).
  int offset_minutes(Timestamp t) const;
  /// Offset of standard time (DST excluded) at instant `t`, minutes east.
  int standard_offset_minutes(Timestamp t) const;
  /// True when DST is in effect at `t`.
  bool is_dst(Timestamp t) const;
  /// The zone abbreviation at `t` from the tz database ("JST", "PDT"); "UTC" or "+09:00" otherwise.
  std::string abbreviation(Timestamp t) const;

  /// Local wall-clock time at `t`.
  CivilTime to_local(Timestamp t) const;
  /// ISO-8601 local time with 7 fractional digits and the offset in effect:
  /// "2012-01-19T01:26:31.3100000+09:00". Invalid timestamps format as "".
  std::string format_local(Timestamp t) const;
  /// The local time for people, to the second, with the zone's abbreviation in effect at `t`
  /// ("2019-10-28 21:00:04 JST", "2019-07-01 09:00:00 CEST"); where the tz database has no
  /// letters for it ("+07"), the offset ("2019-10-28 21:00:04 UTC+07:00"). Invalid: "".
  std::string format_readable(Timestamp t) const;
  /// The UTC instant of a local wall-clock time (see LocalTimeMatch for DST gaps and overlaps).
  /// nullopt when the civil time is not a valid date/time.
  std::optional<LocalToUtc> from_local(const CivilTime& local) const;

  /// Same kind, name and rules.
  friend bool operator==(const TimeZone& a, const TimeZone& b);
  friend bool operator!=(const TimeZone& a, const TimeZone& b) { return !(a == b); }

  struct Impl;  ///< defined in lib/src/timezone; opaque here

 private:
  explicit TimeZone(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

/// The zone a run is asked to show local times in: the one the logs state (automatic), or one
/// given zone, kept with the words it was asked for (the notes quote them). Made from text a
/// user typed by parse(), where a malformed value is caught before any file is read.
class ZoneRequest {
 public:
  /// The zone the logs state (ZoneInferrer), UTC when they state none.
  ZoneRequest() = default;
  [[nodiscard]] static ZoneRequest automatic() { return {}; }
  /// One zone, as given.
  explicit ZoneRequest(TimeZone zone);
  /// "auto" (any case) or anything TimeZone::parse() accepts. nullopt for anything else, with
  /// TimeZone::parse()'s sentence in `error` when given.
  [[nodiscard]] static std::optional<ZoneRequest> parse(std::string_view spec, std::string* error = nullptr);

  bool is_automatic() const noexcept { return !zone_; }
  /// The given zone; nullopt when automatic.
  const std::optional<TimeZone>& zone() const noexcept { return zone_; }
  /// The words it was asked with: "auto", "JST", "+09:00", "Tokyo Standard Time".
  const std::string& spec() const noexcept { return spec_; }
  /// How a lenient spec was understood ("JST is read as Asia/Tokyo"); empty when exact.
  const std::string& lenient_note() const noexcept { return lenient_note_; }
  /// False when the zone needs no tz rules (UTC, a fixed offset); an automatic zone usually
  /// turns out to be a named one.
  bool needs_zone_rules() const noexcept;

 private:
  std::optional<TimeZone> zone_;
  std::string spec_ = "auto";
  std::string lenient_note_;
};

/// Formats an offset in minutes east as "+09:00" / "-05:30" / "+00:00".
[[nodiscard]] std::string format_utc_offset(int minutes_east);

/// The IANA zone CLDR maps a Windows zone id to (territory 001), or nullopt.
[[nodiscard]] std::optional<std::string> windows_zone_to_iana(std::string_view windows_id);
/// The standard name Windows shows for a zone in `language` ("ja": Tokyo Standard Time and
/// Asia/Tokyo are "東京 (標準時)"), from knowledge/timezones; `zone` is a Windows zone id or an
/// IANA name (through CLDR's territory-001 mapping). nullopt when not known.
[[nodiscard]] std::optional<std::string> windows_zone_localized_name(std::string_view zone, std::string_view language);
/// The Windows zone id for a name as Windows writes it: the id itself, an English or Japanese
/// standard name ("Pacific Standard Time", "東京 (標準時)") or display name
/// ("(UTC+09:00) Osaka, Sapporo, Tokyo"). White space, ASCII case and full-width parentheses
/// are ignored. nullopt when the name is not known.
[[nodiscard]] std::optional<std::string> windows_zone_from_name(std::string_view localized_name);

// ---------------------------------------------------------------------------------------------
// Where the zone came from

/// How the zone of a period was chosen.
enum class ZoneOrigin {
  user,          ///< given with --tz
  inferred,      ///< inferred from events of the logs
  fallback_utc,  ///< nothing given, nothing found: UTC
};
/// "user" / "inferred" / "fallback-utc".
[[nodiscard]] const char* to_string(ZoneOrigin origin) noexcept;

/// Which kind of event a piece of zone evidence came from.
enum class ZoneEvidenceKind {
  eventlog_6013,      ///< EventLog 6013: "<standard bias> <standard name>"
  kernel_general_1,   ///< Kernel-General 1 (newer builds): current bias
  kernel_general_22,  ///< Kernel-General 22: NewBias
  kernel_general_24,  ///< Kernel-General 24: CurrentBias
};
/// "EventLog 6013" / "Kernel-General 1" / ...
[[nodiscard]] const char* to_string(ZoneEvidenceKind kind) noexcept;

/// One event that says something about the zone.
struct ZoneEvidence {
  ZoneEvidenceKind kind = ZoneEvidenceKind::eventlog_6013;
  std::string source_file;
  std::uint64_t record_number = 0;
  bool recovered = false;  ///< from a deleted record in slack space (cited only when no live record says the same)
  Timestamp time;          ///< TimeCreated of the event (UTC)
  std::string text;        ///< the value read, as logged ("-540 東京 (標準時)", "-540")
  int bias_minutes = 0;    ///< Windows bias (UTC = local + bias); standard bias for 6013
  std::string zone_name;   ///< 6013 only: the logged standard name ("東京 (標準時)")
  std::string windows_id;  ///< 6013 only: the Windows id the name maps to, empty if unknown
};

/// A span of time with one zone. `begin`/`end` invalid means open (since/until forever).
struct ZonePeriod {
  Timestamp begin;  ///< first instant of the period (inclusive); invalid = open
  Timestamp end;    ///< first instant after it (exclusive); invalid = open
  TimeZone zone;
  ZoneOrigin origin = ZoneOrigin::fallback_utc;
  bool bias_only = false;                ///< only a bias was known: fixed offset, DST not applied
  std::optional<ZoneEvidence> evidence;  ///< the event that established the zone (inferred only)
  std::string explanation;               ///< one human sentence: zone, and where it came from
};

/// A note about the zone in structured form (the English sentence is ZoneResolution::notes), so
/// that a report can say it in its own language.
struct ZoneNote {
  enum class Kind {
    given_zone_disagrees,   ///< --tz `spec` (`zone`, `offset_minutes` at `time`) differs from what `evidence` states
                            ///< (`other_zone`, `other_offset_minutes`)
    name_contradicts_bias,  ///< 6013 `evidence` names `zone` (standard `offset_minutes`) but its bias means
                            ///< `other_offset_minutes`
    unknown_zone_name,      ///< `evidence` (first of `count` records) names an unknown zone: only its bias is used
    zone_changed,  ///< from `zone` to `other_zone` between `time` and `other_time` (`evidence`: the first of the new
                   ///< zone)
    lenient_spec,  ///< --tz `spec` was read leniently as `zone` (an abbreviation, POSIX sign inversion)
  };
  Kind kind = Kind::zone_changed;
  std::string text;  ///< the English sentence
  std::optional<ZoneEvidence> evidence;
  std::string spec;       ///< given_zone_disagrees, lenient_spec: the --tz value
  std::string zone_name;  ///< unknown_zone_name: the name as logged
  TimeZone zone, other_zone;
  int offset_minutes = 0, other_offset_minutes = 0;
  Timestamp time, other_time;
  std::size_t count = 0;
};
class ZoneInferrer;

/// The zone(s) to use for a set of logs, with their provenance. Always has >= 1 period,
/// sorted and gap-free (the first starts open, the last ends open).
struct ZoneResolution {
  std::vector<ZonePeriod> periods;
  std::vector<ZoneEvidence> evidence;  ///< every piece found, by time (inferred only)
  std::vector<std::string> notes;      ///< changes, disagreements, unknown names (sentences)
  std::vector<ZoneNote> note_details;  ///< the same notes, structured (same order as `notes`)
  /// What the user must be told on stderr as well: how a lenient --tz was read ("JST is read
  /// as Asia/Tokyo"), POSIX sign inversion, a given zone the logs contradict. Also in notes.
  std::vector<std::string> warnings;

  /// The zone given by the user.
  [[nodiscard]] static ZoneResolution given_by_user(const TimeZone& zone, std::string_view spec);
  /// UTC because nothing was given or found; `why` completes the sentence.
  [[nodiscard]] static ZoneResolution fallback_utc(std::string_view why);
  /// The zone for a request over the evidence `inferrer` collected from the logs: automatic
  /// infers it; a given zone is used as given, with a warning when the logs state a zone whose
  /// offset differs at the time of that evidence (the user may have typed the analyst's zone).
  [[nodiscard]] static ZoneResolution from_request(const ZoneRequest& request, const ZoneInferrer& inferrer);

  /// The origin of the first period (all periods share it unless the zone was inferred).
  ZoneOrigin origin() const;
  /// True when the zone changed inside the logs (more than one period).
  bool has_changes() const noexcept { return periods.size() > 1; }
  /// The period containing instant `t` (an invalid `t` gets the first period).
  const ZonePeriod& period_at(Timestamp t) const;
  const TimeZone& zone_at(Timestamp t) const { return period_at(t).zone; }
  /// format_local() in the zone in effect at `t`.
  std::string format_local(Timestamp t) const { return zone_at(t).format_local(t); }
  /// format_readable() in the zone in effect at `t`.
  std::string format_readable(Timestamp t) const { return zone_at(t).format_readable(t); }
  /// Human summary: the zone(s) used and where they came from, then the notes. No trailing newline.
  std::string summary() const;
};

/// Collects zone evidence from events (in any order, from any number of files) and decides.
class ZoneInferrer {
 public:
  /// True for the events add() looks at; a cheap pre-filter for ReadOptions::want.
  /// Provider names are compared case-insensitively.
  [[nodiscard]] static bool is_candidate(std::string_view provider, std::uint32_t event_id) noexcept;
  /// Looks at one event; ignores events that carry no zone evidence.
  void add(const Event& event);
  /// Evidence collected so far.
  const std::vector<ZoneEvidence>& evidence() const noexcept { return evidence_; }
  /// Decides: named zone(s) from 6013 when present (periods when the name changes, with the
  /// change moved back to a Kernel-General bias event that matches it); otherwise fixed
  /// offsets from the biases; otherwise UTC. Kernel-General biases that disagree with the
  /// named zone become notes.
  ZoneResolution finish() const;

 private:
  std::vector<ZoneEvidence> evidence_;
};

/// Convenience: ZoneInferrer over `events`.
[[nodiscard]] ZoneResolution infer_zone(const std::vector<Event>& events);

// ---------------------------------------------------------------------------------------------
// Time strings inside events

/// Parses Backup's BackupTime ("2019-10-10T00:00:15.177132000Z": UTC, up to 9 fractional
/// digits, truncated to 100 ns). Tolerates U+200E/U+200F marks and surrounding blanks (the
/// rendered form). nullopt when malformed or without 'Z' / offset.
[[nodiscard]] std::optional<Timestamp> parse_backup_time(std::string_view text);

/// Order of day, month and year in a numeric date.
enum class DateOrder {
  automatic,  ///< 4-digit first -> Y/M/D; a first field > 12 -> D/M/Y; otherwise M/D/Y (en-US)
  month_day_year,
  day_month_year,
  year_month_day,
};

/// A local date and time as Windows renders it for the machine's locale (EventLog 6008
/// Data1 = time, Data2 = date), e.g. ("12:50:29 PM", "\u200E8/\u200E7/\u200E2020"),
/// ("12:50:29", "2020/08/07"), ("午後 0:50:29", "2020年8月7日"), ("18:00:53", "13.11.2020").
/// Direction marks (U+200E, U+200F, U+202A..U+202E, U+061C) and blanks are ignored.
struct LocalizedDateTime {
  CivilTime local;
  bool order_guessed = false;  ///< day/month order could not be told from the text (both <= 12)
};
[[nodiscard]] std::optional<LocalizedDateTime> parse_localized_date_time(std::string_view time_text,
                                                                         std::string_view date_text,
                                                                         DateOrder order = DateOrder::automatic);

/// The unexpected-shutdown time of an EventLog 6008 event, in UTC.
struct UnexpectedShutdownTime {
  CivilTime local;             ///< as logged (the machine's local time)
  LocalToUtc utc;              ///< converted with the zone in effect at the event
  std::string zone_name;       ///< the zone used
  bool order_guessed = false;  ///< see LocalizedDateTime
};
/// Reads Data "1" (time) and "2" (date) of an EventLog 6008 event and converts them with the
/// zone `zones` gives for the event's TimeCreated. nullopt for other events or unreadable text.
[[nodiscard]] std::optional<UnexpectedShutdownTime> unexpected_shutdown_time(const Event& event,
                                                                             const ZoneResolution& zones,
                                                                             DateOrder order = DateOrder::automatic);

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
