#pragma once
// Narrowing a look at a case: the events of a time window, of some providers, event ids, levels
// or machines. `dump` (CaseReadOptions::filter) and `timeline` (TimelineOptions::filter) apply
// the same filter, and the CLI, the C API and Python build it the same way: add_filter() takes
// the option name and value as typed (`--provider Backup` is add_filter(f, "provider", "Backup")).
//
//   evtxdiag::EventFilter filter;
//   evtxdiag::add_filter(filter, "from", "2019-10-28 21:00");  // wall-clock time in the case's zone
//   evtxdiag::add_filter(filter, "to", "2019-10-29");          // through the end of that day
//   evtxdiag::add_filter(filter, "event-id", "512-521");
//   evtxdiag::EventMatcher match(filter, zones);               // zones: the case's ZoneResolution
//   if (match.matches(event)) ...
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evtxdiag/event.hpp"
#include "evtxdiag/export.hpp"
#include "evtxdiag/timestamp.hpp"
#include "evtxdiag/timezone.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// A bound of the time window as the reader typed it. With "Z" or an offset it is an instant;
/// without, a wall-clock time in the zone the output uses for local times (--tz, or the zone
/// inferred from the logs), so the bounds read like the times the output prints.
struct FilterTime {
  std::string text;                  ///< as given
  std::optional<Timestamp> instant;  ///< when the text had "Z" or an offset
  CivilTime local;                   ///< otherwise: the wall-clock time
  /// The length of the last unit given, in 100 ns ticks: a day ("2019-10-28"), a minute
  /// ("2019-10-28 21:00"), a second, or one tick when fractions were given. `to` includes the
  /// whole unit: `--to 2019-10-28` keeps the events of that day.
  std::uint64_t unit_ticks = 1;
};

/// Event ids first..last, inclusive.
struct EventIdRange {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
};

/// Which events to keep. Each criterion that has values must match (values of one criterion
/// are alternatives); an empty filter keeps everything.
struct EventFilter {
  std::optional<FilterTime> from;      ///< events at or after
  std::optional<FilterTime> to;        ///< events up to the end of this time's last unit
  std::vector<std::string> providers;  ///< Provider/@Name, case-insensitive (see EventMatcher)
  std::vector<EventIdRange> event_ids;
  std::vector<std::uint8_t> levels;    ///< System/Level values (see add_filter "level")
  std::vector<std::string> computers;  ///< Computer, case-insensitive, with or without DNS suffix

  bool empty() const noexcept;
};

/// The option names add_filter() accepts, in the order --help lists them:
/// from, to, provider, event-id, level, computer.
[[nodiscard]] const std::vector<std::string>& filter_option_names();

/// Adds one criterion as typed on a command line:
/// - "from" / "to": "YYYY-MM-DD", "YYYY-MM-DD HH:MM", "YYYY-MM-DDTHH:MM:SS[.fffffff]", each
///   optionally followed by "Z" or "+09:00" (an instant; without: local time, see FilterTime);
/// - "provider": a provider name; several separated by commas;
/// - "event-id": ids and ranges, "4104", "512-521", "7,9,512-521";
/// - "level": critical, error, warning, information (also level 0, which Event Viewer shows as
///   Information), verbose, or the number 0-5; several separated by commas;
/// - "computer": a machine name.
/// Throws Error(invalid_input) naming the option ("--event-id 5x: ...") for an unknown option
/// or a malformed value.
void add_filter(EventFilter& filter, std::string_view option, std::string_view value);

/// A filter made ready for one case: local bounds converted to instants with the case's zones
/// (each bound in the zone period it falls in), provider names widened to the knowledge base's
/// aliases of the same provider, and the "Microsoft-Windows-" short form Event Viewer's Source
/// column shows ("Backup" matches Microsoft-Windows-Backup).
class EventMatcher {
 public:
  EventMatcher(const EventFilter& filter, const ZoneResolution& zones);

  bool matches(const Event& event) const;
  bool matches(std::string_view provider, std::uint32_t event_id, std::uint8_t level, std::string_view computer,
               Timestamp time) const;
  bool matches_provider(std::string_view provider) const;
  bool keeps_everything() const noexcept { return keeps_everything_; }
  /// The window as instants (invalid when open), for messages and tests.
  Timestamp from() const noexcept { return from_; }
  Timestamp to_exclusive() const noexcept { return to_exclusive_; }

 private:
  EventFilter filter_;
  std::vector<std::string> provider_names_;  ///< lower-case, aliases included
  Timestamp from_;
  Timestamp to_exclusive_;
  bool keeps_everything_ = true;
};

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
