// Finding MTA files beside a log and choosing one by language.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "evtxdiag/error.hpp"
#include "evtxdiag/mta.hpp"

namespace fs = std::filesystem;
using evtxdiag::MtaLocation;

namespace {

/// A fresh directory under the system temp dir, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "evtxdiag-mta-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void touch(const std::string& relative) const {
    fs::create_directories((path / relative).parent_path());
    std::ofstream(path / relative) << "x";
  }
};

}  // namespace

TEST_CASE("mta locate: LocaleMetaData and the log's own folder, sorted by LCID") {
  TempDir dir;
  dir.touch("Microsoft-Windows-Backup%4Operational.evtx");
  dir.touch("LocaleMetaData/Microsoft-Windows-Backup%4Operational_1041.MTA");
  dir.touch("LocaleMetaData/Microsoft-Windows-Backup%4Operational_1033.MTA");
  dir.touch("Microsoft-Windows-Backup%4Operational_1033.MTA");               // shadowed by LocaleMetaData
  dir.touch("microsoft-windows-backup%4operational_2057.mta");               // names compare case-insensitively
  dir.touch("LocaleMetaData/System_1041.MTA");                               // another log
  dir.touch("LocaleMetaData/Microsoft-Windows-Backup%4Operational_ja.MTA");  // no LCID
  const std::string log = (dir.path / "Microsoft-Windows-Backup%4Operational.evtx").string();
  const auto found = evtxdiag::find_mta_files(log);
  REQUIRE(found.size() == 3);
  CHECK(found[0] ==
        MtaLocation{(dir.path / "LocaleMetaData/Microsoft-Windows-Backup%4Operational_1033.MTA").string(), 1033});
  CHECK(found[1].lcid == 1041);
  CHECK(found[2] == MtaLocation{(dir.path / "microsoft-windows-backup%4operational_2057.mta").string(), 2057});

  CHECK(evtxdiag::choose_mta_file(found, "ja")->lcid == 1041);
  CHECK(evtxdiag::choose_mta_file(found, "en")->lcid == 1033);
  CHECK(evtxdiag::choose_mta_file(found, "2057")->lcid == 2057);
  CHECK(evtxdiag::choose_mta_file(found, "fr")->lcid == 1033);  // unknown language: English first
}

TEST_CASE("mta locate: fallback order and empty results") {
  const std::vector<MtaLocation> only_japanese{{"a_1041.MTA", 1041}};
  CHECK(evtxdiag::choose_mta_file(only_japanese, "en")->lcid == 1041);
  const std::vector<MtaLocation> others{{"a_3082.MTA", 3082}, {"a_1031.MTA", 1031}};
  CHECK(evtxdiag::choose_mta_file(others, "ja")->lcid == 1031);
  CHECK_FALSE(evtxdiag::choose_mta_file({}, "ja").has_value());
  CHECK(evtxdiag::find_mta_files("/nonexistent/dir/System.evtx").empty());
  TempDir dir;
  dir.touch("System.evtx");
  CHECK(evtxdiag::find_mta_files((dir.path / "System.evtx").string()).empty());
}

TEST_CASE("mta locate: languages and file names") {
  CHECK(evtxdiag::lcid_for_language("ja") == 1041);
  CHECK(evtxdiag::lcid_for_language("JA-jp") == 1041);
  CHECK(evtxdiag::lcid_for_language("en") == 1033);
  CHECK(evtxdiag::lcid_for_language("1036") == 1036);
  CHECK(evtxdiag::lcid_for_language("klingon") == 0);
  CHECK(evtxdiag::mta_language_preference("ja") == std::vector<std::uint32_t>{1041, 1033});
  CHECK(evtxdiag::mta_language_preference("en") == std::vector<std::uint32_t>{1033, 1041});
  CHECK(evtxdiag::mta_language_preference("") == std::vector<std::uint32_t>{1033, 1041});
  CHECK(evtxdiag::mta_lcid_from_file_name("System_1041.MTA") == 1041);
  CHECK(evtxdiag::mta_lcid_from_file_name("a_b_1033.mta") == 1033);
  CHECK(evtxdiag::mta_lcid_from_file_name("System.MTA") == 0);
  CHECK(evtxdiag::mta_lcid_from_file_name("System_123456.MTA") == 0);
  CHECK(evtxdiag::mta_lcid_from_file_name("System_1041.evtx") == 0);
}

TEST_CASE("mta open_file: missing file throws, LCID from the name") {
  CHECK_THROWS_AS(evtxdiag::MtaCatalog::open_file("/nonexistent/System_1041.MTA"), evtxdiag::Error);
  TempDir dir;
  dir.touch("Bad_1041.MTA");
  const auto catalog = evtxdiag::MtaCatalog::open_file((dir.path / "Bad_1041.MTA").string());
  CHECK(catalog.lcid() == 1041);
  CHECK_FALSE(catalog.ok());
  CHECK(catalog.diagnostics().size() == 1);
}
