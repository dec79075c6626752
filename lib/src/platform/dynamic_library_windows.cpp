// load_library on Windows: LoadLibraryExW with the safe search order (the program's folder and
// System32, never the current folder: a case folder could hold a planted DLL), or exactly the
// path given when the name has a folder in it.
#include <windows.h>

#include <cstdint>

#include "platform/dynamic_library.hpp"
#include "platform/windows_support.hpp"

namespace evtxdiag::platform {

void* load_library(const std::string& name, std::string& error) {
  const bool has_folder = name.find_first_of("/\\") != std::string::npos;
  const DWORD flags = has_folder ? LOAD_WITH_ALTERED_SEARCH_PATH : LOAD_LIBRARY_SEARCH_DEFAULT_DIRS;
  HMODULE library = ::LoadLibraryExW(windows::wide_path(name).c_str(), nullptr, flags);
  if (library == nullptr) error = windows::error_message(::GetLastError());
  return reinterpret_cast<void*>(library);
}

void* library_symbol(void* library, const char* symbol) {
  const FARPROC address = ::GetProcAddress(static_cast<HMODULE>(library), symbol);
  // A function address as data, as dlsym() returns it (the callers cast it back).
  return reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(address));
}

}  // namespace evtxdiag::platform
