#!/bin/sh
# bench/run.sh --quick on one small synthesised log: checks the table's format (one row per
# command, numbers in every column, the results file with --out), never the timings.
set -eu
. "$EVTXDIAG_SOURCE_DIR/tests/support/skip.sh"
command -v evtxexport >/dev/null || skip_test tool:evtxexport "evtxexport (libevtx-utils) not installed"
[ -x /usr/bin/time ] || skip_test path:/usr/bin/time "/usr/bin/time not installed"
work=$(mktemp -d "${TMPDIR:-/tmp}/evtxdiag-bench-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
"$EVTXDIAG" synth "$EVTXDIAG_SOURCE_DIR/testdata/scenarios/basic-many-chunks.yaml" --out "$work/logs" >/dev/null
"$EVTXDIAG_SOURCE_DIR/bench/run.sh" --quick --evtxdiag "$EVTXDIAG" --input "$work/logs/System.evtx" \
  --out "$work/out" >"$work/stdout.txt"
cat "$work/stdout.txt"
fail() { echo "FAIL: $1"; exit 1; }
grep -q '^input: System.evtx (1 file, [0-9.]* MB, 4200 records)$' "$work/stdout.txt" || fail "input line"
grep -q '^command  *-j  *records  *seconds  *records/s  *MB/s  *peak RSS MiB  *vs evtxexport$' "$work/stdout.txt" ||
  fail "header line"
row='  *[12]  *4200  *[0-9]*\.[0-9]\{3\}  *[0-9]*  *[0-9]*\.[0-9]  *[0-9]*\.[0-9]  *[0-9]*\.[0-9][0-9]x$'
for command in "evtxexport -f xml" "evtxdiag dump (jsonl)" "evtxdiag diagnose" "evtxdiag batch (1 case)"; do
  grep -q "^$command$row" "$work/stdout.txt" || fail "no well-formed row for $command"
done
[ "$(grep -c "^evtxdiag dump (jsonl)$row" "$work/stdout.txt")" -eq 2 ] || fail "dump needs a -j1 and a -j2 row"
[ "$(grep -c "^evtxdiag diagnose$row" "$work/stdout.txt")" -eq 2 ] || fail "diagnose needs a -j1 and a -j2 row"
grep -q '^evtxexport -f xml  *1 .* 1\.00x$' "$work/stdout.txt" || fail "evtxexport is the reference (1.00x)"
cmp -s "$work/stdout.txt" "$work/out/results.txt" || fail "--out results.txt differs from the printed table"
echo "bench smoke: ok"
