#!/bin/bash
# ctest-labels: nosan
# ctest-timeout: 600
# Short libFuzzer run (issue 11): builds fuzz/ with clang (-fsanitize=fuzzer,address,undefined)
# in $EVTXDIAG_BUILD_DIR/fuzz-build and runs every target for ~15 s from its seed corpus with
# the EVTX dictionary. Any crash, leak, sanitizer report or timeout fails the test; libFuzzer
# writes the input as crash-*/timeout-*/oom-* into the work dir, which is printed so the input
# can be kept in testdata/crashes/<target>/ (replayed by tests/unit/replay_crashes_test.cpp).
set -u
if ! command -v clang++ >/dev/null 2>&1; then
  echo "SKIPPED: clang++ is not installed (Debian clang + libclang-rt-14-dev)"
  exit 77
fi
build="$EVTXDIAG_BUILD_DIR/fuzz-build"
seconds="${EVTXDIAG_FUZZ_SECONDS:-15}"
targets="evtx scan scenario knowledge event_xml"
if ! CC=clang CXX=clang++ cmake -S "$EVTXDIAG_SOURCE_DIR" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE= \
    -DEVTXDIAG_FUZZ=ON -DEVTXDIAG_BUILD_TESTS=OFF -DEVTXDIAG_BUILD_PYTHON=OFF \
    -DCMAKE_C_FLAGS="-O1 -fsanitize=fuzzer-no-link,address,undefined" \
    -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" >"$build.configure.log" 2>&1; then
  cat "$build.configure.log"; echo "FAILED: configuring the fuzz build"; exit 1
fi
if ! cmake --build "$build" -j2 $(for t in $targets; do echo --target fuzz_$t; done) >"$build.build.log" 2>&1; then
  tail -40 "$build.build.log"; echo "FAILED: building the fuzz targets"; exit 1
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
