#!/usr/bin/env bash
# The library's layering rules (README "Code layout"):
# - libevtx/libbfio are included only under lib/src/libevtx/, pugixml only under lib/src/xml/;
# - public headers (lib/include/evtxdiag/) expose no libevtx, pugixml, YAML or JSON types.
set -euo pipefail
cd "$EVTXDIAG_SOURCE_DIR"
fail=0
check() {  # pattern allowed_dir description
  local hits
  hits=$(grep -rlE "$1" lib tools bindings --include='*.hpp' --include='*.h' --include='*.cpp' --include='*.c' \
         | grep -v "^$2/" || true)
  if [ -n "$hits" ]; then echo "FAIL: $3 outside $2:"; echo "$hits"; fail=1; fi
}
check '#include [<"](libevtx|libbfio)' lib/src/libevtx "libevtx include"
check '#include [<"]pugixml' lib/src/xml "pugixml include"
if grep -rnE '#include [<"](yaml-cpp|nlohmann|pugixml|libevtx|libbfio|date/)' lib/include; then
  echo "FAIL: a public header includes a third-party header"; fail=1
fi
[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
