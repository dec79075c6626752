#pragma once
// Batch runs over corpora of past cases: list the cases of directories and archives, read the
// .evtx members of untrusted archives safely (in memory, nothing is written to disk), and
// diagnose every case independently, N at a time, each in its own child process.
//
//   auto cases = evtxdiag::list_cases({"/srv/cases"});
//   evtxdiag::BatchOptions options;
//   options.jobs = 4;
//   options.case_timeout_seconds = 120;
//   evtxdiag::run_batch(cases, options,
//       [](const evtxdiag::Diagnosis& d) { return std::to_string(d.jobs.size()); },  // runs in the child
//       [](const evtxdiag::CaseResult& r) { std::cout << r.info.path << ' ' << to_string(r.status) << '\n'; });
//
// Why child processes: a case that hangs or crashes (a hostile file hitting a decoder bug) can
// be cut off with SIGKILL and reported, which a worker thread cannot. Results come back over a
// pipe and are delivered in case order whatever the number of parallel jobs. POSIX only.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/export.hpp"
#include "evtxdiag/inputs.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// What a case is made of.
enum class CaseKind {
  directory,  ///< the .evtx files under a directory (see list_cases)
  archive,    ///< the .evtx members of a .zip / .tar / .tar.gz / .tgz / .tar.xz / .tar.bz2 / .7z
  file,       ///< a single .evtx file given on the command line
};

/// One case of a corpus: diagnosed on its own.
struct CaseInfo {
  std::string path;  ///< the directory, archive or file that names the case
  CaseKind kind = CaseKind::directory;
  std::vector<std::string> files;  ///< directory/file cases: the .evtx files, sorted; empty for archives
  /// Directory cases: only the .evtx files lying directly in the directory (the loose files of a
  /// corpus directory), not those of its subdirectories, which are cases of their own.
  bool top_level_only = false;
};

/// The cases of `corpus_paths`, sorted by path (byte order), duplicates removed:
/// - an archive file is one case; a .evtx file is one case;
/// - a directory is a corpus: the .evtx files directly in it form one case named by the
///   directory; each immediate subdirectory is one case of the .evtx files at any depth under
///   it (a subdirectory without any is still listed, with no files: it reports as "empty");
///   every archive at any depth under the directory is a case of its own.
/// Symbolic links are not followed. Throws Error(io) when a path does not exist or is neither
/// a file nor a directory.
[[nodiscard]] std::vector<CaseInfo> list_cases(const std::vector<std::string>& corpus_paths);

/// `path` as one case on its own, as list_cases() makes it inside a corpus, so that a case can
/// be diagnosed apart from its corpus (a distributed worker gets one case at a time): a
/// directory gives its .evtx files at any depth, or with `top_level_only` only those directly
/// in it (the loose files of a corpus directory; a case named by the corpus directory); an
/// archive gives an archive case; any other file a file case. Throws Error(io) when `path` does
/// not exist or is neither a file nor a directory.
[[nodiscard]] CaseInfo case_of_path(const std::string& path, bool top_level_only = false);

/// What an archive holds for evtxdiag.
struct ArchiveContents {
  std::vector<EvtxBuffer> evtx;          ///< logs, named "<archive>!/<member path>", in archive order
  std::vector<EvtxBuffer> locale_files;  ///< LocaleMetaData .MTA members, named the same way
  std::size_t skipped_entries = 0;       ///< directories and other files, ignored
};

/// Reads every .evtx and .MTA member of `archive_path` into memory, and those of the archives
/// inside it (up to 3 levels: "case.zip!/server.7z!/System.evtx"); nothing is written to disk.
/// Entry names come back as UTF-8 whether the archiver wrote UTF-8 (flagged or not), CP932
/// (Japanese Windows Explorer) or UTF-16 (7z). Throws Error(invalid_input) when the archive is
/// refused as hostile: an entry with an absolute path or a ".." component, a symbolic or hard
/// link, a device/fifo/socket entry, an encrypted entry, or a limit exceeded (nested archives
/// count against the outer one's limits; the message names the entry and the rule). Throws
/// Error(io) when the archive cannot be read (missing, truncated, not an archive).
[[nodiscard]] ArchiveContents read_archive(const std::string& archive_path, const ArchiveLimits& limits = {});

/// read_archive(), for callers that only use the logs.
[[nodiscard]] ArchiveContents read_archive_evtx(const std::string& archive_path, const ArchiveLimits& limits = {});

/// How a case ended.
enum class CaseStatus {
  ok,          ///< diagnosed; every input decoded
  partial,     ///< diagnosed; some input or record could not be decoded
  unreadable,  ///< no input could be read at all
  empty,       ///< no .evtx file in the case
  refused,     ///< hostile archive refused (CaseResult::error says why)
  broken,      ///< archive unreadable (truncated, not an archive) or diagnosis could not start
  timeout,     ///< cut off after BatchOptions::case_timeout_seconds
  crashed,     ///< the child process died (signal) without a result
};

/// "ok", "partial", "unreadable", "empty", "refused", "broken", "timeout", "crashed".
[[nodiscard]] const char* to_string(CaseStatus status) noexcept;
/// "directory", "archive", "file".
[[nodiscard]] const char* to_string(CaseKind kind) noexcept;

/// Counts of one case, for summaries (all zero when the case was not diagnosed).
struct CaseTally {
  std::size_t files = 0;              ///< .evtx inputs
  std::size_t undecodable_files = 0;  ///< inputs unreadable or with undecodable records
  std::uint64_t input_bytes = 0;      ///< uncompressed .evtx bytes read
  std::size_t jobs = 0;
  std::size_t failed_jobs = 0;
  /// Failed jobs by the rule id of their first cause finding; "(no cause found)" otherwise.
  std::map<std::string, std::size_t> failed_jobs_by_cause;
  std::map<std::string, std::size_t> findings_by_verdict;  ///< to_string(Verdict) -> count
};

/// The outcome of one case.
struct CaseResult {
  std::size_t index = 0;  ///< position in the case list
  CaseInfo info;
  CaseStatus status = CaseStatus::ok;
  std::string error;    ///< why, for every status but ok/partial (may name inputs for those)
  std::string payload;  ///< what the renderer returned (empty when not diagnosed)
  CaseTally tally;
  double elapsed_seconds = 0;  ///< wall-clock time of the case (not deterministic)
};

/// How to run a batch.
struct BatchOptions {
  DiagnoseOptions diagnose;
  unsigned jobs = 0;                ///< cases at a time; 0 = number of cores
  double case_timeout_seconds = 0;  ///< 0 = no limit
  ArchiveLimits limits;
};

/// Progress after each finished case.
struct BatchProgress {
  std::size_t done = 0;
  std::size_t total = 0;
  std::uint64_t input_bytes = 0;  ///< uncompressed .evtx bytes of the finished cases
  double elapsed_seconds = 0;
};

/// Turns a case's diagnosis into the payload carried back to the parent (runs in the child).
/// Several machines in one case give several diagnoses (see diagnose_machines()).
using CaseRenderer = std::function<std::string(const std::vector<Diagnosis>&)>;

/// Diagnoses every case in its own child process, `options.jobs` at a time, and calls
/// `on_result` in the parent for each case in list order (as soon as that case and all before
/// it are done), and `on_progress` (optional) after every finished case. A case that fails in
/// any way is reported through its status, never thrown. Throws Error(io) only when no child
/// process or pipe can be created at all.
void run_batch(const std::vector<CaseInfo>& cases, const BatchOptions& options, const CaseRenderer& render,
               const std::function<void(const CaseResult&)>& on_result,
               const std::function<void(const BatchProgress&)>& on_progress = {});

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
