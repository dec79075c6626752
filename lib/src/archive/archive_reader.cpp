// Reading the .evtx members of untrusted archives with libarchive, into memory only.
// Only this file (and archive/libarchive_*.cpp, which reach libarchive: loaded on first use on
// Linux, linked on Windows) includes archive.h: the rest of the library sees EvtxBuffer.
#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include "archive/entry_names.hpp"
#include "archive/libarchive_api.hpp"
#include "core/utf8.hpp"
#include "evtxdiag/batch.hpp"
#include "evtxdiag/error.hpp"
#include "platform/files.hpp"
#include "platform/utf8_locale.hpp"

namespace evtxdiag {
namespace {

// A wide string as UTF-8: UTF-16 where wchar_t has two bytes (Windows), UTF-32 elsewhere.
// Unpaired surrogates become U+FFFD.
std::string wide_to_utf8(const wchar_t* wide) {
  std::string out;
  for (; *wide != 0; ++wide) {
    char32_t c = static_cast<char32_t>(*wide);
    if constexpr (sizeof(wchar_t) == 2) {
      c &= 0xFFFF;
      if (c >= 0xD800 && c <= 0xDBFF && wide[1] >= 0xDC00 && wide[1] <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (static_cast<char32_t>(wide[1]) - 0xDC00);
        ++wide;
      }
    }
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
    core::append_utf8(out, c);
  }
  return out;
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

using archive::LibArchive;
using archive::libarchive;

using ArchivePtr = std::unique_ptr<struct archive, int (*)(struct archive*)>;

// Only the formats and filters customers send. Deliberately not archive_read_support_*_all():
// that would add mtree (whose entries can name files on this machine), formats nobody sends,
// and filters that run external programs.
ArchivePtr new_reader(const LibArchive& la, const std::string& path) {
  ArchivePtr a(la.read_new(), la.read_free);
  if (!a) throw Error(ErrorKind::internal, path + ": cannot allocate an archive reader");
  la.support_format_zip(a.get());
  la.support_format_tar(a.get());
  la.support_format_gnutar(a.get());
  la.support_format_7zip(a.get());
  la.support_filter_gzip(a.get());
  la.support_filter_bzip2(a.get());
  la.support_filter_xz(a.get());
  la.support_filter_zstd(a.get());
  return a;
}

// `bytes` must outlive the reader.
ArchivePtr open_archive_in_memory(const LibArchive& la, const std::string& name, const std::uint8_t* bytes,
                                  std::size_t size) {
  ArchivePtr a = new_reader(la, name);
  if (la.read_open_memory(a.get(), bytes, size) != ARCHIVE_OK)
    throw Error(ErrorKind::io, name + ": cannot read the archive: " + la.error_string(a.get()));
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

namespace {

// What every archive read from one archive file may still use: nested archives draw on the
// outer archive's budget, so a zip of zips cannot multiply the limits.
struct Budget {
  const ArchiveLimits& limits;
  double ratio_budget;          ///< max_ratio times the outer archive's size
  std::uint64_t total = 0;      ///< uncompressed bytes kept so far
  std::size_t entries = 0;
};

// Archives inside archives are read this deep (a customer's zip holding a .7z of a server's
// logs); deeper ones are skipped.
constexpr int kMaxNesting = 3;

enum class MemberKind { log, locale_file, archive, other };

MemberKind member_kind(const std::string& name) {
  const std::string lower = lowercase(name);
  if (ends_with(lower, ".evtx")) return MemberKind::log;
  if (ends_with(lower, ".mta")) return MemberKind::locale_file;
  if (is_archive_name(lower)) return MemberKind::archive;
  return MemberKind::other;
}

// Reads the current entry's data into memory, enforcing the limits on the bytes produced
// (sizes in headers can lie).
std::vector<std::uint8_t> read_member(const LibArchive& la, struct archive* a, const std::string& archive_name,
                                      const std::string& name, Budget& budget) {
  std::vector<std::uint8_t> bytes;
  std::vector<char> block(64 * 1024);
  const ArchiveLimits& limits = budget.limits;
  for (;;) {
    const la_ssize_t got = la.read_data(a, block.data(), block.size());
    if (got == 0) break;
    if (got < 0) throw Error(ErrorKind::io, archive_name + ": broken archive: entry '" + name + "': " + la.error_string(a));
    const auto n = static_cast<std::uint64_t>(got);
    if (bytes.size() + n > limits.max_member_bytes)
      refuse(archive_name, name, "is larger than the limit of " + std::to_string(limits.max_member_bytes) + " bytes");
    budget.total += n;
    if (budget.total > limits.max_total_bytes)
      refuse(archive_name, name, "takes the archive over its limit of " + std::to_string(limits.max_total_bytes) +
                                     " uncompressed bytes");
    if (budget.total > limits.ratio_floor_bytes && static_cast<double>(budget.total) > budget.ratio_budget)
      refuse(archive_name, name, "expands over " + std::to_string(static_cast<long long>(limits.max_ratio)) +
                                     " times the archive's size (compression bomb?)");
    bytes.insert(bytes.end(), block.data(), block.data() + got);
  }
  return bytes;
}

// Reads every log, locale file and nested archive of the open archive `a` (shown as
// `archive_name`) into `contents`.
void read_members(const LibArchive& la, struct archive* a, const std::string& archive_name, Budget& budget,
                  int depth, ArchiveContents& contents) {
  const ArchiveLimits& limits = budget.limits;
  for (;;) {
    struct archive_entry* entry = nullptr;
    const int status = la.read_next_header(a, &entry);
    if (status == ARCHIVE_EOF) break;
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
      throw Error(ErrorKind::io, archive_name + ": broken archive: " + la.error_string(a));
    if (++budget.entries > limits.max_entries)
      throw Error(ErrorKind::invalid_input, archive_name + ": archive refused: more than " +
                                                std::to_string(limits.max_entries) + " entries");
    // Names libarchive holds as Unicode (zip names flagged UTF-8, 7z's UTF-16) as UTF-8; others
    // (unflagged zip names: UTF-8 or CP932) as the raw bytes, which decode_entry_name() reads.
    const char* utf8_name = la.entry_pathname_utf8(entry);
    const char* raw_name = utf8_name ? utf8_name : la.entry_pathname(entry);
    // On Windows libarchive keeps Unicode names as UTF-16 and makes both narrow forms through
    // the ANSI code page: a name that page cannot hold (東京 under code page 1252) has neither,
    // only the wide form.
    std::string from_wide;
    if (raw_name == nullptr) {
      if (const wchar_t* wide = la.entry_pathname_w(entry)) {
        from_wide = wide_to_utf8(wide);
        raw_name = from_wide.c_str();
      }
    }
    const std::string name = archive::decode_entry_name(raw_name ? raw_name : "");
    check_entry_path(archive_name, name);
    if (la.entry_hardlink(entry)) refuse(archive_name, name, "is a hard link");
    const auto type = la.entry_filetype(entry);
    if (type == AE_IFLNK) refuse(archive_name, name, "is a symbolic link");
    if (type == AE_IFDIR) {
      ++contents.skipped_entries;
      continue;
    }
    if (type != AE_IFREG) refuse(archive_name, name, "is not a regular file (device, fifo or socket)");
    if (la.entry_is_encrypted(entry)) refuse(archive_name, name, "is encrypted");
    const MemberKind kind = member_kind(name);
    if (kind == MemberKind::other || (kind == MemberKind::archive && depth + 1 >= kMaxNesting)) {
      ++contents.skipped_entries;
      continue;  // the next header call skips its data
    }
    if (la.entry_size_is_set(entry) && la.entry_size(entry) > 0 &&
        static_cast<std::uint64_t>(la.entry_size(entry)) > limits.max_member_bytes)
      refuse(archive_name, name, "declares " + std::to_string(la.entry_size(entry)) + " bytes, over the limit of " +
                                     std::to_string(limits.max_member_bytes));

    EvtxBuffer member;
    member.name = archive_name + "!/" + display_name(name);
    member.bytes = read_member(la, a, archive_name, name, budget);
    if (kind == MemberKind::log) {
      contents.evtx.push_back(std::move(member));
    } else if (kind == MemberKind::locale_file) {
      contents.locale_files.push_back(std::move(member));
    } else {
      budget.total -= member.bytes.size();  // the nested archive's own members count instead
      ArchivePtr inner = open_archive_in_memory(la, member.name, member.bytes.data(), member.bytes.size());
      read_members(la, inner.get(), member.name, budget, depth + 1, contents);
    }
  }
}

}  // namespace

ArchiveContents read_archive(const std::string& archive_path, const ArchiveLimits& limits) {
  // Read through the platform layer like every input (mapped where it can be, by its UTF-16
  // name on Windows); libarchive then reads from memory.
  platform::FileBytes file;
  try {
    file = platform::FileBytes::load(archive_path);
  } catch (const Error&) {
    throw Error(ErrorKind::io, archive_path + ": not a readable file");
  }
  const auto archive_bytes = static_cast<std::uint64_t>(file.size());
  Budget budget{limits, limits.max_ratio * static_cast<double>(std::max<std::uint64_t>(archive_bytes, 1))};

  const LibArchive& la = libarchive();
  // Entry names: zip names flagged UTF-8 and 7z's UTF-16 come out as UTF-8, unflagged names as
  // their raw bytes, which decode_entry_name() reads as UTF-8 or CP932.
  const platform::Utf8LocaleScope utf8_names;
  ArchivePtr a = open_archive_in_memory(la, archive_path, file.data(), file.size());
  ArchiveContents contents;
  read_members(la, a.get(), archive_path, budget, 0, contents);
  return contents;
}

ArchiveContents read_archive_evtx(const std::string& archive_path, const ArchiveLimits& limits) {
  return read_archive(archive_path, limits);
}

}  // namespace evtxdiag
