// The portable platform layer (lib/src/platform/*_portable.cpp), built into its own test
// program on Linux: it is what the browser build uses, and nothing else here would run it.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "digest_answers.hpp"
#include "evtxdiag/error.hpp"
#include "platform/atomic_file.hpp"
#include "platform/digest.hpp"
#include "platform/dynamic_library.hpp"
#include "platform/files.hpp"
#include "platform/isolated_runs.hpp"
#include "platform/path_identity.hpp"
#include "platform/utf8_locale.hpp"

using namespace evtxdiag;
namespace fs = std::filesystem;

namespace {

struct Folder {
  Folder() {
    char pattern[] = "/tmp/evtxdiag-portable-XXXXXX";
    path = ::mkdtemp(pattern);
  }
  ~Folder() { fs::remove_all(path); }
  fs::path path;
};

}  // namespace

TEST_CASE("FileBytes reads a whole file into memory; a folder or a missing file is an io error") {
  Folder tmp;
  const std::string file = (tmp.path / "x.evtx").string();
  std::ofstream(file, std::ios::binary) << "ElfFile\0 and more";
  const platform::FileBytes bytes = platform::FileBytes::load(file);
  CHECK_FALSE(bytes.mapped());
  CHECK(std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()) == "ElfFile");
  CHECK_THROWS_AS(platform::FileBytes::load(tmp.path.string()), Error);
  CHECK_THROWS_AS(platform::FileBytes::load((tmp.path / "missing.evtx").string()), Error);

  const platform::ReadOnlyFile reader(file);
  REQUIRE(reader.is_open());
  std::uint8_t out[4] = {};
  CHECK(reader.read_at(3, out, 4) == 4);
  CHECK(std::string(reinterpret_cast<char*>(out), 4) == "File");
  CHECK(reader.read_at(100, out, 4) == 0);
  CHECK_FALSE(platform::ReadOnlyFile((tmp.path / "missing").string()).is_open());
}

TEST_CASE("AtomicFile puts the file in place on commit only") {
  Folder tmp;
  const std::string target = (tmp.path / "report.html").string();
  {
    platform::AtomicFile file(target);
    file.write("half", 4);
  }
  CHECK_FALSE(fs::exists(target));
  CHECK(std::distance(fs::directory_iterator(tmp.path), fs::directory_iterator()) == 0);
  platform::AtomicFile file(target);
  file.write("whole", 5);
  file.commit();
  std::ifstream in(target);
  CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == "whole");
}

TEST_CASE("no shared libraries, no processes: refused and sequential, said honestly") {
  std::string error;
  CHECK(platform::load_library("libarchive.so.13", error) == nullptr);
  CHECK(error.find("cannot load libarchive.so.13") != std::string::npos);
  CHECK_FALSE(platform::runs_are_isolated());
  std::vector<std::size_t> order;
  platform::run_isolated(
      3, 2, 1.0,
      [](std::size_t i) -> std::string {
        if (i == 1) throw std::runtime_error("bad case");
        return "case " + std::to_string(i);
      },
      [&](std::size_t i, platform::IsolatedOutcome&& outcome) {
        order.push_back(i);
        if (i == 1)
          CHECK(outcome.failure.find("bad case") != std::string::npos);
        else
          CHECK(outcome.message == "case " + std::to_string(i));
      });
  CHECK(order == std::vector<std::size_t>{0, 1, 2});
  const platform::Utf8LocaleScope scope;  // nothing to do, and nothing breaks
}

TEST_CASE("path identity: existing paths resolved through links and dots, names compared as bytes") {
  Folder tmp;
  fs::create_directory(tmp.path / "case");
  std::ofstream(tmp.path / "case" / "System.evtx") << "log";
  fs::create_directory_symlink(tmp.path / "case", tmp.path / "link");
  const fs::path real = fs::canonical(tmp.path / "case" / "System.evtx");
  CHECK(platform::stored_path(tmp.path / "case" / ".." / "case" / "System.evtx") == real);
  CHECK(platform::stored_path(tmp.path / "link" / "System.evtx") == real);
  CHECK(platform::stored_path(tmp.path / "case" / "missing.evtx").empty());
  CHECK(platform::same_entry_name("System.evtx", "System.evtx"));
  CHECK_FALSE(platform::same_entry_name("System.evtx", "SYSTEM.EVTX"));  // a POSIX-like file system
}

TEST_CASE("the standard C++ SHA-256 gives the FIPS 180-4 answers and hashlib's at block boundaries") {
  test::check_sha256_answers(&platform::sha256_hex);
}
