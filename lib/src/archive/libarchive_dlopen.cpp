// libarchive loaded on first use, by its run-time name (EVTXDIAG_LIBARCHIVE_SONAME, e.g.
// libarchive.so.13, set by lib/CMakeLists.txt): see libarchive_api.hpp.
#include <string>

#include "archive/libarchive_api.hpp"
#include "evtxdiag/error.hpp"
#include "platform/dynamic_library.hpp"

namespace evtxdiag::archive {
namespace {

template <typename Function>
void resolve(void* library, const char* name, Function& function) {
  function = reinterpret_cast<Function>(platform::library_symbol(library, name));
  if (function == nullptr)
    throw Error(ErrorKind::internal, std::string("libarchive (" EVTXDIAG_LIBARCHIVE_SONAME ") lacks ") + name);
}

}  // namespace

const LibArchive& libarchive() {
  static const LibArchive api = [] {
    std::string why;
    void* library = platform::load_library(EVTXDIAG_LIBARCHIVE_SONAME, why);
    if (library == nullptr)
      throw Error(ErrorKind::io, std::string("cannot load " EVTXDIAG_LIBARCHIVE_SONAME " to read archives: ") + why);
    LibArchive loaded;
#define EVTXDIAG_LIBARCHIVE_RESOLVE(member, function) resolve(library, #function, loaded.member);
    EVTXDIAG_LIBARCHIVE_FUNCTIONS(EVTXDIAG_LIBARCHIVE_RESOLVE)
#undef EVTXDIAG_LIBARCHIVE_RESOLVE
    return loaded;  // the library stays loaded for the rest of the process
  }();
  return api;
}

}  // namespace evtxdiag::archive
