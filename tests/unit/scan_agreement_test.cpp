// The fast scan against libevtx: for every live record in a chunk the scan understands, the
// scan's (record id, provider, event id) must equal what libevtx decodes at the same offset,
// and no libevtx record of an understood chunk may be missing from the scan. Runs over the
// synthetic files of the writer and hand-made chunks (the samples: scan_agreement_samples_test).
#include <doctest/doctest.h>

#include "binxml_test_builder.hpp"
#include "evtxdiag/writer.hpp"
#include "scan_agreement.hpp"

using evtxdiag_test::Agreement;
using evtxdiag_test::compare_with_libevtx;

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
  b.values({{0x01, binxml_test::utf16_bytes("P")},
            {0x06, binxml_test::le(9, 2)},
            {0x11, binxml_test::le(1, 8)},
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
  SUBCASE("truncated file has no chunk") { CHECK(evtxdiag::scan::scan_file(bytes.data(), 5000).chunks.empty()); }
}
