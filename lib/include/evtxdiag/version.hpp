#pragma once
#include "evtxdiag/export.hpp"
/// evtxdiag version. CMake reads EVTXDIAG_VERSION_STRING from this line.
#define EVTXDIAG_VERSION_STRING "0.1.0"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {
/// The library's version, "MAJOR.MINOR.PATCH".
inline constexpr const char* version() noexcept { return EVTXDIAG_VERSION_STRING; }
}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
