// load_library on POSIX: dlopen with RTLD_NOW | RTLD_LOCAL (the library's symbols do not leak
// into the process's namespace).
#include <dlfcn.h>

#include "platform/dynamic_library.hpp"

namespace evtxdiag::platform {

void* load_library(const std::string& name, std::string& error) {
  void* library = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = ::dlerror();
    error = why ? why : "unknown error";
  }
  return library;
}

void* library_symbol(void* library, const char* symbol) { return ::dlsym(library, symbol); }

}  // namespace evtxdiag::platform
