// Which allocator serves this process. Compiled into each executable on its own (not into the
// shared command objects): `evtxdiag` is linked with mimalloc, the test-only
// `evtxdiag-glibc-malloc` (for memcheck, which cannot follow mimalloc's heap) is not.
#include <string>

#ifdef EVTXDIAG_WITH_MIMALLOC
#  include <mimalloc.h>
#endif

namespace evtxdiag::cli {

std::string allocator_note() {
#ifdef EVTXDIAG_WITH_MIMALLOC
  const int v = mi_version();  // also keeps libmimalloc linked (its malloc replaces glibc's)
  return " (allocator: mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." +
         std::to_string(v % 10) + ")";
#else
  return "";
#endif
}

}  // namespace evtxdiag::cli
