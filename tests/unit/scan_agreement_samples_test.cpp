// The fast scan against libevtx on every file in $EVTXDIAG_SAMPLES_DIR (see
// scan_agreement.hpp): for every live record in a chunk the scan understands, the scan's
// (record id, provider, event id) equals libevtx's. SKIPPED (exit 77) without samples.
#include <doctest/doctest.h>

#include <iostream>

#include "scan_agreement.hpp"
#include "skip.hpp"

using evtxdiag_test::Agreement;
using evtxdiag_test::compare_with_libevtx;
using evtxdiag_test::read_bytes;

TEST_CASE("scan agrees with libevtx on every sample file") {
  const char* dir = std::getenv("EVTXDIAG_SAMPLES_DIR");
  if (!dir || !std::filesystem::is_directory(dir)) {
    evtxdiag::test::skip_test("samples", "EVTXDIAG_SAMPLES_DIR not set or absent");
  }
  // Under the sanitizers libevtx and the scan run ~10x slower: keep to the smaller files there.
  const bool sanitized = std::getenv("EVTXDIAG_SANITIZE") && std::string(std::getenv("EVTXDIAG_SANITIZE")) == "1";
  std::size_t compared = 0, not_understood = 0, files = 0;
  std::vector<std::string> disagreements;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".evtx") continue;
    if (sanitized && entry.file_size() > 3'000'000) continue;
    const auto bytes = read_bytes(entry.path());
    Agreement a;
    try {
      a = compare_with_libevtx(bytes, entry.path().filename().string());
    } catch (const std::exception& e) {
      continue;  // libevtx/reader cannot open the file at all: nothing to compare against
    }
    ++files;
    compared += a.compared;
    not_understood += a.not_understood_chunks;
    disagreements.insert(disagreements.end(), a.disagreements.begin(), a.disagreements.end());
  }
  MESSAGE("scan vs libevtx: " << files << " files, " << compared << " records compared, " << not_understood
                              << " chunks not understood, " << disagreements.size() << " disagreements");
  CHECK(compared > (sanitized ? 1000u : 100000u));
  for (const auto& d : disagreements) FAIL_CHECK(d);
}
