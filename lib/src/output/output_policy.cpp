// The output rules of evtxdiag/output.hpp, checked with std::filesystem and the platform's idea of
// a name (platform/path_identity.hpp): symbolic links, "..", hard links, relative paths and, on
// Windows, another letter case or a short name all resolve to the same file before comparing.
#include <algorithm>
#include <filesystem>
#include <system_error>
#include <vector>

#include "evtxdiag/batch.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/output.hpp"
#include "platform/path_identity.hpp"

namespace evtxdiag {
namespace {

namespace fs = std::filesystem;

std::string lower_ascii(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The absolute path with its existing part named as the file system names it (links, "." and
// "..", and on Windows letter case and short names resolved), then the names that do not exist.
fs::path resolved(const fs::path& path) {
  std::error_code error;
  fs::path absolute = fs::absolute(path, error);
  if (error) return path.lexically_normal();
  absolute = absolute.lexically_normal();
  std::vector<fs::path> missing;  // innermost first
  for (fs::path existing = absolute; !existing.empty(); existing = existing.parent_path()) {
    fs::path stored = platform::stored_path(existing);
    if (!stored.empty()) {
      for (auto name = missing.rbegin(); name != missing.rend(); ++name) stored /= *name;
      return stored;
    }
    if (existing == existing.root_path() || !existing.has_filename()) break;
    missing.push_back(existing.filename());
  }
  return absolute;
}

// True when `path` lies somewhere below `folder` (both resolved), name by name as the file
// system compares names.
bool is_inside(const fs::path& path, const fs::path& folder) {
  auto p = path.begin();
  for (auto f = folder.begin(); f != folder.end(); ++f, ++p) {
    if (f->empty()) continue;  // a trailing separator
    if (p == path.end() || !platform::same_entry_name(*p, *f)) return false;
  }
  return p != path.end();
}

// True when two resolved paths name the same entry.
bool same_path(const fs::path& a, const fs::path& b) {
  auto x = a.begin();
  auto y = b.begin();
  for (; x != a.end() && y != b.end(); ++x, ++y)
    if (!platform::same_entry_name(*x, *y)) return false;
  return x == a.end() && y == b.end();
}

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw Error(ErrorKind::refused, "refusing to write " + path + ": " + why);
}

}  // namespace

bool is_protected_output_name(const std::string& path) {
  const std::string name = lower_ascii(path);
  return ends_with(name, ".evtx") || ends_with(name, ".mta") || is_archive_name(name);
}

void check_output_path(const std::string& path, const OutputPolicy& policy) {
  if (path.empty()) throw Error(ErrorKind::invalid_input, "an output path is empty");
  const fs::path given = fs::u8path(path);
  std::error_code error;
  fs::path folder = given.parent_path();
  if (folder.empty()) folder = ".";
  if (!fs::is_directory(folder, error))
    throw Error(ErrorKind::io, "cannot write " + path + ": the folder '" + folder.u8string() +
                                   "' does not exist; create it first or choose another path");
  const bool exists = fs::exists(given, error);
  if (exists && fs::is_directory(given, error))
    throw Error(ErrorKind::io, "cannot write " + path + ": it is a folder; give a file name, e.g. " +
                                   (given / "report.html").u8string());
  const fs::path target = resolved(given);
  const bool protected_name = is_protected_output_name(target.filename().u8string());

  for (const std::string& input : policy.inputs) {
    const fs::path read = fs::u8path(input);
    if (!fs::exists(read, error)) continue;
    if (!fs::is_directory(read, error)) {
      if (exists && (fs::equivalent(given, read, error) || same_path(target, resolved(read))))
        refuse(path, "it is an input of this run (" + input + "); write the output to another file");
      continue;
    }
    const fs::path read_folder = resolved(read);
    if (!is_inside(target, read_folder)) continue;
    if (exists && protected_name)
      refuse(path, "it is a log inside '" + input + "', which this run reads; write the output to another file");
    if (!policy.force)
      refuse(path, "it is inside '" + input +
                       "', which this run reads (a later run would read the output as "
                       "input); write it elsewhere, or allow it with --force");
  }
  if (exists && protected_name && !policy.force)
    refuse(path,
           "it is an existing .evtx, .MTA or archive file, perhaps a customer's log; choose another "
           "name, or allow overwriting it with --force");
}

}  // namespace evtxdiag
