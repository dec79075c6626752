#pragma once
/// evtxdiag version. CMake reads EVTXDIAG_VERSION_STRING from this line.
#define EVTXDIAG_VERSION_STRING "0.1.0"

namespace evtxdiag {
/// The library's version, "MAJOR.MINOR.PATCH".
inline constexpr const char* version() noexcept { return EVTXDIAG_VERSION_STRING; }
}  // namespace evtxdiag
