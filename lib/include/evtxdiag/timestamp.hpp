#pragma once
// Absolute time as Windows stores it: a FILETIME, 100 ns ticks since 1601-01-01T00:00:00Z.
// Always UTC. Conversion to civil (local) time happens only at the edge, with an explicit
// zone (see timezone.hpp); nothing here knows about the analyst's machine zone.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// A UTC instant with 100 ns resolution, stored as FILETIME ticks. 0 means "unknown".
struct Timestamp {
  std::uint64_t ticks = 0;  ///< 100 ns intervals since 1601-01-01T00:00:00Z

  /// Ticks per second (FILETIME resolution is 100 ns).
  static constexpr std::uint64_t ticks_per_second = 10'000'000ULL;
  /// FILETIME ticks at the Unix epoch, 1970-01-01T00:00:00Z.
  static constexpr std::uint64_t unix_epoch_ticks = 116'444'736'000'000'000ULL;

  /// True when the instant is known (non-zero).
  constexpr bool valid() const noexcept { return ticks != 0; }
  /// Whole seconds since the Unix epoch (may be negative before 1970), rounding down.
  std::int64_t unix_seconds() const noexcept;
  /// The sub-second part in ticks, 0..9'999'999.
  std::uint32_t subsecond_ticks() const noexcept { return static_cast<std::uint32_t>(ticks % ticks_per_second); }
  /// Builds a Timestamp from Unix seconds plus extra ticks (0..9'999'999).
  [[nodiscard]] static Timestamp from_unix(std::int64_t seconds, std::uint32_t extra_ticks = 0) noexcept;

  /// ISO-8601 UTC with 7 fractional digits and Z: "2012-01-18T07:26:31.3100000Z".
  /// An invalid timestamp formats as the empty string.
  std::string iso_utc() const;

  /// Parses ISO-8601 with 'Z' or an explicit offset ("+09:00"), 0 to 9 fractional digits
  /// (digits beyond 100 ns are truncated). Returns nullopt when malformed or out of range.
  [[nodiscard]] static std::optional<Timestamp> parse_iso(std::string_view text);

  friend constexpr bool operator==(Timestamp a, Timestamp b) noexcept { return a.ticks == b.ticks; }
  friend constexpr bool operator!=(Timestamp a, Timestamp b) noexcept { return a.ticks != b.ticks; }
  friend constexpr bool operator<(Timestamp a, Timestamp b) noexcept { return a.ticks < b.ticks; }
  friend constexpr bool operator<=(Timestamp a, Timestamp b) noexcept { return a.ticks <= b.ticks; }
  friend constexpr bool operator>(Timestamp a, Timestamp b) noexcept { return a.ticks > b.ticks; }
  friend constexpr bool operator>=(Timestamp a, Timestamp b) noexcept { return a.ticks >= b.ticks; }
};

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
