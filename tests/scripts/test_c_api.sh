#!/usr/bin/env bash
# ctest-labels: nosan
# The C API through the installed package: a program written in C (C99, -Wall -Wextra -Werror
# -pedantic), built outside the source tree with pkg-config evtxdiag-c, reads the golden case
# seed-004 from a file and a buffer, explains a code, checks the error codes, and diagnoses the
# case: its JSON must be byte-identical to `evtxdiag diagnose --format json`.
set -euo pipefail
source "$EVTXDIAG_SOURCE_DIR/tests/consumer/install_tree.sh"

export PKG_CONFIG_PATH="$libdir/pkgconfig"
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Werror -pedantic "$EVTXDIAG_SOURCE_DIR/tests/consumer/c_consumer.c" -o "$work/c_consumer" \
  $(pkg-config --cflags --libs evtxdiag-c) -Wl,-rpath,"$libdir" || fail "compiling the C program"
ldd "$work/c_consumer" > "$work/ldd.txt"; grep -q "$libdir/libevtxdiag_c.so" "$work/ldd.txt" || { ldd "$work/c_consumer"; fail "not linked to the installed C library"; }

(cd "$work" && "$work/c_consumer" "$logs/System.evtx" "$logs") > "$work/c.out" 2> "$work/c.err" \
  || { cat "$work/c.out" "$work/c.err"; fail "C program exited with an error"; }
grep -q '^file: 47 events, 0 undecodable, 0 diagnostics$' "$work/c.out" || { cat "$work/c.out"; fail "event count"; }
grep -q '^first: 2012-01-16T03:00:00.0000000Z EventLog 6013 #98812 ' "$work/c.out" || { cat "$work/c.out"; fail "first event"; }
grep -q '^explain: 0x80780021[ :]' "$work/c.out" || { cat "$work/c.out"; fail "explain"; }
grep -q '^diagnosis: 5 jobs, ' "$work/c.out" || { cat "$work/c.out"; fail "diagnosis counts"; }

sed -n '/^JSON:$/,$p' "$work/c.out" | tail -n +2 > "$work/c.json"
"$EVTXDIAG" diagnose "$logs" --format json > "$work/cli.json" 2>/dev/null || true
cmp -s "$work/c.json" "$work/cli.json" || { diff "$work/cli.json" "$work/c.json" | head -20; fail "C API JSON differs from the CLI's"; }
grep -q "\"title\": \"$expected_cause\"" "$work/c.json" || fail "SPP timeout cause missing from the JSON"
# Events serialise exactly as `evtxdiag dump` prints them.
sed -n 's/^event-json: //p' "$work/c.out" > "$work/c.events"
"$EVTXDIAG" dump "$logs/System.evtx" --tz UTC > "$work/cli.events" 2>/dev/null
[ -s "$work/c.events" ] && cmp -s "$work/c.events" "$work/cli.events" \
  || { diff "$work/cli.events" "$work/c.events" | head -5; fail "C API event JSON differs from dump's"; }
# `info` through the C API is the CLI's output, byte for byte.
sed -n '/^INFO-TEXT:$/,/^INFO-END$/p' "$work/c.out" | sed '1d;$d' > "$work/c.info"
"$EVTXDIAG" info "$logs" > "$work/cli.info" 2>/dev/null
[ -s "$work/c.info" ] && cmp -s "$work/c.info" "$work/cli.info" || { diff "$work/cli.info" "$work/c.info" | head -5; fail "C API info differs from the CLI's"; }
sed -n '/^INFO-JSON:$/,/^INFO-END$/p' "$work/c.out" | sed '1d;$d' > "$work/c.info.json"
"$EVTXDIAG" info "$logs" --tz UTC --format json > "$work/cli.info.json" 2>/dev/null
[ -s "$work/c.info.json" ] && cmp -s "$work/c.info.json" "$work/cli.info.json" || { diff "$work/cli.info.json" "$work/c.info.json" | head -5; fail "C API info JSON differs from the CLI's"; }

# README's C example, exactly as printed there, checks every status and prints the same JSON.
readme="$EVTXDIAG_SOURCE_DIR/README.md"
awk '/^<!-- example: readme_c.c -->$/ {on=1; next} /^<!-- end example -->$/ {on=0} on && !/^```/' "$readme" > "$work/readme_c.c"
grep -q 'int main' "$work/readme_c.c" || fail "README lacks the C example between '<!-- example: readme_c.c -->' and '<!-- end example -->'"
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Werror -pedantic "$work/readme_c.c" -o "$work/readme_c" \
  $(pkg-config --cflags --libs evtxdiag-c) -Wl,-rpath,"$libdir" || fail "compiling README's C example"
(cd "$work" && "$work/readme_c" "$logs/System.evtx" "$logs") > "$work/readme_c.out" || fail "README's C example failed"
grep -q '^EventLog 6013$' "$work/readme_c.out" || fail "README's C example listed no events"
sed -n '/^{/,$p' "$work/readme_c.out" > "$work/readme_c.json"
cmp -s "$work/readme_c.json" "$work/cli.json" || fail "README's C example JSON differs from the CLI's"
"$work/readme_c" /nonexistent.evtx "$logs" 2> "$work/readme_c.err" && fail "README's C example ignored a failed open"
grep -q '^open: ' "$work/readme_c.err" || fail "README's C example did not report the failed open"
echo "C API: ok"
sed -n '1,/^JSON:$/p' "$work/c.out"
