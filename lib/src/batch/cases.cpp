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
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
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
    if (is_evtx_name(it->path()))
      evtx.push_back(path);
    else if (is_archive_name(path))
      archives.push_back(path);
  }
}

// The .evtx files lying directly in `dir` (not followed through symbolic links), sorted.
std::vector<std::string> top_level_evtx(const fs::path& dir) {
  std::error_code ec;
  std::vector<std::string> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code status_ec;  // an entry that vanished or cannot be inspected is skipped
    const auto status = fs::symlink_status(it->path(), status_ec);
    if (!status_ec && fs::is_regular_file(status) && is_evtx_name(it->path()))
      files.push_back(it->path().generic_u8string());
  }
  if (ec) throw Error(ErrorKind::io, dir.generic_u8string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

void add_corpus_directory(const fs::path& corpus, std::vector<CaseInfo>& cases) {
  std::error_code ec;
  std::vector<fs::path> children;
  for (fs::directory_iterator it(corpus, ec), end; !ec && it != end; it.increment(ec)) children.push_back(it->path());
  if (ec) throw Error(ErrorKind::io, corpus.generic_u8string() + ": " + ec.message());
  for (const auto& child : children) {
    const auto status = fs::symlink_status(child, ec);
    if (ec || fs::is_symlink(status)) continue;
    const std::string path = child.generic_u8string();
    if (fs::is_directory(status)) {
      CaseInfo sub{path, CaseKind::directory, {}, false};
      std::vector<std::string> archives;
      walk(child, sub.files, archives);
      std::sort(sub.files.begin(), sub.files.end());
      // A folder that only holds archives is a container, not a case of its own.
      if (!sub.files.empty() || archives.empty()) cases.push_back(std::move(sub));
      for (auto& archive : archives) cases.push_back(CaseInfo{archive, CaseKind::archive, {}, false});
    } else if (fs::is_regular_file(status) && is_archive_name(path)) {
      cases.push_back(CaseInfo{path, CaseKind::archive, {}, false});
    }
  }
  CaseInfo loose{corpus.generic_u8string(), CaseKind::directory, top_level_evtx(corpus), true};
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
    if (fs::is_directory(status))
      add_corpus_directory(path, cases);
    else
      cases.push_back(case_of_path(given));
  }
  std::stable_sort(cases.begin(), cases.end(), [](const CaseInfo& a, const CaseInfo& b) { return a.path < b.path; });
  std::set<std::string> seen;
  cases.erase(
      std::remove_if(cases.begin(), cases.end(), [&](const CaseInfo& c) { return !seen.insert(c.path).second; }),
      cases.end());
  return cases;
}

CaseInfo case_of_path(const std::string& given, bool top_level_only) {
  std::error_code ec;
  const fs::path path = fs::u8path(given);  // paths are UTF-8 on every platform
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw Error(ErrorKind::io, given + ": no such file or directory");
  const std::string name = path.generic_u8string();
  if (fs::is_directory(status)) {
    if (top_level_only) return CaseInfo{name, CaseKind::directory, top_level_evtx(path), true};
    CaseInfo tree{name, CaseKind::directory, {}, false};
    std::vector<std::string> archives;  // cases of their own
    walk(path, tree.files, archives);
    std::sort(tree.files.begin(), tree.files.end());
    return tree;
  }
  if (!fs::is_regular_file(status)) throw Error(ErrorKind::io, given + ": neither a file nor a directory");
  if (is_archive_name(given)) return CaseInfo{name, CaseKind::archive, {}, false};
  return CaseInfo{name, CaseKind::file, {name}, false};
}

}  // namespace evtxdiag
