#pragma once
// Loading a shared library at run time (libarchive: it and its ten dependencies would cost
// every process ~5 ms of dynamic linking, and only archive inputs need it).
// dynamic_library_posix.cpp (dlopen), dynamic_library_portable.cpp (none: the feature reports
// that this build cannot load libraries).
#include <string>

namespace evtxdiag::platform {

/// Loads `name` (e.g. "libarchive.so.13"); nullptr with `error` set when it cannot. The library
/// stays loaded for the rest of the process.
void* load_library(const std::string& name, std::string& error);

/// The address of `symbol` in `library`, nullptr when it has none.
void* library_symbol(void* library, const char* symbol);

}  // namespace evtxdiag::platform
