# Sourced by shell tests. A test that cannot run (or runs only in part) says WHAT it needs, so
# that scripts/run test can fail the suite when that need was in fact met (tests/support/check_skips.py):
#   skip_test REQUIREMENT "reason"      print, record, exit 77 (CTest: Skipped)
#   skip_part REQUIREMENT "reason"      print, record, carry on (a part of the test did not run)
# REQUIREMENT is one of: samples | sample:<path below the samples dir> | tool:<program> |
# python:<module> | path:<absolute path> | cmake:<ON option> | sanitizer (not meaningful under ASan).
_evtxdiag_record_skip() {
  if [ -n "${EVTXDIAG_SKIP_LOG:-}" ]; then
    mkdir -p "$(dirname "$EVTXDIAG_SKIP_LOG")"
    printf '%s\t%s\t%s\n' "${EVTXDIAG_TEST_NAME:-?}" "$1" "$2" >> "$EVTXDIAG_SKIP_LOG"
  fi
}
skip_test() { _evtxdiag_record_skip "$1" "$2"; echo "SKIPPED (needs $1): $2"; exit 77; }
skip_part() { _evtxdiag_record_skip "$1" "$2"; echo "part SKIPPED (needs $1): $2"; }
