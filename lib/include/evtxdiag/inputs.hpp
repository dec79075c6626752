#pragma once
// What a user hands evtxdiag: .evtx files, folders of them, and archives (a customer's zip, a
// 7z of a server's logs), often nested, often with Japanese names, sometimes with the
// LocaleMetaData .MTA files Event Viewer saves beside the logs. Every command (diagnose,
// timeline, dump, info, batch) turns its paths into the same list of files here.
//
//   evtxdiag::CaseInputs inputs = evtxdiag::collect_inputs({"case.zip", "more/System.evtx"});
//   for (const auto& log : inputs.logs) std::cout << log.name << '\n';   // case.zip!/東京/System.evtx
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>
#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// Limits applied to untrusted archives. Sizes are uncompressed bytes.
struct ArchiveLimits {
  std::uint64_t max_member_bytes = 1ull << 30;  ///< one .evtx member (1 GiB)
  std::uint64_t max_total_bytes = 2ull << 30;   ///< all .evtx members of one archive (2 GiB)
  /// Refuse when the uncompressed .evtx bytes exceed max_ratio times the archive's size on
  /// disk, once they are above ratio_floor_bytes (small, sparse logs compress very well).
  double max_ratio = 100;
  std::uint64_t ratio_floor_bytes = 64ull << 20;
  std::size_t max_entries = 100000;  ///< entries of any kind in one archive
};

/// One file of a case: on disk, or in memory (an archive member).
struct CaseFile {
  std::string name;                 ///< as reports show it: the path given, or "case.zip!/logs/System.evtx"
  std::string path;                 ///< on disk: where to read it; empty for archive members
  std::vector<std::uint8_t> bytes;  ///< archive members: the file itself
  /// Not empty when the input could not be opened at all (a refused or broken archive): the
  /// reason, naming the input; the file is then reported as unreadable, not thrown.
  std::string error;

  bool on_disk() const noexcept { return !path.empty(); }
};

/// The files of a case.
struct CaseInputs {
  std::vector<CaseFile> logs;          ///< in the order given; folders sorted; archives in archive order
  std::vector<CaseFile> locale_files;  ///< .MTA members of the archives (on disk they are found beside each log)
};

/// True for the archive names evtxdiag reads (extension, case-insensitive).
[[nodiscard]] bool is_archive_name(const std::string& path);

/// Expands `paths`: a file is a log (whatever its name) unless its name is an archive's
/// (.zip .7z .tar .tgz .tar.gz .tar.xz .tar.bz2 .tar.zst, see is_archive_name), which is read
/// in memory with `limits` (its .evtx and .MTA members, at any folder depth, nested archives
/// too); a folder is searched recursively for .evtx files and archives (names compared
/// case-insensitively, sorted by path, symbolic links not followed). A refused or broken
/// archive becomes a CaseFile with `error` set. Throws Error(io) only when a path does not
/// exist.
[[nodiscard]] CaseInputs collect_inputs(const std::vector<std::string>& paths, const ArchiveLimits& limits = {});

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
