#!/bin/bash
# ctest-labels: nosan slow
# ctest-timeout: 300
# Short libFuzzer run: every fuzz target of fuzz/ runs ~15 s from its seed corpus with the EVTX
# dictionary. Any crash, leak, sanitizer report or timeout fails the test; libFuzzer writes the
# input as crash-*/timeout-*/oom-* into the work dir, which is printed so the input can be kept
# in testdata/crashes/<target>/ (replayed by tests/unit/replay_crashes_test.cpp).
# The targets are built OUTSIDE the test, once, by the CMake preset "fuzz" (clang,
# -fsanitize=fuzzer-no-link,address,undefined) into build-fuzz/: `scripts/run test` does it
# before running CTest. A build that was not made is a skip that names it, and scripts/run test
# fails a skip whose need was met (tests/support/check_skips.py).
set -u
source "$EVTXDIAG_SOURCE_DIR/tests/support/skip.sh"
build="${EVTXDIAG_FUZZ_BUILD_DIR:-$EVTXDIAG_SOURCE_DIR/build-fuzz}"
seconds="${EVTXDIAG_FUZZ_SECONDS:-15}"
targets="evtx scan scenario knowledge event_xml"
for t in $targets; do
  [ -x "$build/fuzz/fuzz_$t" ] || skip_test "path:$build/fuzz/fuzz_$t" \
    "fuzz target fuzz_$t not built (cmake --workflow --preset fuzz, or scripts/run test)"
done
# Prebuilt targets older than the sources they test would fuzz yesterday's code.
newest_source=$(find "$EVTXDIAG_SOURCE_DIR/lib" "$EVTXDIAG_SOURCE_DIR/fuzz" -name '*.[ch]pp' -newer "$build/fuzz/fuzz_evtx" | head -n 1)
if [ -n "$newest_source" ]; then
  skip_test "path:$build/fuzz/fuzz_evtx" "$build/fuzz is older than $newest_source (cmake --build --preset fuzz)"
fi
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
