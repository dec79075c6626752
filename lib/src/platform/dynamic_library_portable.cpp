// load_library where the platform has no shared libraries (the browser): always refuses.
#include "platform/dynamic_library.hpp"

namespace evtxdiag::platform {

void* load_library(const std::string& name, std::string& error) {
  error = "this build cannot load " + name + " (no shared libraries on this platform)";
  return nullptr;
}

void* library_symbol(void* /*library*/, const char* /*symbol*/) { return nullptr; }

}  // namespace evtxdiag::platform
