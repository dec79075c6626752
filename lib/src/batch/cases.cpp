// Listing the cases of a corpus (the rules are documented on list_cases in batch.hpp).
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "evtxdiag/batch.hpp"
#include "evtxdiag/error.hpp"

namespace evtxdiag {
namespace {

namespace fs = std::filesystem;

bool is_evtx_name(const fs::path& path) {
  std::string ext = path.extension().u8string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".evtx";
}

// Regular files under `dir` at any depth (symbolic links not followed), split into .evtx
// files and archives. Unreadable subdirectories are skipped: the case then reports what it has.
void walk(const fs::path& dir, std::vector<std::string>& evtx, std::vector<std::string>& archives) {
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    const std::string path = it->path().generic_u8string();
    if (is_evtx_name(it->path())) evtx.push_back(path);
    else if (is_archive_name(path)) archives.push_back(path);
  }
}

void add_corpus_directory(const fs::path& corpus, std::vector<CaseInfo>& cases) {
  std::error_code ec;
  CaseInfo loose{corpus.generic_u8string(), CaseKind::directory, {}};
  std::vector<fs::path> children;
  for (fs::directory_iterator it(corpus, ec), end; !ec && it != end; it.increment(ec)) children.push_back(it->path());
  if (ec) throw Error(ErrorKind::io, corpus.generic_u8string() + ": " + ec.message());
  for (const auto& child : children) {
    const auto status = fs::symlink_status(child, ec);
    if (ec || fs::is_symlink(status)) continue;
    const std::string path = child.generic_u8string();
    if (fs::is_directory(status)) {
      CaseInfo sub{path, CaseKind::directory, {}};
      std::vector<std::string> archives;
      walk(child, sub.files, archives);
      std::sort(sub.files.begin(), sub.files.end());
      // A folder that only holds archives is a container, not a case of its own.
      if (!sub.files.empty() || archives.empty()) cases.push_back(std::move(sub));
      for (auto& archive : archives) cases.push_back(CaseInfo{archive, CaseKind::archive, {}});
    } else if (fs::is_regular_file(status)) {
      if (is_evtx_name(child)) loose.files.push_back(path);
      else if (is_archive_name(path)) cases.push_back(CaseInfo{path, CaseKind::archive, {}});
    }
  }
  std::sort(loose.files.begin(), loose.files.end());
  if (!loose.files.empty()) cases.push_back(std::move(loose));
}

}  // namespace

const char* to_string(CaseKind kind) noexcept {
  switch (kind) {
    case CaseKind::directory: return "directory";
    case CaseKind::archive: return "archive";
    case CaseKind::file: return "file";
  }
  return "directory";
}

const char* to_string(CaseStatus status) noexcept {
  switch (status) {
    case CaseStatus::ok: return "ok";
    case CaseStatus::partial: return "partial";
    case CaseStatus::unreadable: return "unreadable";
    case CaseStatus::empty: return "empty";
    case CaseStatus::refused: return "refused";
    case CaseStatus::broken: return "broken";
    case CaseStatus::timeout: return "timeout";
    case CaseStatus::crashed: return "crashed";
  }
  return "broken";
}

std::vector<CaseInfo> list_cases(const std::vector<std::string>& corpus_paths) {
  std::vector<CaseInfo> cases;
  for (const auto& given : corpus_paths) {
    std::error_code ec;
    const fs::path path = fs::u8path(given);  // paths are UTF-8 on every platform
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw Error(ErrorKind::io, given + ": no such file or directory");
    if (fs::is_directory(status)) add_corpus_directory(path, cases);
    else if (!fs::is_regular_file(status)) throw Error(ErrorKind::io, given + ": neither a file nor a directory");
    else if (is_archive_name(given)) cases.push_back(CaseInfo{path.generic_u8string(), CaseKind::archive, {}});
    else cases.push_back(CaseInfo{path.generic_u8string(), CaseKind::file, {path.generic_u8string()}});
  }
  std::stable_sort(cases.begin(), cases.end(), [](const CaseInfo& a, const CaseInfo& b) { return a.path < b.path; });
  std::set<std::string> seen;
  cases.erase(std::remove_if(cases.begin(), cases.end(), [&](const CaseInfo& c) { return !seen.insert(c.path).second; }),
              cases.end());
  return cases;
}

}  // namespace evtxdiag
