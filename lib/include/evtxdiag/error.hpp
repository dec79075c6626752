#pragma once
// The one exception type of the library. Thrown only when an operation cannot start
// (a file that cannot be opened or is not EVTX at all, a scenario that is invalid, ...).
// Per-record problems are never thrown: they are reported as evtxdiag::Diagnostic.
#include <stdexcept>
#include <string>
#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// Why an operation could not start.
enum class ErrorKind {
  io,             ///< the input could not be opened or read
  not_evtx,       ///< the input is empty, too short, or has no EVTX file signature
  invalid_input,  ///< a scenario, knowledge file or option value is malformed
  unsupported,    ///< a valid request that this build cannot serve
  refused,        ///< the request would harm an input (e.g. write over a log it reads); nothing was done
  internal,       ///< a bug: please report it
};

/// Exception carrying a kind and a one-line message that names the offending input.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  /// The category of failure, for callers that map errors to exit codes.
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
