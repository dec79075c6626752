#!/usr/bin/python3
"""The domain scenarios in testdata/scenarios/ are consistent and survive synth -> read.

Static part (always runs): every scenario (except the writer's basic-*.yaml) has a header comment,
`description:` and an `expect:` block with zone (a real IANA name), jobs, causes and red_herrings;
every event reference in `expect:` ("<file> #<record_id> <provider> <event_id>") names an event that
exists in the scenario; every job start is the time of a job-start event or a quoted BackupTime; the
zone evidence quoted from 6013 is really in a 6013 event.

Round trip (when `evtxdiag synth` and Debian's evtxexport are available): each scenario is written
with `evtxdiag synth` into a fresh temporary directory and every event read back by `evtxexport -f
xml` must match the scenario: record id, provider, event id, qualifiers, level, time (to 100 ns),
channel, computer, every Data value (typed values in the form readers show them, worked out by
scenario_values.py; negative Int32 allowed in libevtx's wrong form) and the Binary hex.
"""
import concurrent.futures
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scenario_values import expected_fields, items_of  # noqa: E402

NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"
REF = re.compile(r"^(?P<file>\S+\.evtx) #(?P<rid>\d+) (?P<provider>.+) (?P<eid>\d+)$")
JOB_START_EVENTS = {("Microsoft-Windows-Backup", 1), ("Windows Backup", 4097), ("CloudBackup", 1),
                    ("Microsoft-Windows-Backup", 753),
                    # runs that never started: their failure is their own job (MARS 18 "scheduled backup
                    # failed to start", Windows Backup 4104 0x810000E2 "another backup is in progress")
                    ("CloudBackup", 18), ("Windows Backup", 4104)}
failures = []


# The C loader (libyaml) when present: the pure-Python one needs seconds for these files.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StringTimesLoader(_BaseLoader):
    """Safe loader that keeps timestamps as text (PyYAML would cut them to microseconds)."""


StringTimesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def fail(msg):
    failures.append(msg)


def ticks(value):
    """'2012-01-18T07:26:31.3100000Z' (any number of fraction digits) -> 100 ns ticks since 1601."""
    text = str(value)
    m = re.match(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$", text.replace(" ", "T"))
    if not m:
        raise ValueError("bad time " + text)
    base = dt.datetime.fromisoformat(m.group(1) + ("+00:00" if m.group(3) == "Z" else m.group(3)))
    frac = (m.group(2) or "0")[:7].ljust(7, "0")
    epoch = dt.datetime(1601, 1, 1, tzinfo=dt.timezone.utc)
    return int((base - epoch).total_seconds()) * 10_000_000 + int(frac)


def scenario_events(doc):
    for log in doc["logs"]:
        for ev in log["events"]:
            yield log, ev


def check_static(path, doc, text):
    name = path.name
    if not text.startswith("#"):
        fail(f"{name}: no header comment")
    for key in ("description", "computer", "expect", "logs"):
        if key not in doc:
            fail(f"{name}: missing top-level key {key}")
    exp = doc.get("expect") or {}
    for key in ("zone", "jobs", "causes", "red_herrings"):
        if key not in exp:
            fail(f"{name}: expect has no {key}")
    try:
        ZoneInfo(exp.get("zone", ""))
    except Exception:  # noqa: BLE001 - any failure means the name is not an IANA zone
        fail(f"{name}: expect.zone {exp.get('zone')!r} is not an IANA zone")

    by_ref = {}
    times = set()
    backup_times = set()
    zone_texts = set()
    for log, ev in scenario_events(doc):
        by_ref[(log["file"], int(ev["record_id"]))] = ev
        if (ev["provider"], ev["event_id"]) in JOB_START_EVENTS:
            times.add(ticks(ev["time"]))
        data = ev.get("data")
        if isinstance(data, dict):
            for key in ("BackupTime", "BackupStartTime"):
                if key in data:  # a String, or {type: FILETIME, value: ...}
                    backup_times.add(ticks(items_of(data[key])[1][0]))
        if ev["provider"] == "EventLog" and ev["event_id"] == 6013 and isinstance(data, list):
            zone_texts.add(expected_fields(ev)[0][6][1])

    def refs(node):
        if isinstance(node, str):
            if ".evtx #" in node:
                yield node
        elif isinstance(node, dict):
            for v in node.values():
                yield from refs(v)
        elif isinstance(node, list):
            for v in node:
                yield from refs(v)

    for ref in refs(exp):
        m = REF.match(ref)
        if not m:
            fail(f"{name}: malformed event reference {ref!r}")
            continue
        ev = by_ref.get((m["file"], int(m["rid"])))
        if ev is None or ev["provider"] != m["provider"] or ev["event_id"] != int(m["eid"]):
            fail(f"{name}: expect names {ref!r}, which is not an event of the scenario")

    for job in exp.get("jobs") or []:
        start = ticks(job["start_utc"])
        if start not in times and start not in backup_times:
            fail(f"{name}: job start {job['start_utc']} is neither a job-start event nor a BackupTime")
    evidence = str(exp.get("zone_evidence", ""))
    if "6013 Data[7] = " in evidence and evidence.split("6013 Data[7] = ", 1)[1] not in zone_texts:
        fail(f"{name}: zone_evidence {evidence!r} is not the text of any 6013")


def read_evtxexport(path):
    out = subprocess.run(["evtxexport", "-f", "xml", str(path)], capture_output=True, check=False)
    if out.returncode != 0:
        fail(f"evtxexport failed on {path.name}: {out.stderr.decode(errors='replace')[:300]}")
        return []
    text = out.stdout.decode("utf-8", errors="replace")
    events = []
    for part in re.split(r"(?=<Event xmlns)", text):
        if part.startswith("<Event"):
            events.append(ET.fromstring(part.strip()))
    return events


def compare(name, log, ev, node, computer):
    where = f"{name}:{log['file']} #{ev['record_id']}"
    system = node.find(NS + "System")
    prov = system.find(NS + "Provider")
    eid = system.find(NS + "EventID")
    checks = [
        ("record id", system.findtext(NS + "EventRecordID"), str(ev["record_id"])),
        ("provider", prov.get("Name"), ev["provider"]),
        ("event id", eid.text, str(ev["event_id"])),
        ("qualifiers", eid.get("Qualifiers"), None if "qualifiers" not in ev else str(ev["qualifiers"])),
        ("level", system.findtext(NS + "Level"), str(ev.get("level", 4))),
        ("channel", system.findtext(NS + "Channel"), log["channel"]),
        ("computer", system.findtext(NS + "Computer"), ev.get("computer", computer)),
    ]
    for what, got, want in checks:
        if got != want:
            fail(f"{where}: {what} {got!r} != {want!r}")
    got_time = ticks(system.find(NS + "TimeCreated").get("SystemTime"))
    if got_time != ticks(ev["time"]):
        fail(f"{where}: time {system.find(NS + 'TimeCreated').get('SystemTime')} != {ev['time']}")
    payload = node.find(NS + "EventData")
    got_data = [] if payload is None else [(d.get("Name"), d.text or "") for d in payload.findall(NS + "Data")]
    user_data = node.find(NS + "UserData")
    if user_data is not None:  # the leaf elements below UserData's element, as readers flatten it
        got_data = [(e.tag.rsplit("}", 1)[-1], e.text or "") for top in user_data for e in top.iter()
                    if len(e) == 0 and e is not top]
    want_data, want_binary = expected_fields(ev)
    # libevtx 20181227 prints a negative Int32 without its sign bit (-60 as -2147483588).
    same = len(got_data) == len(want_data) and all(
        g == w or (g[0] == w[0] and re.fullmatch(r"-\d+", g[1]) and re.fullmatch(r"-\d+", w[1]) and
                   int(g[1][1:]) + int(w[1][1:]) == 1 << 31) for g, w in zip(got_data, want_data))
    if not same:
        fail(f"{where}: data {got_data!r} != {want_data!r}")
    got_bin = "" if payload is None else (payload.findtext(NS + "Binary") or "")
    if got_bin.upper() != want_binary:
        fail(f"{where}: binary differs")


def round_trip(evtxdiag, path, doc):
    out_dir = Path(tempfile.mkdtemp(prefix="evtxdiag-scen-"))
    try:
        res = subprocess.run([evtxdiag, "synth", str(path), "--out", str(out_dir / "out")],
                             capture_output=True, text=True, check=False)
        if res.returncode != 0:
            fail(f"{path.name}: evtxdiag synth exited {res.returncode}: {res.stderr.strip()[:400]}")
            return
        for log in doc["logs"]:
            nodes = read_evtxexport(out_dir / "out" / log["file"])
            if len(nodes) != len(log["events"]):
                fail(f"{path.name}:{log['file']}: evtxexport read {len(nodes)} events, scenario has {len(log['events'])}")
                continue
            for ev, node in zip(log["events"], nodes):
                compare(path.name, log, ev, node, doc["computer"])
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


def synth_available(evtxdiag):
    if not evtxdiag or not os.access(evtxdiag, os.X_OK):
        return False
    res = subprocess.run([evtxdiag, "synth", "--help"], capture_output=True, text=True, check=False)
    return res.returncode == 0


def main():
    source = Path(os.environ.get("EVTXDIAG_SOURCE_DIR", Path(__file__).resolve().parents[2]))
    scenarios = sorted(p for p in (source / "testdata" / "scenarios").glob("*.yaml") if not p.name.startswith("basic-"))
    if not scenarios:
        print("no scenarios found", file=sys.stderr)
        return 1
    evtxdiag = os.environ.get("EVTXDIAG", "")
    do_round_trip = synth_available(evtxdiag) and shutil.which("evtxexport") is not None
    docs = []
    for path in scenarios:
        text = path.read_text(encoding="utf-8")
        doc = yaml.load(text, Loader=StringTimesLoader)
        check_static(path, doc, text)
        docs.append((path, doc))
    if do_round_trip:
        # The round trips are independent subprocess pipelines: run a few at once to stay fast.
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            for future in [pool.submit(round_trip, evtxdiag, path, doc) for path, doc in docs]:
                future.result()
    for msg in failures:
        print("FAIL:", msg)
    print(f"{len(scenarios)} scenarios checked, round trip {'done' if do_round_trip else 'not available (no synth/evtxexport)'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
