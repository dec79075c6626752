// Prints what evtxdiag's time zones say, for comparing two builds (tests/windows): every zone
// name the build knows, and for each zone every change of offset, DST flag, abbreviation or
// standard offset between 1900 and 2040 (found by sampling each day, then narrowed to the
// second), with the resolution of local wall-clock times around it (gaps and overlaps).
//   evtxdiag_zone_probe            all zones
//   evtxdiag_zone_probe Asia/Tokyo Europe/Berlin
#include <cstdio>
#include <string>
#include <vector>

#include "evtxdiag/timezone.hpp"
#include "timezone/zone_database.hpp"

using namespace evtxdiag;

namespace {

struct State {
  int offset = 0;
  int standard = 0;
  bool dst = false;
  std::string abbreviation;
  bool operator==(const State& o) const {
    return offset == o.offset && standard == o.standard && dst == o.dst && abbreviation == o.abbreviation;
  }
};

State state_at(const TimeZone& zone, std::int64_t unix) {
  const Timestamp t = Timestamp::from_unix(unix, 0);
  return {zone.offset_minutes(t), zone.standard_offset_minutes(t), zone.is_dst(t), zone.abbreviation(t)};
}

const char* match_name(LocalTimeMatch match) {
  switch (match) {
    case LocalTimeMatch::unique: return "unique";
    case LocalTimeMatch::ambiguous: return "ambiguous";
    case LocalTimeMatch::nonexistent: return "nonexistent";
  }
  return "?";
}

// How local wall-clock times `minutes` around the local time `local_unix` (seconds, as if UTC)
// resolve.
void print_local(const TimeZone& zone, std::int64_t local_unix) {
  for (const int minutes : {-90, -30, 0, 30, 90}) {
    const std::int64_t wall = local_unix + minutes * 60;
    const CivilTime civil = TimeZone::utc().to_local(Timestamp::from_unix(wall, 0));
    const auto resolved = zone.from_local(civil);
    std::printf("  local %04d-%02u-%02uT%02u:%02u", civil.year, civil.month, civil.day, civil.hour, civil.minute);
    if (!resolved) {
      std::printf(" invalid\n");
      continue;
    }
    std::printf(" %s %lld", match_name(resolved->match), static_cast<long long>(resolved->utc.unix_seconds()));
    if (resolved->alternative.valid())
      std::printf(" or %lld", static_cast<long long>(resolved->alternative.unix_seconds()));
    std::printf("\n");
  }
}

void probe(const std::string& name) {
  const auto zone = TimeZone::from_iana(name);
  if (!zone) {
    std::printf("%s unknown\n", name.c_str());
    return;
  }
  std::printf("%s\n", name.c_str());
  constexpr std::int64_t kDay = 86400;
  const std::int64_t first = -2208988800 + kDay / 2;  // 1900-01-01T12:00Z
  const std::int64_t last = 2208988800;               // 2040-01-01
  std::int64_t previous_time = first;
  State previous = state_at(*zone, first);
  std::printf("  %lld %d %d %d %s\n", static_cast<long long>(first), previous.offset, previous.standard, previous.dst,
              previous.abbreviation.c_str());
  for (std::int64_t t = first + kDay; t <= last; t += kDay) {
    const State now = state_at(*zone, t);
    if (now == previous) {
      previous_time = t;
      continue;
    }
    std::int64_t low = previous_time, high = t;  // the change lies in (low, high]
    while (high - low > 1) {
      const std::int64_t middle = low + (high - low) / 2;
      if (state_at(*zone, middle) == previous)
        low = middle;
      else
        high = middle;
    }
    const State changed = state_at(*zone, high);
    std::printf("  %lld %d %d %d %s\n", static_cast<long long>(high), changed.offset, changed.standard, changed.dst,
                changed.abbreviation.c_str());
    print_local(*zone, high + previous.offset * 60);
    print_local(*zone, high + changed.offset * 60);
    previous = now;
    previous_time = t;
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> names(argv + 1, argv + argc);
  if (names.empty()) names = tz::zone_names();
  std::printf("zones %zu\n", names.size());
  for (const std::string& name : names) probe(name);
  return 0;
}
