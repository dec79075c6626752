#pragma once
// Helpers shared by the Windows implementations of the platform layer (*_windows.cpp) and
// nothing else. Windows' own APIs take UTF-16; evtxdiag's strings are UTF-8 everywhere, so every
// path and message crosses here. No <windows.h> in this header: only *_windows.cpp include it.
#include <string>
#include <string_view>

namespace evtxdiag::platform::windows {

/// UTF-8 -> UTF-16 (invalid bytes become U+FFFD).
std::wstring widen(std::string_view utf8);
/// UTF-16 -> UTF-8 (unpaired surrogates become U+FFFD).
std::string narrow(std::wstring_view utf16);
/// A path for the wide file APIs: UTF-16, '/' turned into '\', and the "\\?\" prefix on an
/// absolute path longer than MAX_PATH (so that deep case folders still open).
std::wstring wide_path(std::string_view utf8_path);
/// The system's sentence for a Win32 error code (GetLastError()), in UTF-8, without the
/// trailing period and line break: "The system cannot find the file specified".
std::string error_message(unsigned long error_code);

/// Removes the temporary file of every AtomicFile this process created and has neither
/// committed nor destroyed. For a process that ends without unwinding its stack: a run
/// started by run_isolated (isolated_runs_windows.cpp) is a new start of the program, so the
/// temporary files it made on its way to the run are its own and nobody else removes them.
void discard_unfinished_atomic_files() noexcept;

}  // namespace evtxdiag::platform::windows
