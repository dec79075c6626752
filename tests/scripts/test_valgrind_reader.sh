#!/usr/bin/env bash
# The reader under valgrind: memcheck must find no invalid read/write or use of
# uninitialised memory in the reader's unit tests, nor in `dump`/`info` of a synthetic
# multi-chunk log and of damaged copies of it. Leaks are not checked here: libevtx 20181227
# leaks on malformed records inside the Debian library (see testdata/crashes/README.md).
# ctest-labels: nosan slow
# ctest-timeout: 400
set -euo pipefail
source "$EVTXDIAG_SOURCE_DIR/tests/support/skip.sh"
if ! command -v valgrind >/dev/null; then skip_test tool:valgrind "valgrind not installed"; fi
if [ "${EVTXDIAG_SANITIZE:-0}" = "1" ]; then skip_test sanitizer "valgrind does not run sanitizer builds"; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
vg=(valgrind --quiet --error-exitcode=99 --leak-check=no --track-origins=no)
# evtxdiag runs on mimalloc (tools/CMakeLists.txt), whose heap memcheck cannot follow: the
# commands below run the same command built on glibc's malloc when the build has it.
if [ -x "$EVTXDIAG_BUILD_DIR/tools/evtxdiag-glibc-malloc" ]; then EVTXDIAG="$EVTXDIAG_BUILD_DIR/tools/evtxdiag-glibc-malloc"; fi

# One comma-separated filter: doctest keeps only the last of repeated --source-file options.
"${vg[@]}" "$EVTXDIAG_BUILD_DIR/tests/evtxdiag_unit_tests" \
  --source-file='*/reader_open_test.cpp,*/event_xml_test.cpp,*/writer_roundtrip_test.cpp,*/reader_chunk_view_test.cpp' >/dev/null

"$EVTXDIAG" synth "$EVTXDIAG_SOURCE_DIR/testdata/scenarios/seed-004-hyperv-spp-timeout.yaml" --out "$work/case" 2>/dev/null
"$EVTXDIAG" synth "$EVTXDIAG_SOURCE_DIR/testdata/scenarios/basic-many-chunks.yaml" --out "$work/many" 2>/dev/null
"$EVTXDIAG_PYTHON" "$EVTXDIAG_SOURCE_DIR/scripts/make-damaged.py" "$work"/many/*.evtx "$work/damaged" >/dev/null

run() {  # valgrind exit 99 = memcheck error; the tool's own exit codes 0-2 are fine here
  local rc=0
  "${vg[@]}" "$EVTXDIAG" "$@" >/dev/null 2>"$work/stderr" || rc=$?
  if [ "$rc" -eq 99 ]; then echo "FAIL: memcheck errors in: evtxdiag $*"; cat "$work/stderr"; exit 1; fi
}
run dump --recovered "$work"/case/System.evtx
run dump --decoder builtin "$work"/case/Application.evtx
run diagnose "$work/case"
# Two damaged copies (a record with an absurd size, a chunk with a bad magic) keep it near a
# minute: each damaged file holds 4,200 records, and valgrind slows the reader about 30 times.
for name in huge-record-size bad-chunk-magic; do
  run info "$work/damaged/$name.evtx"
done
echo "valgrind: no memcheck errors"
