#pragma once
// The one order of verdicts, wherever findings are listed (the diagnosis, the reports): the
// cause first, then what contributed, failures without a proven cause, context, and the red
// herrings last.
#include "evtxdiag/diagnose.hpp"

namespace evtxdiag::diag {

inline int verdict_rank(Verdict verdict) noexcept {
  switch (verdict) {
    case Verdict::cause: return 0;
    case Verdict::contributing: return 1;
    case Verdict::undetermined: return 2;
    case Verdict::context: return 3;
    case Verdict::red_herring: return 4;
  }
  return 5;
}

}  // namespace evtxdiag::diag
