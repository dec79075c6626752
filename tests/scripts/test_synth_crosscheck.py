#!/usr/bin/python3
"""Every scenario in testdata/scenarios/ -> `evtxdiag synth` -> read back by three readers.

The readers are (1) `evtxdiag dump --format jsonl`, (2) libevtx's `evtxexport -f xml`, (3) python-evtx
(Debian python3-evtx). For every record they must report the same record id, event id, provider,
time (exact between evtxdiag and libevtx; python-evtx may be a few us off: it converts through a float), channel, computer, Data values
(names, or position for unnamed Data), Qualifiers and Binary; the record count must equal the number
of events the scenario describes (repeat counts included), and `evtxinfo` must report no corruption,
no recovered records and the same count. Covers the several-thousand-event scenario
(basic-many-chunks.yaml: many chunks, shared templates) and every scenario the other helpers add.
"""
# ctest-labels: slow nosan
# ctest-timeout: 900
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"
EPOCH_1601_TO_1970 = 116444736000000000
SOURCE = Path(os.environ.get("EVTXDIAG_SOURCE_DIR", Path(__file__).resolve().parents[2]))
EVTXDIAG = os.environ.get("EVTXDIAG", "evtxdiag")
failures = []


def ticks(text):
    """ISO time with 0-9 fraction digits and Z (libevtx: 9 digits, python-evtx: space, no Z) -> ticks."""
    m = re.match(r"^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z?$", text)
    if not m:
        raise ValueError("bad time " + text)
    import calendar
    secs = calendar.timegm(tuple(int(g) for g in m.groups()[:6]))
    frac = (m.group(7) or "0")[:7].ljust(7, "0")
    return secs * 10_000_000 + int(frac) + EPOCH_1601_TO_1970


def normalise(events):
    """Record dicts -> {record_id: tuple} with positional names for unnamed Data."""
    out = {}
    for e in events:
        data = tuple((name if name is not None else str(i + 1), value) for i, (name, value) in enumerate(e["data"]))
        out[e["record_id"]] = dict(e, data=data)
    return out


def from_xml_event(event):
    system = event.find(NS + "System")
    provider = system.find(NS + "Provider")
    event_id = system.find(NS + "EventID")
    data, binary = [], ""
    payload = event.find(NS + "EventData")
    if payload is not None:
        for child in payload:
            if child.tag == NS + "Data":
                data.append((child.get("Name"), child.text or ""))
            elif child.tag == NS + "Binary":
                binary = child.text or ""
    qualifiers = event_id.get("Qualifiers")
    return {"record_id": int(system.find(NS + "EventRecordID").text), "event_id": int(event_id.text),
            "qualifiers": int(qualifiers) if qualifiers not in (None, "") else None,
            "provider": provider.get("Name"), "time": ticks(system.find(NS + "TimeCreated").get("SystemTime")),
            "channel": system.find(NS + "Channel").text or "", "computer": system.find(NS + "Computer").text or "",
            "data": data, "binary": binary}


def read_evtxexport(path):
    out = subprocess.run(["evtxexport", "-f", "xml", str(path)], capture_output=True, text=True, check=True).stdout
    docs = re.findall(r"<Event xmlns=.*?</Event>", out, flags=re.S)
    return [from_xml_event(ET.fromstring(doc)) for doc in docs]


def read_python_evtx(path):
    import Evtx.Evtx as evtx
    events = []
    with evtx.Evtx(str(path)) as log:
        for record in log.records():
            e = from_xml_event(ET.fromstring(record.xml()))
            if e["binary"]:  # python-evtx renders Binary values as base64, the others as hex
                e["binary"] = base64.b64decode(e["binary"]).hex().upper()
            events.append(e)
    return events


def read_evtxdiag(path):
    out = subprocess.run([EVTXDIAG, "dump", "--format", "jsonl", str(path)], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"evtxdiag dump exit {out.returncode}: {out.stderr.strip()}")
    events = []
    for line in out.stdout.splitlines():
        j = json.loads(line)
        events.append({"record_id": j["event_record_id"], "event_id": j["event_id"], "qualifiers": j["qualifiers"],
                       "provider": j["provider"], "time": ticks(j["time_created"]), "channel": j["channel"],
                       "computer": j["computer"], "data": [(d["name"], d["value"]) for d in j["data"]],
                       "binary": j["binary"]})
    return events


def evtxinfo_count(path, label):
    out = subprocess.run(["evtxinfo", str(path)], capture_output=True, text=True)
    text = out.stdout + out.stderr
    if out.returncode != 0 or "corrupt" in text.lower():
        failures.append(f"{label}: evtxinfo reports a problem:\n{text}")
    recovered = re.search(r"Number of recovered records\s*:\s*(\d+)", text)
    if not recovered or recovered.group(1) != "0":
        failures.append(f"{label}: evtxinfo reports recovered records")
    m = re.search(r"Number of records\s*:\s*(\d+)", text)
    return int(m.group(1)) if m else -1


def scenario_counts(path):
    """file -> number of events the scenario describes (repeat counts included)."""
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # all scalars as text
    return {log["file"]: sum(int(e.get("repeat", {}).get("count", "1")) for e in log.get("events", []))
            for log in doc["logs"]}


def compare(label, reference_name, reference, other_name, other, time_tolerance):
    if set(reference) != set(other):
        failures.append(f"{label}: {reference_name} and {other_name} see different record ids: "
                        f"{sorted(set(reference) ^ set(other))[:10]}")
    for rid in sorted(set(reference) & set(other)):
        a, b = reference[rid], other[rid]
        for key in a:
            same = abs(a[key] - b[key]) <= time_tolerance if key == "time" else a[key] == b[key]
            if not same:
                failures.append(f"{label} record {rid}: {key} differs: {reference_name} {a[key]!r}, "
                                f"{other_name} {b[key]!r}")
                break


def main():
    scenarios = sorted((SOURCE / "testdata" / "scenarios").glob("*.yaml"))
    if not any(s.name == "basic-many-chunks.yaml" for s in scenarios):
        failures.append("basic-many-chunks.yaml (the several-thousand-event case) is missing")
    total = 0
    with tempfile.TemporaryDirectory(prefix="evtxdiag-crosscheck-") as tmp:
        for scenario in scenarios:
            out_dir = Path(tmp) / scenario.stem
            run = subprocess.run([EVTXDIAG, "synth", str(scenario), "--out", str(out_dir)], capture_output=True, text=True)
            if run.returncode != 0:
                failures.append(f"{scenario.name}: synth exit {run.returncode}: {run.stderr.strip()}")
                continue
            for file_name, expected_count in scenario_counts(scenario).items():
                path = out_dir / file_name
                label = f"{scenario.name}/{file_name}"
                readers = {}
                for name, reader in (("evtxdiag", read_evtxdiag), ("evtxexport", read_evtxexport),
                                     ("python-evtx", read_python_evtx)):
                    try:
                        events = reader(path)
                    except Exception as e:  # a reader that cannot read the file is a failure, not a skip
                        failures.append(f"{label}: {name} failed: {e}")
                        continue
                    if len(events) != expected_count:
                        failures.append(f"{label}: {name} read {len(events)} records, scenario has {expected_count}")
                    readers[name] = normalise(events)
                if evtxinfo_count(path, label) != expected_count:
                    failures.append(f"{label}: evtxinfo count differs from the scenario's {expected_count}")
                if "evtxexport" in readers:
                    # python-evtx converts FILETIME through a float and truncates to microseconds:
                    # allow 5 us there; evtxdiag must match libevtx to the 100 ns tick.
                    for name, tolerance in (("evtxdiag", 0), ("python-evtx", 50)):
                        if name in readers:
                            compare(label, "evtxexport", readers["evtxexport"], name, readers[name], tolerance)
                total += expected_count
    for f in failures[:40]:
        print("FAIL:", f)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print(f"crosscheck: {len(scenarios)} scenarios, {total} records identical in evtxdiag, evtxexport and python-evtx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
