// On every real log in $EVTXDIAG_SAMPLES_DIR (damaged, dirty, with slack records): a read
// whose libevtx sees only the chunks holding wanted records delivers exactly what a read of
// the whole file delivers (events, counts, diagnostics), with 1 and 2 threads. SKIPPED (exit
// 77) without samples.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include "evtxdiag/error.hpp"
#include "evtxdiag/reader.hpp"
#include "skip.hpp"

using namespace evtxdiag;

namespace {

// Providers a diagnosis asks for (a few per log, as in a real System or Application log),
// spelled as the records store them.
bool diagnosis_like(std::string_view provider, std::uint32_t id) {
  static const std::set<std::string, std::less<>> providers = {"Microsoft-Windows-Kernel-General",
                                                               "EventLog",
                                                               "disk",
                                                               "Ntfs",
                                                               "volsnap",
                                                               "Microsoft-Windows-Backup",
                                                               "VSS",
                                                               "Microsoft-Windows-Kernel-Power",
                                                               "Application Error",
                                                               "Microsoft-Windows-Security-SPP"};
  return providers.count(provider) > 0 || id == 4624;
}

std::string read_all(const std::string& path, bool narrow, unsigned threads) {
  ReadOptions options;
  options.want = diagnosis_like;
  options.recovered = true;
  options.narrow_libevtx = narrow;
  options.threads = threads;
  std::ostringstream out;
  EvtxReader reader = EvtxReader::open_file(path);
  const ReadSummary s = reader.read(options, [&](Event&& e) {
    out << e.record_number << '|' << e.file_offset << '|' << to_string(e.origin) << '|' << to_string(e.decoder) << '|'
        << e.provider_name << '|' << e.event_id << '|' << e.time_created.ticks << '|' << e.computer;
    for (const DataField& field : e.data) out << '|' << field.name << '=' << field.value;
    out << '\n';
  });
  out << s.live_records << ' ' << s.live_decoded << ' ' << s.recovered_records << ' ' << s.recovered_decoded << ' '
      << s.recovered_duplicates << ' ' << s.undecodable << ' ' << s.recovered_undecodable << ' '
      << s.recovered_fragments << ' ' << s.filtered_out << ' ' << s.builtin_decoded << '\n';
  for (const Diagnostic& d : s.diagnostics) out << d.to_string() << '\n';
  return out.str();
}

}  // namespace

TEST_CASE("narrowed and whole-file reads agree on every sample") {
  const char* dir = std::getenv("EVTXDIAG_SAMPLES_DIR");
  if (!dir || !std::filesystem::is_directory(dir)) {
    evtxdiag::test::skip_test("samples", "no samples directory (EVTXDIAG_SAMPLES_DIR)");
  }
  // Under the sanitizers libevtx runs ~10x slower: the smaller files only there.
  const char* sanitize = std::getenv("EVTXDIAG_SANITIZE");
  const bool sanitized = sanitize && std::string(sanitize) == "1";
  std::vector<std::filesystem::path> logs;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".evtx" && (!sanitized || entry.file_size() <= 3'000'000))
      logs.push_back(entry.path());
  std::sort(logs.begin(), logs.end());
  std::size_t compared = 0;
  for (const auto& path : logs) {
    CAPTURE(path.filename().string());
    std::string whole;
    try {
      whole = read_all(path.string(), false, 1);
    } catch (const Error&) {
      continue;  // nothing readable (e.g. a truncated header): no read to compare
    }
    ++compared;
    CHECK(read_all(path.string(), true, 1) == whole);
    if (!sanitized) CHECK(read_all(path.string(), true, 2) == whole);
  }
  MESSAGE(compared << " sample files compared");
  CHECK(compared >= (sanitized ? 10u : 25u));
}
