#pragma once
// A problem found in the input that did not stop the work: bad input is data.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// How serious a diagnostic is. `error` means data was lost (a record could not be decoded);
/// `warning` means the data was read but something is off (checksum mismatch, dirty file, ...).
enum class Severity { warning, error };

/// What a diagnostic is about, for programs that count or filter them.
enum class DiagnosticKind {
  other,             ///< anything not below
  live_record_lost,  ///< a live record no decoder could read: data the log promised is missing
  file_damage,       ///< the file's structure (checksums, truncation, a walk that stopped early)
  /// Live records the headers promise (chunk header record ranges, the file header's chunk
  /// count and next record id) that are not in the file's bytes: a cut copy, a zeroed or
  /// overwritten chunk, bytes destroyed inside a chunk. Names the record ids, count and where.
  records_missing,
  duplicate_records,   ///< records stored twice (a chunk copied twice): returned once
  recovered_lost,      ///< a whole deleted record in slack space that could not be recovered
  recovered_fragment,  ///< part of a deleted record in slack space (never whole)
  recovered_doubtful,  ///< a recovered record whose values may be wrong
  locale_metadata,     ///< a LocaleMetaData .MTA problem: costs messages, never events
  decoder_difference,  ///< ReadOptions::cross_check: the two decoders read a record differently
};

/// One problem, located as precisely as the decoder could.
struct Diagnostic {
  Severity severity = Severity::error;
  DiagnosticKind kind = DiagnosticKind::other;
  std::string file;                           ///< the input path (or buffer name)
  std::optional<std::uint64_t> chunk_index;   ///< 0-based chunk number, when known
  std::optional<std::uint64_t> record_index;  ///< libevtx record index, when known
  std::optional<std::uint64_t> record_id;     ///< record number from the record header, when known
  std::optional<std::int64_t> offset;         ///< byte offset in the file, when known
  /// Length in bytes of the damaged range starting at `offset`, when the problem is a range
  /// that could not be read (a cut chunk, bytes skipped inside a chunk, a zeroed chunk).
  std::optional<std::uint64_t> length;
  std::string message;  ///< what went wrong (the decoder's own words)

  /// One line: "FILE: chunk 3, record 12 (offset 0x1a38, 512 bytes): MESSAGE".
  std::string to_string() const;
};

/// "live-record-lost", "file-damage", "recovered-lost", ...
[[nodiscard]] const char* to_string(DiagnosticKind kind) noexcept;

/// True for the kinds about deleted records in slack space: recovering them is a bonus, so
/// failing to is normal and never makes a run incomplete.
[[nodiscard]] bool is_about_recovery(DiagnosticKind kind) noexcept;

/// The lines a person should read, each prefixed "error: " or "warning: ": every diagnostic
/// when `verbose`; otherwise every diagnostic except those about slack space, which become one
/// line per file ("System.evtx: 204 deleted records found in slack space could not be
/// recovered (overwritten by newer records); --verbose lists them").
[[nodiscard]] std::vector<std::string> diagnostic_lines(const std::vector<Diagnostic>& diagnostics, bool verbose);

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
