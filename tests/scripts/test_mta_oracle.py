#!/usr/bin/env python3
# Oracle: Event Viewer's own CSV export of omer__mta/test.evtx (test.csv) against
# `evtxdiag dump`, which finds test_1033.MTA beside the log by itself. For all 239 events the
# message, level and task category must equal the Message, Level and Task Category columns
# exactly. Event Viewer lists events by descending EventRecordID; the CSV has no record ids,
# so rows are paired with the dump sorted the same way (Source and Event ID must agree too).
import csv
import io
import json
import os
import subprocess
import sys

from skip import skip_test  # tests/support (PYTHONPATH)

samples = os.environ.get("EVTXDIAG_SAMPLES_DIR", "")
folder = os.path.join(samples, "omer__mta")
log = os.path.join(folder, "test.evtx")
oracle = os.path.join(folder, "test.csv")
if not (os.path.isfile(log) and os.path.isfile(oracle) and os.path.isfile(os.path.join(folder, "test_1033.MTA"))):
    skip_test("sample:omer__mta/test_1033.MTA", f"{folder} (test.evtx, test_1033.MTA, test.csv) not present")
evtxdiag = os.environ["EVTXDIAG"]


def dump(*extra):
    result = subprocess.run([evtxdiag, "dump", log, *extra], capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0 or result.stderr:
        sys.exit(f"FAIL: dump {' '.join(extra)} exit {result.returncode}, stderr: {result.stderr}")
    return result.stdout


events = [json.loads(line) for line in dump().splitlines()]
with open(oracle, encoding="utf-8-sig", newline="") as handle:
    rows = list(csv.reader(handle))
header, rows = rows[0], rows[1:]
assert header[:5] == ["Level", "Date and Time", "Source", "Event ID", "Task Category"], header
if len(events) != 239 or len(rows) != 239:
    sys.exit(f"FAIL: {len(events)} events, {len(rows)} oracle rows; expected 239 each")

failures = 0
events.sort(key=lambda e: e["event_record_id"], reverse=True)
for event, row in zip(events, rows):
    level, _, source, event_id, task, message = row
    got = (event["level_name"], event["provider"], str(event["event_id"]), event["task_name"], event["message"])
    want = (level, source, event_id, task, message)
    if got != want or event["message_source"] != "mta":
        failures += 1
        if failures <= 5:
            print(f"MISMATCH EventRecordID {event['event_record_id']}:\n  got  {got!r}\n  want {want!r}")

# The CSV output carries the same message column (quoted as CSV requires).
csv_rows = list(csv.DictReader(io.StringIO(dump("--format", "csv"))))
csv_messages = sorted((int(r["event_record_id"]), r["message"], r["level_name"], r["task_name"]) for r in csv_rows)
json_messages = sorted((e["event_record_id"], e["message"], e["level_name"], e["task_name"]) for e in events)
if csv_messages != json_messages:
    failures += 1
    print("MISMATCH: --format csv message/level_name/task_name columns differ from JSONL")

# --no-mta: nothing from the MTA; an explicit --mta gives the same messages as discovery.
plain = [json.loads(line) for line in dump("--no-mta").splitlines()]
if any(e["message_source"] != "none" or e["message"] for e in plain):
    failures += 1
    print("MISMATCH: --no-mta still shows MTA messages")
explicit = [json.loads(line) for line in dump("--mta", os.path.join(folder, "test_1033.MTA"), "--lang", "ja").splitlines()]
if sorted(e["message"] for e in explicit) != sorted(e["message"] for e in events):
    failures += 1
    print("MISMATCH: --mta FILE differs from the MTA found beside the log")

print(f"mta oracle: {len(events)} events compared with Event Viewer's CSV; failures: {failures}")
sys.exit(1 if failures else 0)
