// Reading the .evtx members of untrusted archives with libarchive, into memory only.
// This is the only file that includes archive.h: the rest of the library sees EvtxBuffer.
#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include "evtxdiag/batch.hpp"
#include "evtxdiag/error.hpp"

namespace evtxdiag {
namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

using ArchivePtr = std::unique_ptr<struct archive, int (*)(struct archive*)>;

// Only the formats and filters customers send. Deliberately not archive_read_support_*_all():
// that would add mtree (whose entries can name files on this machine), formats nobody sends,
// and filters that run external programs.
ArchivePtr open_archive(const std::string& path) {
  ArchivePtr a(archive_read_new(), archive_read_free);
  if (!a) throw Error(ErrorKind::internal, path + ": cannot allocate an archive reader");
  archive_read_support_format_zip(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  archive_read_support_format_7zip(a.get());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_bzip2(a.get());
  archive_read_support_filter_xz(a.get());
  archive_read_support_filter_zstd(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 64 * 1024) != ARCHIVE_OK)
    throw Error(ErrorKind::io, path + ": cannot read the archive: " + archive_error_string(a.get()));
  return a;
}

[[noreturn]] void refuse(const std::string& archive, const std::string& entry, const std::string& why) {
  throw Error(ErrorKind::invalid_input, archive + ": archive refused: entry '" + entry + "' " + why);
}

// The entry path checks: nothing may point outside the archive's own tree, whichever
// separator or drive syntax the archiver used.
void check_entry_path(const std::string& archive, const std::string& name) {
  if (name.empty()) refuse(archive, name, "has an empty name");
  if (name.find('\0') != std::string::npos) refuse(archive, name, "has a NUL in its name");
  if (name.front() == '/' || name.front() == '\\') refuse(archive, name, "has an absolute path");
  if (name.size() >= 2 && std::isalpha(static_cast<unsigned char>(name[0])) && name[1] == ':')
    refuse(archive, name, "has an absolute path (drive letter)");
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = name.find_first_of("/\\", start);
    const std::string part = name.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (part == "..") refuse(archive, name, "has a '..' component (it would escape the archive)");
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

std::string display_name(std::string name) {
  while (name.rfind("./", 0) == 0) name.erase(0, 2);
  return name;
}

}  // namespace

bool is_archive_name(const std::string& path) {
  const std::string name = lowercase(path);
  for (const char* suffix : {".zip", ".7z", ".tar", ".tgz", ".tar.gz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tar.zst"})
    if (ends_with(name, suffix)) return true;
  return false;
}

ArchiveContents read_archive_evtx(const std::string& archive_path, const ArchiveLimits& limits) {
  struct stat info {};
  if (::stat(archive_path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
    throw Error(ErrorKind::io, archive_path + ": not a readable file");
  const auto archive_bytes = static_cast<std::uint64_t>(info.st_size);
  const double ratio_budget = limits.max_ratio * static_cast<double>(std::max<std::uint64_t>(archive_bytes, 1));

  ArchivePtr a = open_archive(archive_path);
  ArchiveContents contents;
  std::uint64_t total = 0;
  std::size_t entries = 0;
  std::vector<char> block(64 * 1024);
  for (;;) {
    struct archive_entry* entry = nullptr;
    const int status = archive_read_next_header(a.get(), &entry);
    if (status == ARCHIVE_EOF) break;
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
      throw Error(ErrorKind::io, archive_path + ": broken archive: " + archive_error_string(a.get()));
    if (++entries > limits.max_entries)
      throw Error(ErrorKind::invalid_input, archive_path + ": archive refused: more than " +
                                                std::to_string(limits.max_entries) + " entries");
    const char* raw_name = archive_entry_pathname(entry);
    const std::string name = raw_name ? raw_name : "";
    check_entry_path(archive_path, name);
    if (archive_entry_hardlink(entry)) refuse(archive_path, name, "is a hard link");
    const auto type = archive_entry_filetype(entry);
    if (type == AE_IFLNK) refuse(archive_path, name, "is a symbolic link");
    if (type == AE_IFDIR) {
      ++contents.skipped_entries;
      continue;
    }
    if (type != AE_IFREG) refuse(archive_path, name, "is not a regular file (device, fifo or socket)");
    if (archive_entry_is_encrypted(entry)) refuse(archive_path, name, "is encrypted");
    if (!ends_with(lowercase(name), ".evtx")) {
      ++contents.skipped_entries;
      continue;  // the next header call skips its data
    }
    if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > 0 &&
        static_cast<std::uint64_t>(archive_entry_size(entry)) > limits.max_member_bytes)
      refuse(archive_path, name, "declares " + std::to_string(archive_entry_size(entry)) + " bytes, over the limit of " +
                                     std::to_string(limits.max_member_bytes));

    EvtxBuffer buffer;
    buffer.name = archive_path + "!/" + display_name(name);
    // Sizes in headers can lie: the limits are enforced on the bytes actually produced.
    for (;;) {
      const la_ssize_t got = archive_read_data(a.get(), block.data(), block.size());
      if (got == 0) break;
      if (got < 0)
        throw Error(ErrorKind::io, archive_path + ": broken archive: entry '" + name + "': " + archive_error_string(a.get()));
      const auto n = static_cast<std::uint64_t>(got);
      if (buffer.bytes.size() + n > limits.max_member_bytes)
        refuse(archive_path, name, "is larger than the limit of " + std::to_string(limits.max_member_bytes) + " bytes");
      total += n;
      if (total > limits.max_total_bytes)
        refuse(archive_path, name, "takes the archive over its limit of " + std::to_string(limits.max_total_bytes) +
                                       " uncompressed bytes");
      if (total > limits.ratio_floor_bytes && static_cast<double>(total) > ratio_budget)
        refuse(archive_path, name, "expands over " + std::to_string(static_cast<long long>(limits.max_ratio)) +
                                       " times the archive's size (compression bomb?)");
      buffer.bytes.insert(buffer.bytes.end(), block.data(), block.data() + got);
    }
    contents.evtx.push_back(std::move(buffer));
  }
  return contents;
}

}  // namespace evtxdiag
