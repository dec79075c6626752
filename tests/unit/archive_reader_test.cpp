// read_archive_evtx() on zips built byte by byte here (stored entries, so every header field,
// including unix link modes and hostile names, is exactly what the test says), list_cases()
// on a temporary tree, is_archive_name().
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "evtxdiag/batch.hpp"
#include "evtxdiag/error.hpp"
#include "format/format.hpp"

using namespace evtxdiag;
namespace fs = std::filesystem;

namespace {

struct ZipEntry {
  std::string name;
  std::string data;
  std::uint32_t unix_mode = 0100644;  ///< S_IFREG; 0120777 makes a symbolic link, 040755 a directory
  unsigned flags = 0;                 ///< general purpose bits; 0x800 = the name is UTF-8
};

void put16(std::string& out, unsigned v) {
  out += static_cast<char>(v & 0xff), out += static_cast<char>((v >> 8) & 0xff);
}
void put32(std::string& out, std::uint32_t v) { put16(out, v & 0xffff), put16(out, v >> 16); }

// A zip of stored (uncompressed) entries with unix attributes.
std::string make_zip(const std::vector<ZipEntry>& entries) {
  std::string body, directory;
  for (const auto& e : entries) {
    const auto crc = evtx::crc32(reinterpret_cast<const std::uint8_t*>(e.data.data()), e.data.size());
    const auto offset = static_cast<std::uint32_t>(body.size());
    put32(body, 0x04034b50), put16(body, 20), put16(body, e.flags), put16(body, 0), put16(body, 0), put16(body, 0x21);
    put32(body, crc), put32(body, static_cast<std::uint32_t>(e.data.size())),
        put32(body, static_cast<std::uint32_t>(e.data.size()));
    put16(body, static_cast<unsigned>(e.name.size())), put16(body, 0);
    body += e.name + e.data;
    put32(directory, 0x02014b50), put16(directory, (3u << 8) | 20), put16(directory, 20), put16(directory, e.flags),
        put16(directory, 0);
    put16(directory, 0), put16(directory, 0x21), put32(directory, crc);
    put32(directory, static_cast<std::uint32_t>(e.data.size())),
        put32(directory, static_cast<std::uint32_t>(e.data.size()));
    put16(directory, static_cast<unsigned>(e.name.size())), put16(directory, 0), put16(directory, 0),
        put16(directory, 0);
    put16(directory, 0), put32(directory, e.unix_mode << 16), put32(directory, offset);
    directory += e.name;
  }
  std::string out = body + directory;
  put32(out, 0x06054b50), put16(out, 0), put16(out, 0), put16(out, static_cast<unsigned>(entries.size()));
  put16(out, static_cast<unsigned>(entries.size())), put32(out, static_cast<std::uint32_t>(directory.size()));
  put32(out, static_cast<std::uint32_t>(body.size())), put16(out, 0);
  return out;
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "archive-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& bytes) const {
    const fs::path file = path / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << bytes;
    return file.generic_string();
  }
};

// The Error thrown by read_archive_evtx, or a failed check when none is thrown.
Error refusal(const std::string& archive, const ArchiveLimits& limits = {}) {
  try {
    (void)read_archive_evtx(archive, limits);
  } catch (const Error& e) {
    return e;
  }
  FAIL("no error for " << archive);
  return Error(ErrorKind::internal, "");
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("evtx members are read into memory under archive-qualified names; other entries are skipped") {
  TempDir tmp;
  const auto zip = tmp.write("case.zip", make_zip({{"logs/", "", 040755},
                                                   {"logs/System.evtx", "system bytes"},
                                                   {"./logs/App.EVTX", "app"},
                                                   {"readme.txt", "hello"}}));
  const ArchiveContents contents = read_archive_evtx(zip);
  REQUIRE(contents.evtx.size() == 2);
  CHECK(contents.evtx[0].name == zip + "!/logs/System.evtx");
  CHECK(std::string(contents.evtx[0].bytes.begin(), contents.evtx[0].bytes.end()) == "system bytes");
  CHECK(contents.evtx[1].name == zip + "!/logs/App.EVTX");
  CHECK(contents.skipped_entries == 2);
  CHECK(read_archive_evtx(tmp.write("empty.zip", make_zip({}))).evtx.empty());
}

TEST_CASE("hostile entries refuse the whole archive with a message naming the entry") {
  TempDir tmp;
  const std::vector<std::pair<ZipEntry, std::string>> cases = {
      {{"../x.evtx", "x"}, "'..' component"},
      {{"a/../../x.evtx", "x"}, "'..' component"},
      {{"a\\..\\..\\x.evtx", "x"}, "'..' component"},
      {{"/tmp/x.evtx", "x"}, "absolute path"},
      {{"\\\\server\\x.evtx", "x"}, "absolute path"},
      {{"C:/x.evtx", "x"}, "drive letter"},
      {{"link.evtx", "/etc/passwd", 0120777}, "symbolic link"},
      {{"other-link", "/etc", 0120777}, "symbolic link"},  // links are refused whatever their name
  };
  for (const auto& hostile : cases) {
    const auto& [entry, why] = hostile;
    CAPTURE(hostile.first.name);  // (clang 14: a structured binding cannot be captured)
    const auto zip = tmp.write("hostile.zip", make_zip({{"good.evtx", "g"}, entry}));
    const Error e = refusal(zip);
    CHECK(e.kind() == ErrorKind::invalid_input);
    CHECK(contains(e.what(), "archive refused"));
    CHECK(contains(e.what(), why));
    std::string shown = entry.name;  // libarchive reports zip names with '/' separators
    std::replace(shown.begin(), shown.end(), '\\', '/');
    CHECK(contains(e.what(), shown));
  }
}

TEST_CASE("size, total, ratio and entry-count limits") {
  TempDir tmp;
  const auto zip =
      tmp.write("sizes.zip", make_zip({{"a.evtx", std::string(1000, 'a')}, {"b.evtx", std::string(1000, 'b')}}));
  CHECK(read_archive_evtx(zip).evtx.size() == 2);
  ArchiveLimits member;
  member.max_member_bytes = 999;
  CHECK(contains(refusal(zip, member).what(), "over the limit of 999"));
  ArchiveLimits total;
  total.max_total_bytes = 1500;
  CHECK(contains(refusal(zip, total).what(), "'b.evtx' takes the archive over its limit of 1500"));
  ArchiveLimits ratio;
  ratio.ratio_floor_bytes = 0;
  ratio.max_ratio = 0.5;  // stored entries expand about 1:1
  CHECK(contains(refusal(zip, ratio).what(), "compression bomb"));
  ArchiveLimits entries;
  entries.max_entries = 1;
  CHECK(contains(refusal(zip, entries).what(), "more than 1 entries"));
}

TEST_CASE("unreadable archives are io errors, not refusals") {
  TempDir tmp;
  const std::string good = make_zip({{"a.evtx", std::string(5000, 'a')}, {"b.evtx", std::string(5000, 'b')}});
  CHECK(refusal(tmp.write("truncated.zip", good.substr(0, good.size() / 2))).kind() == ErrorKind::io);
  CHECK(refusal(tmp.write("junk.zip", std::string(300, 'j'))).kind() == ErrorKind::io);
  CHECK(refusal((tmp.path / "missing.zip").string()).kind() == ErrorKind::io);
}

TEST_CASE("archive names") {
  CHECK(is_archive_name("a/B.ZIP"));
  CHECK(is_archive_name("x.tar.gz"));
  CHECK(is_archive_name("x.tgz"));
  CHECK(is_archive_name("x.7z"));
  CHECK_FALSE(is_archive_name("System.evtx"));
  CHECK_FALSE(is_archive_name("zip"));
}

TEST_CASE("list_cases: subdirectories, loose files, archives at any depth, sorted") {
  TempDir tmp;
  const std::string root = tmp.path.generic_string();
  tmp.write("corpus/loose.evtx", "x");
  tmp.write("corpus/b-case/deep/er/System.evtx", "x");
  tmp.write("corpus/b-case/Application.evtx", "x");
  tmp.write("corpus/b-case/inner.zip", "x");
  tmp.write("corpus/a-empty/notes.txt", "x");
  tmp.write("corpus/only-archives/one.tar.gz", "x");
  tmp.write("corpus/top.zip", "x");
  const auto cases = list_cases({root + "/corpus", root + "/corpus/top.zip", root + "/corpus/loose.evtx"});
  std::vector<std::string> paths;
  for (const auto& c : cases) paths.push_back(c.path.substr(root.size() + 1) + ":" + to_string(c.kind));
  CHECK(paths == std::vector<std::string>{"corpus:directory", "corpus/a-empty:directory", "corpus/b-case:directory",
                                          "corpus/b-case/inner.zip:archive", "corpus/loose.evtx:file",
                                          "corpus/only-archives/one.tar.gz:archive", "corpus/top.zip:archive"});
  CHECK(cases[0].files == std::vector<std::string>{root + "/corpus/loose.evtx"});
  CHECK(cases[1].files.empty());
  CHECK(cases[2].files == std::vector<std::string>{root + "/corpus/b-case/Application.evtx",
                                                   root + "/corpus/b-case/deep/er/System.evtx"});
  CHECK_THROWS_AS(list_cases({root + "/nope"}), Error);
}

TEST_CASE("entry names: UTF-8 flagged or not, CP932 from Japanese Explorer, all as UTF-8") {
  TempDir tmp;
  const std::string log = "log bytes";                                    // member content is not parsed here
  const std::string tokyo_utf8 = "\xE6\x9D\xB1\xE4\xBA\xAC/System.evtx";  // 東京/System.evtx
  const std::string tokyo_cp932 = "\x93\x8C\x8B\x9E/System.evtx";         // the same in CP932
  const std::string mta = "\xE6\x9D\xB1\xE4\xBA\xAC/LocaleMetaData/System_1041.MTA";
  for (const auto& [label, zip] : std::vector<std::pair<std::string, std::string>>{
           {"flagged", make_zip({{tokyo_utf8, log, 0100644, 0x800}, {mta, "MTA", 0100644, 0x800}})},
           {"unflagged utf-8", make_zip({{tokyo_utf8, log}, {mta, "MTA"}})},
           {"cp932", make_zip({{tokyo_cp932, log}})}}) {
    const std::string& case_label = label;  // (clang 14: a structured binding cannot be captured)
    CAPTURE(case_label);
    const std::string path = tmp.write(label + ".zip", zip);
    const ArchiveContents contents = read_archive(path);
    REQUIRE(contents.evtx.size() == 1);
    CHECK(contents.evtx[0].name == path + "!/" + tokyo_utf8);
    if (label != "cp932") {
      REQUIRE(contents.locale_files.size() == 1);
      CHECK(contents.locale_files[0].name == path + "!/" + mta);
    }
  }
}
