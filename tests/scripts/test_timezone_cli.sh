#!/usr/bin/env bash
# --tz on dump and info: local time beside UTC with its offset, the zone and its provenance
# stated by info, bad zones rejected (exit 2), and the same output whatever the analyst's TZ.
# Input: a real Japanese System log from $EVTXDIAG_SAMPLES_DIR; SKIPPED without it.
set -euo pipefail
source "$EVTXDIAG_SOURCE_DIR/tests/support/skip.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log="$EVTXDIAG_SAMPLES_DIR/fukusuket__System.evtx"   # Japanese Windows: 6013 "-540 東京 (標準時)"
if [ ! -f "$log" ]; then skip_test sample:fukusuket__System.evtx "sample $log absent"; fi
fail=0
check() { if ! grep -qF -- "$2" "$1"; then echo "FAIL: $3: expected '$2' in:"; head -c 2000 "$1"; echo; fail=1; fi; }

# auto: inferred from the log's own 6013 events
"$EVTXDIAG" info "$log" > "$work/info.txt"
check "$work/info.txt" "first_event_local: 2022-06-09T08:46:15.3336211+09:00" "info local time (auto)"
check "$work/info.txt" "first_event: 2022-06-08T23:46:15.3336211Z" "info keeps UTC"
check "$work/info.txt" "inferred from record 121 of $log (EventLog 6013" "info states where the zone came from"
"$EVTXDIAG" info "$log" --format json > "$work/info.json"
"$EVTXDIAG_PYTHON" - "$work/info.json" <<'PY'
import json, sys
j = json.loads(open(sys.argv[1]).readline())
tz = j["time_zone"]
assert tz["origin"] == "inferred", tz
p = tz["periods"][0]
assert p["windows_id"] == "Tokyo Standard Time" and p["iana"] == "Asia/Tokyo", p
assert p["evidence"]["record"] == 121 and p["evidence"]["event"] == "EventLog 6013", p
PY

# user zones: IANA with DST, Windows id, fixed offset, UTC
"$EVTXDIAG" info "$log" --tz America/New_York > "$work/ny.txt"
check "$work/ny.txt" "first_event_local: 2022-06-08T19:46:15.3336211-04:00" "IANA zone with DST"
check "$work/ny.txt" "given by the user (--tz America/New_York)" "user zone provenance"
"$EVTXDIAG" info "$log" --tz "Pacific Standard Time" > "$work/pst.txt"
check "$work/pst.txt" "first_event_local: 2022-06-08T16:46:15.3336211-07:00" "Windows zone id via CLDR"
"$EVTXDIAG" info "$log" --tz -05:30 > "$work/fixed.txt"
check "$work/fixed.txt" "first_event_local: 2022-06-08T18:16:15.3336211-05:30" "fixed offset"
"$EVTXDIAG" dump "$log" --tz UTC > "$work/utc.jsonl"
check "$work/utc.jsonl" '"time_created":"2022-06-08T23:46:22.9692637Z","time_created_local":"2022-06-08T23:46:22.9692637+00:00"' "dump UTC"
"$EVTXDIAG" dump "$log" --format csv > "$work/dump.csv"
check "$work/dump.csv" "time_created,time_created_local" "CSV column beside UTC"
check "$work/dump.csv" "2022-06-09T08:46:22.9692637+09:00" "CSV local value (auto)"

# bad zone: usage error
if "$EVTXDIAG" info "$log" --tz Mars/Base 2> "$work/err.txt"; then echo "FAIL: bad zone accepted"; fail=1; else
  [ $? -eq 2 ] || { echo "FAIL: bad zone exit code"; fail=1; }
  check "$work/err.txt" "unknown time zone 'Mars/Base'" "bad zone message"
fi

# the analyst's TZ never changes the output
for analyst in UTC America/Los_Angeles Asia/Kolkata Europe/London; do
  name=${analyst//\//_}
  TZ=$analyst "$EVTXDIAG" info "$log" --format json > "$work/tz-$name.json"
  if ! cmp -s "$work/info.json" "$work/tz-$name.json"; then echo "FAIL: info differs under TZ=$analyst"; fail=1; fi
  TZ=$analyst "$EVTXDIAG" dump "$log" --tz Europe/Berlin > "$work/dump-$name.jsonl"
  if ! cmp -s "$work/dump-UTC.jsonl" "$work/dump-$name.jsonl"; then echo "FAIL: dump differs under TZ=$analyst"; fail=1; fi
done
[ $fail -eq 0 ] && echo "timezone cli: ok"
exit $fail
