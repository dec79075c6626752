// For every real System log in $EVTXDIAG_SAMPLES_DIR with EventLog 6013 events: the zone the
// logs themselves give (read through the library reader). SKIPPED (exit 77) without samples.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>

#include "evtxdiag/error.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/timezone.hpp"
#include "skip.hpp"

namespace {

// Expected first-period zone and number of periods, from reading the 6013 values of each file
// with python-evtx (an independent decoder).
struct Expected {
  const char* zone;
  std::size_t periods;
};
const std::map<std::string, Expected> kExpected{
    {"fukusuket__System.evtx", {"Tokyo Standard Time", 1}},  // "-540 東京 (標準時)"
    // PST, set to Eastern at 19:00:09 (Kernel-General 22/24/1 bias 300), back to PST at 21:49:54
    // (Kernel-General 24 bias 480, 6013 PST), Eastern again by 2022-02-06 (6013).
    {"museum-RathbunW11__System.evtx", {"Pacific Standard Time", 4}},
    {"nanw__System.evtx", {"China Standard Time", 1}},  // "-480 中国标准时间"
    {"plaso__System.evtx", {"Eastern Standard Time", 1}},
    {"omer__2-vss_7-System.evtx", {"Pacific Standard Time", 1}},
    // Easter Island <-> Pacific several times (6013 alternates; a lab VM)
    {"museum-Belkasoft__System.evtx", {"Easter Island Standard Time", 5}},
    {"fakenevtx__System.evtx", {"W. Europe Standard Time", 1}},  // "-60 Mitteleuropäische Zeit"
};

}  // namespace

TEST_CASE("zone inferred from each sample System log with 6013 events") {
  const char* dir = std::getenv("EVTXDIAG_SAMPLES_DIR");
  if (!dir || !std::filesystem::is_directory(dir)) {
    evtxdiag::test::skip_test("samples", "no samples directory (EVTXDIAG_SAMPLES_DIR)");
  }
  if (const char* sanitize = std::getenv("EVTXDIAG_SANITIZE"); sanitize && std::string(sanitize) == "1") {
    evtxdiag::test::skip_test("sanitizer", "reads every sample System log (~10 s); runs in the non-sanitizer build");
  }
  std::vector<std::filesystem::path> logs;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().filename().string().find("System") != std::string::npos && entry.path().extension() == ".evtx")
      logs.push_back(entry.path());
  std::sort(logs.begin(), logs.end());
  std::size_t with_6013 = 0;
  for (const auto& path : logs) {
    evtxdiag::ZoneInferrer inferrer;
    evtxdiag::ReadOptions options;
    options.want = [](std::string_view provider, std::uint32_t id) {
      return evtxdiag::ZoneInferrer::is_candidate(provider, id);
    };
    try {
      evtxdiag::EvtxReader reader = evtxdiag::EvtxReader::open_file(path.string());
      reader.read(options, [&](evtxdiag::Event&& event) { inferrer.add(event); });
    } catch (const evtxdiag::Error& e) {
      std::cout << path.filename().string() << ": unreadable: " << e.what() << '\n';
      continue;
    }
    const bool has_6013 = std::any_of(inferrer.evidence().begin(), inferrer.evidence().end(), [](const auto& e) {
      return e.kind == evtxdiag::ZoneEvidenceKind::eventlog_6013;
    });
    if (!has_6013) continue;
    ++with_6013;
    const evtxdiag::ZoneResolution zones = inferrer.finish();
    std::cout << "== " << path.filename().string() << '\n' << zones.summary() << '\n';
    CAPTURE(path.filename().string());
    CHECK(zones.origin() == evtxdiag::ZoneOrigin::inferred);
    const auto expected = kExpected.find(path.filename().string());
    if (expected != kExpected.end()) {
      CHECK(zones.periods.front().zone.name() == expected->second.zone);
      CHECK(zones.periods.size() == expected->second.periods);
    }
  }
  CHECK(with_6013 >= 3);
}
