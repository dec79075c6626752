// The fast scan against libevtx: for every live record in a chunk the scan understands, the
// scan's (record id, provider, event id) must equal what libevtx decodes at the same offset,
// and no libevtx record of an understood chunk may be missing from the scan. Runs over the
// synthetic files of the writer, hand-made chunks, and every file in $EVTXDIAG_SAMPLES_DIR.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <tuple>

#include "binxml_test_builder.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/writer.hpp"
#include "scan/scan.hpp"

namespace {

struct Agreement {
  std::size_t compared = 0;            // records compared (understood chunks)
  std::size_t not_understood_chunks = 0;
  std::vector<std::string> disagreements;
};

Agreement compare_with_libevtx(const std::vector<std::uint8_t>& bytes, const std::string& name) {
  Agreement agreement;
  evtxdiag::ReadOptions options;
  options.decoder = evtxdiag::DecoderChoice::libevtx_only;
  std::map<std::uint64_t, std::tuple<std::uint64_t, std::string, std::uint32_t>> libevtx;  // by file offset
  evtxdiag::EvtxReader reader = evtxdiag::EvtxReader::open_buffer(bytes, name);
  reader.read(options, [&](evtxdiag::Event&& e) {
    libevtx[static_cast<std::uint64_t>(e.file_offset)] = {e.record_number, e.provider_name, e.event_id};
  });
  const evtxdiag::scan::ScanResult scan = evtxdiag::scan::scan_file(bytes.data(), bytes.size());
  for (const auto& chunk : scan.chunks) {
    if (!chunk.understood) {
      if (!chunk.unused) ++agreement.not_understood_chunks;
      continue;
    }
    for (const auto& record : chunk.records) {
      const auto found = libevtx.find(record.file_offset);
      if (found == libevtx.end()) continue;  // libevtx could not decode it: nothing to compare
      ++agreement.compared;
      const auto& [id, provider, event_id] = found->second;
      if (id != record.record_id || provider != record.provider || event_id != record.event_id)
        agreement.disagreements.push_back(name + " @" + std::to_string(record.file_offset) + ": scan (" +
                                          std::to_string(record.record_id) + ", " + record.provider + ", " +
                                          std::to_string(record.event_id) + ") libevtx (" + std::to_string(id) +
                                          ", " + provider + ", " + std::to_string(event_id) + ")");
    }
    // Every libevtx record inside this chunk must be one the scan listed.
    const auto begin = libevtx.lower_bound(chunk.file_offset);
    const auto end = libevtx.lower_bound(chunk.file_offset + evtxdiag::evtx::kChunkSize);
    std::size_t listed = 0;
    for (auto it = begin; it != end; ++it) ++listed;
    if (listed > chunk.records.size())
      agreement.disagreements.push_back(name + " chunk " + std::to_string(chunk.index) + ": libevtx has " +
                                        std::to_string(listed) + " records, scan " + std::to_string(chunk.records.size()));
  }
  return agreement;
}

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("scan agrees with libevtx on synthetic multi-chunk files") {
  std::vector<evtxdiag::Event> events;
  for (std::uint64_t i = 1; i <= 600; ++i) {
    evtxdiag::Event e;
    e.provider_name = i % 3 == 0 ? "Microsoft-Windows-Backup" : i % 3 == 1 ? "Service Control Manager" : "volsnap";
    e.event_id = static_cast<std::uint32_t>(i % 3 == 1 ? 7036 : 500 + i);
    if (i % 3 == 1) e.qualifiers = 16384;
    e.level = 4;
    e.time_created = evtxdiag::Timestamp{132'000'000'000'000'000ULL + i * 10'000'000ULL};
    e.event_record_id = i;
    e.channel = "System";
    e.computer = "HOST";
    e.data = {{"param1", "value " + std::to_string(i)}, {"param2", std::string(i % 50, 'x')}};
    events.push_back(e);
  }
  const auto bytes = evtxdiag::write_evtx(events);
  const Agreement a = compare_with_libevtx(bytes, "synthetic");
  CHECK(a.compared == 600);
  CHECK(a.not_understood_chunks == 0);
  CHECK_MESSAGE(a.disagreements.empty(), (a.disagreements.empty() ? "" : a.disagreements.front()));
  const auto scan = evtxdiag::scan::scan_file(bytes.data(), bytes.size());
  REQUIRE(scan.chunks.size() > 1);
  CHECK(scan.chunks[0].records[0].time_created.ticks == 132'000'000'010'000'000ULL);
}

TEST_CASE("a damaged chunk is not understood and says why") {
  binxml_test::ChunkBuilder b;
  b.begin_record(5, 1);
  const std::size_t slot = b.begin_inline_template();
  binxml_test::event_template_body(b);
  b.end_definition(slot);
  b.values({{0x01, binxml_test::utf16_bytes("P")}, {0x06, binxml_test::le(9, 2)}, {0x11, binxml_test::le(1, 8)},
            {0x01, binxml_test::utf16_bytes("d")}});
  b.end_record();
  auto bytes = b.file(5);
  auto good = evtxdiag::scan::scan_file(bytes.data(), bytes.size());
  REQUIRE(good.chunks.size() == 1);
  REQUIRE(good.chunks[0].understood);
  REQUIRE(good.chunks[0].records.size() == 1);
  CHECK(good.chunks[0].records[0].provider == "P");
  CHECK(good.chunks[0].records[0].event_id == 9);
  CHECK(good.chunks[0].records[0].record_id == 5);

  SUBCASE("records checksum") {
    bytes[4096 + 600] ^= 0x01;
    const auto scan = evtxdiag::scan::scan_file(bytes.data(), bytes.size());
    CHECK_FALSE(scan.chunks[0].understood);
    CHECK(scan.chunks[0].reason == "records checksum mismatch");
    CHECK(scan.chunks[0].records.empty());
  }
  SUBCASE("header checksum") {
    bytes[4096 + 8] ^= 0x01;
    CHECK(evtxdiag::scan::scan_file(bytes.data(), bytes.size()).chunks[0].reason == "chunk header checksum mismatch");
  }
  SUBCASE("all-zero chunk is unused") {
    std::fill(bytes.begin() + 4096, bytes.end(), 0);
    const auto scan = evtxdiag::scan::scan_file(bytes.data(), bytes.size());
    CHECK(scan.chunks[0].unused);
    CHECK_FALSE(scan.chunks[0].understood);
  }
  SUBCASE("truncated file has no chunk") {
    CHECK(evtxdiag::scan::scan_file(bytes.data(), 5000).chunks.empty());
  }
}

TEST_CASE("scan agrees with libevtx on every sample file") {
  const char* dir = std::getenv("EVTXDIAG_SAMPLES_DIR");
  if (!dir || !std::filesystem::is_directory(dir)) {
    MESSAGE("SKIPPED: EVTXDIAG_SAMPLES_DIR not set or absent");
    return;
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
