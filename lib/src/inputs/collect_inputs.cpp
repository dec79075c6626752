// collect_inputs(): paths -> the logs (and archived .MTA files) of a case.
#include <algorithm>
#include <filesystem>
#include <system_error>

#include "evtxdiag/batch.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/inputs.hpp"

namespace evtxdiag {
namespace {

namespace fs = std::filesystem;

std::string lower_ascii(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

bool is_log_name(const fs::path& path) { return lower_ascii(path.extension().u8string()) == ".evtx"; }

CaseFile on_disk(const std::string& path) {
  CaseFile file;
  file.name = path;
  file.path = path;
  return file;
}

// An archive's logs and locale files, or one unreadable entry saying why.
void add_archive(const std::string& path, const ArchiveLimits& limits, CaseInputs& out) {
  try {
    ArchiveContents contents = read_archive(path, limits);
    for (EvtxBuffer& member : contents.evtx)
      out.logs.push_back({std::move(member.name), {}, std::move(member.bytes), {}});
    for (EvtxBuffer& member : contents.locale_files)
      out.locale_files.push_back({std::move(member.name), {}, std::move(member.bytes), {}});
  } catch (const Error& e) {
    CaseFile broken;
    broken.name = path;
    broken.error = e.what();
    out.logs.push_back(std::move(broken));
  }
}

}  // namespace

CaseInputs collect_inputs(const std::vector<std::string>& paths, const ArchiveLimits& limits) {
  CaseInputs out;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::path given = fs::u8path(path);  // paths are UTF-8 on every platform
    const auto status = fs::status(given, ec);
    if (ec || !fs::exists(status)) throw Error(ErrorKind::io, path + ": no such file or directory");
    if (!fs::is_directory(status)) {
      if (is_archive_name(path))
        add_archive(path, limits, out);
      else
        out.logs.push_back(on_disk(path));
      continue;
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(given, ec), end; !ec && it != end; it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      const std::string name = it->path().generic_u8string();
      if (is_log_name(it->path()) || is_archive_name(name)) found.push_back(name);
    }
    if (ec) throw Error(ErrorKind::io, path + ": " + ec.message());
    std::sort(found.begin(), found.end());
    for (const std::string& file : found) {
      if (is_archive_name(file))
        add_archive(file, limits, out);
      else
        out.logs.push_back(on_disk(file));
    }
  }
  return out;
}

}  // namespace evtxdiag
