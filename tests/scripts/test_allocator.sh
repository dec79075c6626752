#!/usr/bin/env bash
# The evtxdiag command runs on mimalloc (EVTXDIAG_MIMALLOC, default ON): --version names it, and
# libevtx's malloc/free (most of a dump's allocations) bind to mimalloc, not to glibc. A build
# without it (the sanitizer build, or -DEVTXDIAG_MIMALLOC=OFF) is SKIPPED.
set -u
source "$EVTXDIAG_SOURCE_DIR/tests/support/skip.sh"
if [[ "${EVTXDIAG_SANITIZE:-0}" == "1" ]]; then
  skip_test sanitizer "the sanitizer build keeps ASan's allocator"
fi
version=$("$EVTXDIAG" --version)
if [[ "$version" != *"(allocator: mimalloc "* ]]; then
  if grep -q "EVTXDIAG_MIMALLOC:BOOL=OFF" "$EVTXDIAG_BUILD_DIR/CMakeCache.txt" 2>/dev/null; then
    skip_test cmake:EVTXDIAG_MIMALLOC "built with -DEVTXDIAG_MIMALLOC=OFF"
  fi
  echo "FAIL: --version does not name mimalloc: $version"; exit 1
fi
input="$EVTXDIAG_SOURCE_DIR/testdata/crashes"
file=$(find "$input" -name '*.evtx' | sort | head -1)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
if [[ -z "$file" ]]; then  # any small EVTX will do: write one
  "$EVTXDIAG" synth "$EVTXDIAG_SOURCE_DIR/testdata/scenarios/seed-001-wsb-source-volume-space.yaml" --out "$work/logs" >/dev/null
  file=$(find "$work/logs" -name '*.evtx' | sort | head -1)
fi
LD_DEBUG=bindings "$EVTXDIAG" info "$file" >/dev/null 2>"$work/bindings.txt"
for symbol in malloc free; do
  if ! grep -Eq "binding file [^ ]*libevtx\.so[^ ]* .* to [^ ]*libmimalloc\.so[^ ]* .*symbol \`$symbol'" "$work/bindings.txt"; then
    echo "FAIL: libevtx's $symbol does not bind to mimalloc:"; grep -E "libevtx.*symbol \`$symbol'" "$work/bindings.txt" | head -3
    exit 1
  fi
done
echo "ok: $version; libevtx's malloc and free bind to mimalloc"
