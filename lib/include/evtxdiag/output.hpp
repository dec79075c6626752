#pragma once
// Writing what evtxdiag produces (reports, dumps, synthesised logs) without ever harming what
// it reads. A customer's logs are often the only copy: a report written over System.evtx, or
// into the folder being analysed, would destroy evidence.
//
//   evtxdiag::OutputPolicy policy{{"case/"}, /*force=*/false};
//   evtxdiag::write_output("report.html", html, policy);       // atomic: temp file + rename
//   evtxdiag::write_output("case/System.evtx", html, policy);  // throws Error(refused)
//
// The rules, checked before anything is written:
//  1. never over a file the run reads (same file, whatever the path, link or case), even with force;
//  2. never over a log the run would read: an existing .evtx/.MTA/archive inside a folder it
//     reads, even with force;
//  3. not into a folder the run reads, unless force;
//  4. not over any existing .evtx, .MTA or archive file, unless force.
// Every refusal says what to do instead. Writes are atomic: a temporary file beside the target,
// flushed, then renamed into place, so a reader never sees half a file and a failed write
// leaves the old file as it was.
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>
#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// What a run reads, and whether the user allowed overwriting.
struct OutputPolicy {
  std::vector<std::string> inputs;  ///< files, folders and archives the run reads
  bool force = false;               ///< the user's --force: lifts rules 3 and 4, never 1 and 2
};

/// True for names evtxdiag reads as logs or their companions: .evtx, .MTA and archives.
[[nodiscard]] bool is_protected_output_name(const std::string& path);

/// Throws Error(refused) when `path` breaks a rule above, Error(io) when it cannot be written
/// at all (its folder does not exist, it is a folder); the message names the path, the reason
/// and what to do.
void check_output_path(const std::string& path, const OutputPolicy& policy);

/// check_output_path(), then writes `bytes` atomically. Throws Error(io) with the system's
/// reason when the write fails (the temporary file is removed).
void write_output(const std::string& path, std::string_view bytes, const OutputPolicy& policy);

/// A file written as a stream (dumps can be larger than memory): checked when created, filled
/// through stream(), renamed into place by commit(). Destroyed without commit(), the
/// temporary file is removed and the target is untouched.
class OutputFile {
 public:
  /// Checks `path` against `policy` and creates the temporary file. Throws like write_output().
  OutputFile(const std::string& path, const OutputPolicy& policy);
  OutputFile(OutputFile&&) noexcept;
  OutputFile& operator=(OutputFile&&) noexcept;
  ~OutputFile();

  std::ostream& stream();
  /// Flushes, syncs and renames into place. Throws Error(io) when any step fails.
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
