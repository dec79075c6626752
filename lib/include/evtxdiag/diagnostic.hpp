#pragma once
// A problem found in the input that did not stop the work: bad input is data.
#include <cstdint>
#include <optional>
#include <string>

namespace evtxdiag {

/// How serious a diagnostic is. `error` means data was lost (a record could not be decoded);
/// `warning` means the data was read but something is off (checksum mismatch, dirty file, ...).
enum class Severity { warning, error };

/// One problem, located as precisely as the decoder could.
struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;                           ///< the input path (or buffer name)
  std::optional<std::uint64_t> chunk_index;   ///< 0-based chunk number, when known
  std::optional<std::uint64_t> record_index;  ///< libevtx record index, when known
  std::optional<std::uint64_t> record_id;     ///< record number from the record header, when known
  std::optional<std::int64_t> offset;         ///< byte offset in the file, when known
  std::string message;                        ///< what went wrong (the decoder's own words)

  /// One line: "FILE: record 12 (offset 0x1a38): MESSAGE".
  std::string to_string() const;
};

}  // namespace evtxdiag
