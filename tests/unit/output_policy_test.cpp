// The output rules (evtxdiag/output.hpp): no path, link or flag lets a run write over what it
// reads; --force lifts only the rules meant to be lifted; refused writes leave no trace.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "evtxdiag/error.hpp"
#include "evtxdiag/output.hpp"

using namespace evtxdiag;
namespace fs = std::filesystem;

namespace {

struct Folder {
  Folder() {
    char pattern[] = "/tmp/evtxdiag-output-XXXXXX";
    path = ::mkdtemp(pattern);
  }
  ~Folder() { fs::remove_all(path); }
  std::string file(const std::string& name, const std::string& content = "log bytes") const {
    const fs::path p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  fs::path path;
};

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

ErrorKind kind_of_write(const std::string& path, const OutputPolicy& policy) {
  try {
    write_output(path, "report", policy);
  } catch (const Error& e) {
    return e.kind();
  }
  FAIL("write_output did not throw for " << path);
  return ErrorKind::internal;
}

bool no_temporary_files(const fs::path& folder) {
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) return false;
  return true;
}

}  // namespace

TEST_CASE("an input file is never overwritten, whatever the path or flag") {
  Folder tmp;
  const std::string log = tmp.file("case/System.evtx");
  const std::string case_dir = (tmp.path / "case").string();
  for (bool force : {false, true}) {
    CAPTURE(force);
    CHECK(kind_of_write(log, {{log}, force}) == ErrorKind::refused);
    CHECK(kind_of_write(log, {{case_dir}, force}) == ErrorKind::refused);  // a log inside a folder read
    CHECK(kind_of_write(case_dir + "/../case/./System.evtx", {{log}, force}) == ErrorKind::refused);
    fs::create_symlink(log, tmp.path / "link.txt");
    CHECK(kind_of_write((tmp.path / "link.txt").string(), {{log}, force}) == ErrorKind::refused);
    fs::remove(tmp.path / "link.txt");
    fs::create_hard_link(log, tmp.path / "hard.txt");
    CHECK(kind_of_write((tmp.path / "hard.txt").string(), {{log}, force}) == ErrorKind::refused);
    fs::remove(tmp.path / "hard.txt");
  }
  CHECK(read(log) == "log bytes");
  CHECK(no_temporary_files(tmp.path));
}

TEST_CASE("a folder being read takes no output unless forced") {
  Folder tmp;
  tmp.file("case/System.evtx");
  const std::string case_dir = (tmp.path / "case").string();
  const std::string report = case_dir + "/sub/report.html";
  fs::create_directories(case_dir + "/sub");
  CHECK(kind_of_write(report, {{case_dir}, false}) == ErrorKind::refused);
  CHECK_FALSE(fs::exists(report));
  write_output(report, "report", {{case_dir}, true});
  CHECK(read(report) == "report");
  // Outside the folder: allowed, and an existing report is replaced.
  const std::string beside = (tmp.path / "report.html").string();
  write_output(beside, "one", {{case_dir}, false});
  write_output(beside, "two", {{case_dir}, false});
  CHECK(read(beside) == "two");
}

TEST_CASE("an existing .evtx, .MTA or archive is kept unless forced, even when not an input") {
  Folder tmp;
  for (const char* name : {"other.evtx", "x/System_1041.MTA", "logs.ZIP", "logs.tar.gz"}) {
    CAPTURE(name);
    const std::string path = tmp.file(name);
    CHECK(kind_of_write(path, {{}, false}) == ErrorKind::refused);
    CHECK(read(path) == "log bytes");
    write_output(path, "report", {{}, true});
    CHECK(read(path) == "report");
  }
  CHECK(no_temporary_files(tmp.path));
}

TEST_CASE("a missing folder or a folder as target is an io error that says why") {
  Folder tmp;
  try {
    write_output((tmp.path / "nosuchdir/r.html").string(), "x", {});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::io);
    CHECK(std::string(e.what()).find("does not exist") != std::string::npos);
  }
  CHECK(kind_of_write(tmp.path.string(), {}) == ErrorKind::io);
}

TEST_CASE("OutputFile streams into a temporary file and replaces the target only on commit") {
  Folder tmp;
  const std::string target = tmp.file("out.jsonl", "old");
  {
    OutputFile file(target, {});
    for (int i = 0; i < 100000; ++i) file.stream() << "line " << i << '\n';  // several 64 KiB blocks
    CHECK(read(target) == "old");
  }  // destroyed without commit
  CHECK(read(target) == "old");
  CHECK(no_temporary_files(tmp.path));
  OutputFile file(target, {});
  file.stream() << "new\n";
  file.commit();
  CHECK(read(target) == "new\n");
  CHECK((fs::status(target).permissions() & fs::perms::others_read) != fs::perms::none);
}
