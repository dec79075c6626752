#!/usr/bin/env bash
# Edits an unpacked libarchive source tree so that its CMake build makes only the static
# library: libarchive always adds a shared one beside it, which compiles every source a second
# time (the Windows dependency build, scripts/windows/deps.sh) or, under emscripten (which has no
# shared libraries), becomes a second libarchive.a that Ninja refuses (scripts/web/deps.sh).
#   scripts/libarchive-static-only.sh <libarchive source folder>
set -euo pipefail
lists="$1/libarchive/CMakeLists.txt"
sed -i -e '/^ADD_LIBRARY(archive SHARED/d' -e '/^TARGET_INCLUDE_DIRECTORIES(archive PUBLIC/d' \
  -e '/^TARGET_LINK_LIBRARIES(archive \${ADDITIONAL_LIBS})/d' -e '/^SET_TARGET_PROPERTIES(archive PROPERTIES SOVERSION/d' \
  -e 's/INSTALL(TARGETS archive archive_static/INSTALL(TARGETS archive_static/' "$lists"
if grep -qE '\(archive (SHARED|PUBLIC|\$)|TARGETS archive ' "$lists"; then
  echo "libarchive-static-only: $lists changed shape: its shared library is still there" >&2
  exit 1
fi
