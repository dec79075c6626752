#!/usr/bin/env bash
# Every public header exports what it declares (EVTXDIAG_PUBLIC_BEGIN ... EVTXDIAG_PUBLIC_END,
# evtxdiag/export.hpp): a header without it would compile and link statically, and only fail
# for users of the shared library.
set -euo pipefail
cd "$EVTXDIAG_SOURCE_DIR/lib/include/evtxdiag"
fail=0
for header in *.hpp; do
  [ "$header" = export.hpp ] && continue
  grep -q '^EVTXDIAG_PUBLIC_BEGIN$' "$header" && grep -q '^EVTXDIAG_PUBLIC_END$' "$header" \
    || { echo "FAIL: $header does not bracket its declarations with EVTXDIAG_PUBLIC_BEGIN/END"; fail=1; }
done
[ $fail -eq 0 ] && echo "public headers: ok"
exit $fail
