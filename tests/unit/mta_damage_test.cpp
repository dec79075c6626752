// Damaged MTA buffers built here: truncation, offsets out of range, page links that loop,
// lengths that lie, dangling string ids, random corruption. Each must give diagnostics and
// whatever can still be read; none may crash or hang (the ASan build runs these too).
#include <doctest/doctest.h>

#include <random>

#include "evtxdiag/mta.hpp"
#include "format/format.hpp"
#include "mta/mta_layout.hpp"
#include "mta/mta_writer.hpp"

using evtxdiag::MtaCatalog;
using Bytes = std::vector<std::uint8_t>;

namespace {

// Section descriptors of a writer-made file: EVT at 0x18, MSG at 0x32, PUB at 0x4C.
constexpr std::size_t kEvtDescriptor = 0x18;
constexpr std::size_t kMsgDescriptor = 0x32;
constexpr std::size_t kPubDescriptor = 0x4C;

Bytes sample(std::size_t events) {
  evtxdiag::mta::MtaBuilder builder(1033);
  builder.set_provider_names({"Microsoft-Windows-Backup", {{2, "Error"}}, {{1, "Backup"}}, {}, {{0, "Backup"}}});
  for (std::size_t i = 0; i < events; ++i) {
    builder.add_event(10 + i, "Microsoft-Windows-Backup", "The backup operation " + std::to_string(i) + " failed.");
  }
  return builder.bytes();
}

void store_u64(Bytes& bytes, std::size_t at, std::uint64_t value) {
  for (int k = 0; k < 8; ++k) bytes[at + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(value >> (8 * k));
}
void store_u32(Bytes& bytes, std::size_t at, std::uint32_t value) {
  for (int k = 0; k < 4; ++k) bytes[at + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(value >> (8 * k));
}
std::uint64_t section_offset(const Bytes& bytes, std::size_t descriptor) {
  return evtxdiag::evtx::load_u64(&bytes[descriptor]);
}
bool mentions(const MtaCatalog& catalog, const std::string& words) {
  for (const auto& d : catalog.diagnostics()) {
    if (d.message.find(words) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("mta damage: not an MTA") {
  CHECK_FALSE(MtaCatalog::parse(Bytes{}, "empty").ok());
  CHECK_FALSE(MtaCatalog::parse(Bytes(64, 0), "zeros").ok());
  const MtaCatalog zeros = MtaCatalog::parse(Bytes(64, 0), "zeros");
  REQUIRE(zeros.diagnostics().size() == 1);
  CHECK(zeros.diagnostics()[0].to_string() == "zeros: (offset 0x0): no MTA signature (\"MTAFile\")");
}

TEST_CASE("mta damage: every truncation gives diagnostics and keeps what came before") {
  const Bytes full = sample(120);
  CHECK(MtaCatalog::parse(full, "full").diagnostics().empty());
  // Every length through the header and the first page, then a stride that still lands in
  // every page header and entry of the rest (keeps the ASan run short).
  for (std::size_t length = 0; length < full.size(); length += length < 0x500 ? 1 : 13) {
    const Bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(length));
    const MtaCatalog catalog = MtaCatalog::parse(cut, "cut");
    CHECK_MESSAGE(!catalog.diagnostics().empty(), "length ", length);
    CHECK(catalog.content().messages.size() <= 120);
  }
  // Cut inside PUB: all messages survive (EVT and MSG are complete).
  const Bytes in_pub(full.begin(), full.end() - 4);
  const MtaCatalog catalog = MtaCatalog::parse(in_pub, "in_pub");
  CHECK(catalog.content().messages.size() == 120);
  CHECK(mentions(catalog, "section PUB"));
}

TEST_CASE("mta damage: section offsets beyond the file") {
  Bytes bytes = sample(5);
  store_u64(bytes, kEvtDescriptor, bytes.size() + 100);
  const MtaCatalog catalog = MtaCatalog::parse(bytes, "evt_offset");
  CHECK(catalog.ok());
  CHECK(mentions(catalog, "section EVT starts at"));
  CHECK(catalog.content().messages.empty());
  CHECK(catalog.provider("Microsoft-Windows-Backup") != nullptr);  // PUB still read
}

TEST_CASE("mta damage: entry slot and page link pointing outside the section") {
  Bytes bytes = sample(5);
  const std::size_t evt = section_offset(bytes, kEvtDescriptor);
  store_u64(bytes, evt + evtxdiag::mta::kPageSlotsOffset + 8 * 2, 0xFFFFFFFFFFull);
  store_u64(bytes, evt + evtxdiag::mta::kPageNextOffset, 0x7FFFFFFF);
  const MtaCatalog catalog = MtaCatalog::parse(bytes, "slots");
  CHECK(mentions(catalog, "entry slot 2"));
  CHECK(mentions(catalog, "points outside the section"));
  CHECK(catalog.content().messages.size() == 4);  // the other four entries are read
  CHECK(catalog.message_for(12) == nullptr);
  REQUIRE(catalog.message_for(13) != nullptr);
  CHECK(*catalog.message_for(13) == "The backup operation 3 failed.");
}

TEST_CASE("mta damage: page links that loop terminate with a diagnostic") {
  Bytes bytes = sample(250);  // three EVT pages
  const std::size_t evt = section_offset(bytes, kEvtDescriptor);
  const std::uint64_t page1 = evtxdiag::evtx::load_u64(&bytes[evt + evtxdiag::mta::kPageNextOffset]);
  const std::uint64_t page2 = evtxdiag::evtx::load_u64(&bytes[evt + page1 + evtxdiag::mta::kPageNextOffset]);
  SUBCASE("last page links back to the first") {
    store_u64(bytes, evt + page2 + evtxdiag::mta::kPageNextOffset, 0);
    store_u64(bytes, evt + page2 + evtxdiag::mta::kPageSelfOffset, page2);
    const MtaCatalog catalog = MtaCatalog::parse(bytes, "loop");
    CHECK(mentions(catalog, "loop"));
    CHECK(catalog.content().messages.size() == 250);  // each page read once
  }
  SUBCASE("second page links back to itself through the first") {
    store_u64(bytes, evt + page1 + evtxdiag::mta::kPageNextOffset, 0);
    const MtaCatalog catalog = MtaCatalog::parse(bytes, "loop2");
    CHECK(mentions(catalog, "loop"));
    CHECK(catalog.content().messages.size() == 200);
  }
  SUBCASE("a link into the middle of a page") {
    store_u64(bytes, evt + page1 + evtxdiag::mta::kPageNextOffset, page1 + 16);
    const MtaCatalog catalog = MtaCatalog::parse(bytes, "middle");
    CHECK(!catalog.diagnostics().empty());
  }
}

TEST_CASE("mta damage: lengths that lie and dangling string ids") {
  Bytes bytes = sample(3);
  const std::size_t msg = section_offset(bytes, kMsgDescriptor);
  const std::size_t evt = section_offset(bytes, kEvtDescriptor);
  const std::size_t pub = section_offset(bytes, kPubDescriptor);
  const std::size_t first_string = msg + evtxdiag::evtx::load_u64(&bytes[msg + evtxdiag::mta::kPageSlotsOffset]);
  const std::size_t first_event = evt + evtxdiag::evtx::load_u64(&bytes[evt + evtxdiag::mta::kPageSlotsOffset]);
  const std::size_t default_publisher = pub + evtxdiag::evtx::load_u64(&bytes[pub + evtxdiag::mta::kPageSlotsOffset]);
  store_u32(bytes, first_string + 8, 0xFFFFFF);        // string length beyond its entry
  store_u32(bytes, first_string + 4, 0xFFFFFFF0);      // and the entry beyond its section
  store_u64(bytes, first_event + 16, 999999);          // EVT -> missing string
  store_u32(bytes, default_publisher + 8, 0x7FFFFFF);  // PUB level count beyond the entry
  const MtaCatalog catalog = MtaCatalog::parse(bytes, "lies");
  CHECK(mentions(catalog, "MSG entry 0 (4294967280 bytes) extends beyond the section"));
  CHECK(mentions(catalog, "refers to missing string 999999"));
  CHECK(mentions(catalog, "PUB entry 0 claims"));
  CHECK(catalog.message_for(10) == nullptr);
  CHECK(catalog.message_for(11) != nullptr);
  CHECK(catalog.provider("DEFAULT_PUBLISHER") == nullptr);
  CHECK(catalog.provider("Microsoft-Windows-Backup") != nullptr);
}

TEST_CASE("mta damage: random corruption never crashes") {
  const Bytes original = sample(130);
  std::mt19937 random(1234);  // fixed seed: the same cases every run
  for (int round = 0; round < 2000; ++round) {
    Bytes bytes = original;
    const int flips = 1 + static_cast<int>(random() % 8);
    for (int k = 0; k < flips; ++k) bytes[random() % bytes.size()] = static_cast<std::uint8_t>(random());
    const MtaCatalog catalog = MtaCatalog::parse(bytes, "fuzz");
    CHECK(catalog.content().messages.size() <= 130 + 100);
  }
}

TEST_CASE("mta damage: diagnostics are capped") {
  Bytes bytes = sample(250);
  const std::size_t evt = section_offset(bytes, kEvtDescriptor);
  const std::uint64_t page1 = evtxdiag::evtx::load_u64(&bytes[evt + evtxdiag::mta::kPageNextOffset]);
  for (const std::uint64_t page : {std::uint64_t{0}, page1}) {
    for (std::size_t k = 0; k < 100; ++k) store_u64(bytes, evt + page + evtxdiag::mta::kPageSlotsOffset + 8 * k, 1);
  }
  const MtaCatalog catalog = MtaCatalog::parse(bytes, "many");
  CHECK(catalog.diagnostics().size() <= 101);
  CHECK(mentions(catalog, "further MTA problems not listed"));
}
