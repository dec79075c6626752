// Replays every input the fuzzers ever found crashing or hanging (testdata/crashes/<target>/)
// and the fuzz seed corpus (fuzz/corpus/<target>/) through the fuzz targets' entry functions
// (fuzz/targets.hpp), so a fixed crash that comes back fails an ordinary test, also in the
// ASan/UBSan build. Each input must be handled within a few seconds.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../../fuzz/targets.hpp"

#if defined(__has_feature)
#  if __has_feature(address_sanitizer)
#    define EVTXDIAG_ASAN_BUILD 1  // clang spells it this way
#  endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(EVTXDIAG_ASAN_BUILD)
#  include <sanitizer/lsan_interface.h>
#  define EVTXDIAG_HAVE_LSAN 1
#endif

namespace {

namespace fs = std::filesystem;
using EntryFunction = void (*)(const std::uint8_t*, std::size_t);

struct Target {
  const char* name;
  EntryFunction run;
};

const Target kTargets[] = {
    {"evtx", evtxdiag::fuzz::run_evtx},           {"scan", evtxdiag::fuzz::run_scan},
    {"scenario", evtxdiag::fuzz::run_scenario},   {"knowledge", evtxdiag::fuzz::run_knowledge},
    {"event_xml", evtxdiag::fuzz::run_event_xml},
};

fs::path source_dir() {
  const char* dir = std::getenv("EVTXDIAG_SOURCE_DIR");
  return dir ? fs::path(dir) : fs::path(".");
}

std::vector<fs::path> inputs_in(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::size_t replay(const Target& target, const fs::path& dir) {
  std::size_t count = 0;
  for (const fs::path& file : inputs_in(dir)) {
    std::ifstream in(file, std::ios::binary);
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO("input " << file.string());
    const auto start = std::chrono::steady_clock::now();
#ifdef EVTXDIAG_HAVE_LSAN
    // Inputs named libevtx-leak-* make libevtx 20181227 itself leak (see
    // fuzz/lsan-libevtx.supp); they are replayed for crashes and hangs, not for that leak.
    const bool libevtx_leaks = file.filename().string().rfind("libevtx-leak-", 0) == 0;
    if (libevtx_leaks) __lsan_disable();
#endif
    CHECK_NOTHROW(target.run(bytes.data(), bytes.size()));
#ifdef EVTXDIAG_HAVE_LSAN
    if (libevtx_leaks) __lsan_enable();
#endif
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(seconds < 20.0);  // a hang found by the fuzzer must stay fixed (generous for ASan)
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("every kept fuzzer crash and hang input is handled") {
  for (const Target& target : kTargets) {
    replay(target, source_dir() / "testdata" / "crashes" / target.name);
  }
}

TEST_CASE("the fuzz seed corpus runs through every target") {
  for (const Target& target : kTargets) {
    INFO("target " << target.name);
    CHECK(replay(target, source_dir() / "fuzz" / "corpus" / target.name) >= 3);
  }
}

TEST_CASE("an empty input and a few bytes are handled by every target") {
  const std::uint8_t bytes[] = {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0, '*', '*', 0, 0};
  for (const Target& target : kTargets) {
    INFO("target " << target.name);
    CHECK_NOTHROW(target.run(bytes, 0));
    CHECK_NOTHROW(target.run(bytes, sizeof bytes));
  }
}
