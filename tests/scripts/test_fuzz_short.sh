#!/bin/bash
# ctest-labels: slow
# ctest-timeout: 300
# Short libFuzzer run: every fuzz target of fuzz/ runs ~15 s from its seed corpus with the EVTX
# dictionary. Any crash, leak, sanitizer report or timeout fails the test; libFuzzer writes the
# input as crash-*/timeout-*/oom-* into the work dir, which is printed so the input can be kept
# in testdata/crashes/<target>/ (replayed by tests/unit/replay_crashes_test.cpp).
# The targets are part of the sanitizer build (CMake preset asan: clang, EVTXDIAG_FUZZ=ON, the
# library compiled with -fsanitize=fuzzer-no-link,address,undefined), so this test runs in that
# build's CTest; any other build skips it naming the option, and `scripts/run test` fails a skip
# whose need was met (tests/support/check_skips.py).
set -u
source "$EVTXDIAG_SOURCE_DIR/tests/support/skip.sh"
if [ "${EVTXDIAG_FUZZ:-0}" != "1" ]; then
  skip_test cmake:EVTXDIAG_FUZZ "the fuzz targets are built by the sanitizer build (cmake --preset asan)"
fi
build="$EVTXDIAG_BUILD_DIR"
seconds="${EVTXDIAG_FUZZ_SECONDS:-15}"
targets="evtx scan scenario knowledge event_xml"
for t in $targets; do
  [ -x "$build/fuzz/fuzz_$t" ] || { echo "FAIL: fuzz target $build/fuzz/fuzz_$t was not built"; exit 1; }
done
# libevtx's own leaks on malformed records are suppressed (see the file); all others count.
export LSAN_OPTIONS="suppressions=$EVTXDIAG_SOURCE_DIR/fuzz/lsan-libevtx.supp"
work=$(mktemp -d "${TMPDIR:-/tmp}/evtxdiag-fuzz.XXXXXX")
status=0
for t in $targets; do
  mkdir -p "$work/$t/corpus"
  dict=()
  case $t in evtx|scan) dict=(-dict="$EVTXDIAG_SOURCE_DIR/fuzz/evtx.dict") ;; esac
  # New inputs go to a scratch corpus; the committed seeds are only read.
  (cd "$work/$t" && "$build/fuzz/fuzz_$t" "${dict[@]}" -max_total_time="$seconds" -rss_limit_mb=2048 \
      -timeout=10 -print_final_stats=1 corpus "$EVTXDIAG_SOURCE_DIR/fuzz/corpus/$t" >log.txt 2>&1)
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$t/log.txt" | grep -o '[0-9]*$')
  echo "fuzz_$t: exit $rc, ${runs:-?} executions in ${seconds}s"
  if [ $rc -ne 0 ]; then
    status=1
    grep -E 'ERROR|SUMMARY|Test unit written' "$work/$t/log.txt" | head -20
    echo "FAILED: fuzz_$t (inputs kept in $work/$t)"
  fi
done
[ $status -eq 0 ] && rm -rf "$work"
exit $status
