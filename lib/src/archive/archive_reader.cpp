// Reading the .evtx members of untrusted archives with libarchive, into memory only.
// Only this file (and archive/libarchive_*.cpp, which reach libarchive: loaded on first use on
// Linux, linked on Windows) includes archive.h: the rest of the library sees EvtxBuffer.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cwchar>
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
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
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

// `bytes` must outlive the reader. `options` (archive_read_set_options(), which takes them only
// before the reader is opened), when not null, must be taken.
ArchivePtr open_archive_in_memory(const LibArchive& la, const std::string& name, const std::uint8_t* bytes,
                                  std::size_t size, const char* options = nullptr) {
  ArchivePtr a = new_reader(la, name);
  if (options != nullptr && la.read_set_options(a.get(), options) != ARCHIVE_OK)
    throw Error(ErrorKind::internal, name + ": libarchive does not take the options " + options);
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
  for (const char* suffix :
       {".zip", ".7z", ".tar", ".tgz", ".tar.gz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tar.zst"})
    if (ends_with(name, suffix)) return true;
  return false;
}

namespace {

// What every archive read from one archive file may still use: nested archives draw on the
// outer archive's budget, so a zip of zips cannot multiply the limits.
struct Budget {
  const ArchiveLimits& limits;
  double ratio_budget;      ///< max_ratio times the outer archive's size
  std::uint64_t total = 0;  ///< uncompressed bytes kept so far
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
    if (got < 0)
      throw Error(ErrorKind::io, archive_name + ": broken archive: entry '" + name + "': " + la.error_string(a));
    const auto n = static_cast<std::uint64_t>(got);
    if (bytes.size() + n > limits.max_member_bytes)
      refuse(archive_name, name, "is larger than the limit of " + std::to_string(limits.max_member_bytes) + " bytes");
    budget.total += n;
    if (budget.total > limits.max_total_bytes)
      refuse(archive_name, name,
             "takes the archive over its limit of " + std::to_string(limits.max_total_bytes) + " uncompressed bytes");
    if (budget.total > limits.ratio_floor_bytes && static_cast<double>(budget.total) > budget.ratio_budget)
      refuse(archive_name, name,
             "expands over " + std::to_string(static_cast<long long>(limits.max_ratio)) +
                 " times the archive's size (compression bomb?)");
    bytes.insert(bytes.end(), block.data(), block.data() + got);
  }
  return bytes;
}

// The names of an archive's entries as UTF-8, the same on every platform: names the archive
// stores as Unicode (zip names flagged UTF-8 or with an Info-ZIP Unicode path, 7z, pax) as they
// are; names it stores as bytes (unflagged zip names, ustar and GNU tar) through
// decode_entry_name() (UTF-8 when valid, else CP932, as Japanese Windows Explorer writes them).
//
// libarchive keeps a name either as those bytes or as Unicode, and makes its other forms through
// the C library's locale. In a UTF-8 locale (platform::Utf8LocaleScope::utf8(), POSIX) its UTF-8
// form is exact for Unicode names and the bytes themselves, and it has none for bytes that are
// not UTF-8 (then its narrow form is the bytes). The Windows C runtime has no UTF-8 locale: in
// its "C" locale libarchive's narrow and UTF-8 forms go through code pages (CP932 names came out
// as CP437 mojibake, UTF-8 tar names as Latin-1, 東京 as nothing), and only the wide form is
// exact, for bytes too (one byte per code unit). A wide name with a code unit over 0xFF is
// Unicode; one whose units are all 0x80..0xFF or ASCII is either bytes or a Unicode name in
// Latin-1 (café). The two differ in whether the archive's header charset applies: a second
// reader of the same bytes with another one (hdrcharset=CP437, which maps no byte over 0x7F to
// its own code point) tells them apart. It is made only for such a name, and follows the first
// reader's entries.
class EntryNames {
 public:
  EntryNames(const LibArchive& la, bool utf8_locale, const std::string& archive_name, const std::uint8_t* bytes,
             std::size_t size)
      : la_(la), utf8_locale_(utf8_locale), archive_name_(archive_name), bytes_(bytes), size_(size) {}

  /// The name of `entry`, the next header of the first reader (called once per header, in order).
  std::string next(struct archive_entry* entry) {
    const std::size_t index = entries_++;
    const wchar_t* wide = utf8_locale_ ? nullptr : la_.entry_pathname_w(entry);
    if (wide == nullptr) {
      const char* utf8 = la_.entry_pathname_utf8(entry);
      const char* narrow = utf8 ? utf8 : la_.entry_pathname(entry);
      if (narrow != nullptr) return archive::decode_entry_name(narrow);
      wide = la_.entry_pathname_w(entry);  // a Unicode name no narrow form can hold
      return wide ? wide_to_utf8(wide) : std::string();
    }
    std::string bytes;
    bool ascii = true;
    for (const wchar_t* w = wide; *w != 0; ++w) {
      const auto unit = static_cast<std::uint32_t>(*w);
      if (unit > 0xFF) return wide_to_utf8(wide);  // no byte widens past 0xFF: Unicode
      ascii = ascii && unit < 0x80;
      bytes += static_cast<char>(static_cast<unsigned char>(unit));
    }
    if (ascii) return bytes;
    return held_as_bytes(index, wide) ? archive::decode_entry_name(bytes) : wide_to_utf8(wide);
  }

 private:
  // True when the second reader, with another header charset, gives entry `index` another wide
  // name than `wide`: the archive holds the name as bytes. When it cannot tell, bytes (what the
  // other platforms decode).
  bool held_as_bytes(std::size_t index, const wchar_t* wide) {
    if (!second_ && !broken_) {
      try {
        second_ = open_archive_in_memory(la_, archive_name_, bytes_, size_, "hdrcharset=CP437");
      } catch (const Error&) {
        broken_ = true;
      }
    }
    struct archive_entry* entry = nullptr;
    while (!broken_ && second_entries_ <= index) {
      const int status = la_.read_next_header(second_.get(), &entry);
      if (status != ARCHIVE_OK && status != ARCHIVE_WARN) broken_ = true;
      ++second_entries_;
    }
    if (broken_ || entry == nullptr) return true;
    const wchar_t* other = la_.entry_pathname_w(entry);
    return other == nullptr || std::wcscmp(other, wide) != 0;
  }

  const LibArchive& la_;
  const bool utf8_locale_;
  const std::string& archive_name_;
  const std::uint8_t* bytes_;
  std::size_t size_;
  std::size_t entries_ = 0;
  ArchivePtr second_{nullptr, nullptr};
  std::size_t second_entries_ = 0;
  bool broken_ = false;
};

// Reads every log, locale file and nested archive of the open archive `a` over `bytes` (shown as
// `archive_name`) into `contents`.
void read_members(const LibArchive& la, bool utf8_locale, struct archive* a, const std::uint8_t* bytes,
                  std::size_t size, const std::string& archive_name, Budget& budget, int depth,
                  ArchiveContents& contents) {
  EntryNames names(la, utf8_locale, archive_name, bytes, size);
  const ArchiveLimits& limits = budget.limits;
  for (;;) {
    struct archive_entry* entry = nullptr;
    const int status = la.read_next_header(a, &entry);
    if (status == ARCHIVE_EOF) break;
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
      throw Error(ErrorKind::io, archive_name + ": broken archive: " + la.error_string(a));
    if (++budget.entries > limits.max_entries)
      throw Error(ErrorKind::invalid_input,
                  archive_name + ": archive refused: more than " + std::to_string(limits.max_entries) + " entries");
    const std::string name = names.next(entry);
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
      refuse(archive_name, name,
             "declares " + std::to_string(la.entry_size(entry)) + " bytes, over the limit of " +
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
      read_members(la, utf8_locale, inner.get(), member.bytes.data(), member.bytes.size(), member.name, budget,
                   depth + 1, contents);
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
  // Entry names (EntryNames): libarchive's UTF-8 forms are exact in a UTF-8 locale.
  const platform::Utf8LocaleScope utf8_names;
  ArchivePtr a = open_archive_in_memory(la, archive_path, file.data(), file.size());
  ArchiveContents contents;
  read_members(la, utf8_names.utf8(), a.get(), file.data(), file.size(), archive_path, budget, 0, contents);
  return contents;
}

ArchiveContents read_archive_evtx(const std::string& archive_path, const ArchiveLimits& limits) {
  return read_archive(archive_path, limits);
}

}  // namespace evtxdiag
