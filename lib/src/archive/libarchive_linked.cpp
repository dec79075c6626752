// libarchive linked into the program (the static Windows build): see libarchive_api.hpp.
#include "archive/libarchive_api.hpp"

namespace evtxdiag::archive {

const LibArchive& libarchive() {
  static const LibArchive api = [] {
    LibArchive linked;
#define EVTXDIAG_LIBARCHIVE_TAKE(member, function) linked.member = &::function;
    EVTXDIAG_LIBARCHIVE_FUNCTIONS(EVTXDIAG_LIBARCHIVE_TAKE)
#undef EVTXDIAG_LIBARCHIVE_TAKE
    return linked;
  }();
  return api;
}

}  // namespace evtxdiag::archive
