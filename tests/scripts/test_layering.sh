#!/usr/bin/env bash
# The library's layering rules (README "Code layout"):
# - libevtx/libbfio are included only under lib/src/reader/libevtx/, pugixml only under lib/src/xml/,
#   yaml-cpp only where YAML is read (knowledge/, rules/, scenario/, timezone/, and schema/, the one schema checker);
# - the core (everything but platform/) includes no operating-system header: POSIX ones live in
#   platform/*_posix.cpp, Windows ones in platform/*_windows.cpp; the command (tools/) includes
#   none either, and of the library's internals only the platform layer's console;
# - public headers (lib/include/evtxdiag/) expose no libevtx, pugixml, YAML or JSON types.
set -euo pipefail
cd "$EVTXDIAG_SOURCE_DIR"
fail=0
check() {  # pattern allowed_dir description
  local hits
  hits=$(grep -rlE "$1" lib tools bindings --include='*.hpp' --include='*.h' --include='*.cpp' --include='*.c' \
         | grep -vE "^$2/" || true)
  if [ -n "$hits" ]; then echo "FAIL: $3 outside $2:"; echo "$hits"; fail=1; fi
}
check '#include [<"](libevtx|libbfio)' lib/src/reader/libevtx "libevtx include"
check '#include [<"]yaml-cpp' 'lib/src/(knowledge|rules|scenario|timezone|schema)' "yaml-cpp include"
check '#include [<"]pugixml' lib/src/xml "pugixml include"
# The core is standard C++: operating-system headers only in the platform layer, so that the
# library builds for Windows (mingw-w64) and the browser (emscripten) with another implementation.
# POSIX headers only in lib/src/platform/*_posix.cpp, Windows headers only in
# lib/src/platform/*_windows.cpp (fcntl.h, which both C libraries have, in either); nowhere in
# tools/ or bindings/ either.
os_headers() {  # header pattern, allowed files pattern, description
  local hits
  hits=$(grep -rnE "#include <($1)>" lib tools bindings --include='*.hpp' --include='*.h' --include='*.cpp' --include='*.c' \
         | grep -vE "^lib/src/platform/[a-z0-9_]*_($2)\.cpp:" || true)
  if [ -n "$hits" ]; then echo "FAIL: $3 outside lib/src/platform/*_($2).cpp:"; echo "$hits"; fail=1; fi
}
os_headers '(unistd|dlfcn|poll|locale|signal|iconv|pthread|sys/[a-z_]+)\.h' posix "POSIX headers"
os_headers '([Ww]indows|[Ww]inbase|[Ww]in[a-z]+|shellapi|shlobj|io|direct|process|share|[a-z]+api|[a-z]+apiset)\.h' windows \
  "Windows headers"
os_headers 'fcntl\.h' 'posix|windows' "fcntl.h"
# The command reaches the platform layer for its console only (UTF-8 arguments and output):
# nothing else internal.
internal=$(grep -rnE '#include "(platform|archive|batch|binxml|carve|case|core|diagnose|format|inputs|jobs|knowledge|mta|output|reader|report|rules|scan|scenario|timezone|writer|xml)/' tools/evtxdiag \
           | grep -v '#include "platform/console.hpp"' || true)
if [ -n "$internal" ]; then echo "FAIL: the command includes internal headers:"; echo "$internal"; fail=1; fi
if grep -rnE '#include [<"](yaml-cpp|nlohmann|pugixml|libevtx|libbfio|date/)' lib/include; then
  echo "FAIL: a public header includes a third-party header"; fail=1
fi
# README's "Code layout" names every folder of the library, so the map matches the tree.
layout=$(sed -n '/^## Code layout/,/^## /p' README.md)
for dir in lib/src/*/; do
  name=$(basename "$dir")
  if ! grep -qE "(lib/src/|, )${name}/" <<<"$layout"; then echo "FAIL: README's Code layout does not name lib/src/${name}/"; fail=1; fi
done
# Every public header is compiled together with the others (tests/unit/public_headers_test.cpp).
for header in lib/include/evtxdiag/*.hpp; do
  if ! grep -qF "#include \"evtxdiag/$(basename "$header")\"" tests/unit/public_headers_test.cpp; then
    echo "FAIL: tests/unit/public_headers_test.cpp does not include $header"; fail=1
  fi
done
[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
