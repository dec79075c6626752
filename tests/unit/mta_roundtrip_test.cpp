// MTA writer -> parser round trip: what the writer puts in, the parser gives back, byte for
// byte in every string (Japanese, surrogate pairs, CR LF, tabs, trailing spaces).
#include <doctest/doctest.h>

#include "evtxdiag/mta.hpp"
#include "format/format.hpp"
#include "mta/mta_layout.hpp"
#include "mta/mta_writer.hpp"

using evtxdiag::MtaCatalog;
using evtxdiag::MtaContent;
using evtxdiag::MtaProviderNames;

namespace {

MtaContent sample_content(std::size_t events) {
  evtxdiag::mta::MtaBuilder builder(1041);
  MtaProviderNames backup;
  backup.provider = "Microsoft-Windows-Backup";
  backup.levels = {{2, "エラー"}};
  backup.tasks = {{1, "バックアップ"}, {2, "回復"}};
  backup.opcodes = {{1u << 16 | 1, "ジョブ開始"}, {0, "情報"}};
  backup.keywords = {{0, "バックアップ"}, {63, "最上位ビット"}};
  builder.set_provider_names(backup);
  for (std::size_t i = 0; i < events; ++i) {
    const std::uint64_t record_id = 1000 + 3 * i;
    std::string message = "バックアップ操作 " + std::to_string(i) + " は失敗しました。\r\n\tエラー: 0x8078011E  ";
    if (i % 7 == 0) message += "\xF0\x9F\x98\x80";  // U+1F600, a surrogate pair in UTF-16
    if (i % 11 == 0) message = "";
    builder.add_event(record_id, i % 2 == 0 ? "Microsoft-Windows-Backup" : "volsnap", message);
  }
  return builder.content();
}

}  // namespace

TEST_CASE("mta round trip: 250 events over three pages per section, Japanese and surrogates") {
  const MtaContent content = sample_content(250);
  const std::vector<std::uint8_t> bytes = evtxdiag::mta::write_mta(content);
  const MtaCatalog catalog = MtaCatalog::parse(bytes, "roundtrip.MTA", 1041);
  for (const auto& d : catalog.diagnostics()) FAIL_CHECK(d.to_string());
  CHECK(catalog.ok());
  CHECK(catalog.lcid() == 1041);
  CHECK(catalog.content().messages.size() == 250);
  CHECK(catalog.content() == content);
  REQUIRE(catalog.message_for(1000 + 3 * 7) != nullptr);
  CHECK(*catalog.message_for(1000 + 3 * 7) ==
        "バックアップ操作 7 は失敗しました。\r\n\tエラー: 0x8078011E  \xF0\x9F\x98\x80");
  CHECK(catalog.message_for(1001) == nullptr);
  REQUIRE(catalog.provider("microsoft-windows-BACKUP") != nullptr);
  CHECK(catalog.provider("microsoft-windows-BACKUP")->tasks.at(2) == "回復");
  REQUIRE(catalog.provider("volsnap") != nullptr);
  CHECK(catalog.provider("volsnap")->tasks.empty());
  CHECK(catalog.provider("nope") == nullptr);
}

TEST_CASE("mta writer: deterministic bytes and the layout Windows uses") {
  const MtaContent content = sample_content(150);
  const auto bytes = evtxdiag::mta::write_mta(content);
  CHECK(bytes == evtxdiag::mta::write_mta(content));
  using evtxdiag::evtx::load_u32;
  using evtxdiag::evtx::load_u64;
  CHECK(std::string(bytes.begin(), bytes.begin() + 8) == std::string("MTAFile\0", 8));
  CHECK(load_u32(&bytes[0x10]) == 78);
  CHECK(load_u32(&bytes[0x14]) == 3);
  const std::uint64_t evt = load_u64(&bytes[0x18]);
  CHECK(evt == 0x66);
  // The three sections are contiguous and the file ends at the end of PUB.
  const std::uint64_t msg = load_u64(&bytes[0x32]);
  const std::uint64_t pub = load_u64(&bytes[0x4C]);
  CHECK(msg == evt + load_u64(&bytes[0x20]));
  CHECK(pub == msg + load_u64(&bytes[0x3A]));
  CHECK(bytes.size() == pub + load_u64(&bytes[0x54]));
  // EVT: two pages (150 entries); page 0 links to page 1, page 1 links to itself.
  const std::uint8_t* page0 = &bytes[evt];
  CHECK(load_u32(page0) == 0xFFFFFFFFu);
  CHECK(load_u32(page0 + 4) == 99);  // id of the last entry on the page
  const std::uint64_t next = load_u64(page0 + evtxdiag::mta::kPageNextOffset);
  CHECK(next > 0);
  const std::uint8_t* page1 = &bytes[evt + next];
  CHECK(load_u32(page1 + evtxdiag::mta::kPageNumberOffset) == 1);
  CHECK(load_u64(page1 + evtxdiag::mta::kPageNextOffset) == next);
  CHECK(load_u64(page1 + evtxdiag::mta::kPageSelfOffset) == next);
}

TEST_CASE("mta writer: empty content still parses") {
  const MtaContent empty;
  const MtaCatalog catalog = MtaCatalog::parse(evtxdiag::mta::write_mta(empty), "empty.MTA");
  CHECK(catalog.ok());
  CHECK(catalog.diagnostics().empty());
  CHECK(catalog.content() == empty);
}

TEST_CASE("mta writer: DEFAULT_PUBLISHER names in English and Japanese") {
  const auto en = evtxdiag::mta::default_publisher_names(1033);
  const auto ja = evtxdiag::mta::default_publisher_names(1041);
  CHECK(en.provider == "DEFAULT_PUBLISHER");
  CHECK(en.levels.at(4) == "Information");
  CHECK(ja.levels.at(4) == "情報");
  CHECK(en.tasks.at(0x10000) == "None");
  CHECK(en.opcodes.at(240u << 16) == "Receive");
  CHECK(en.keywords.at(55) == "Classic");
  CHECK(ja.keywords.size() == en.keywords.size());
}

TEST_CASE("mta writer: file name beside a log") {
  CHECK(evtxdiag::mta::mta_relative_path("Backup.evtx", 1041) == "LocaleMetaData/Backup_1041.MTA");
  CHECK(evtxdiag::mta::mta_relative_path("Microsoft-Windows-Backup%4Operational.EVTX", 1033) ==
        "LocaleMetaData/Microsoft-Windows-Backup%4Operational_1033.MTA");
  CHECK(evtxdiag::mta::mta_relative_path("noext", 1041) == "LocaleMetaData/noext_1041.MTA");
  // What the writer names, the locator finds.
  CHECK(evtxdiag::mta_lcid_from_file_name("Backup_1041.MTA") == 1041);
}
