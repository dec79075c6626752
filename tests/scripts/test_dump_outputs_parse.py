#!/usr/bin/env python3
# ctest-labels: slow
# ctest-timeout: 900
"""Every `dump` output of every sample parses, and the formats agree.

For every .evtx under $EVTXDIAG_SAMPLES_DIR, live and recovered records:
- `--format xml` (default decoder and --decoder libevtx) is one well-formed XML document;
- `--format jsonl` is one JSON object per line; `--format csv` has as many cells per row as its
  header, one row per event;
- XML and JSONL agree value for value (default decoder): every data field of the JSON event is
  found at its path in the XML event, with the same text once the XML's visible escapes
  (\\uXXXX, README "XML output") are read back, and the XML holds no payload attribute that the
  JSON leaves out.
Then the libevtx faults the built-in decoder avoids, with the values Windows meant: negative Int32 values
(CurrentBias -540, Error Code -1), a LiveId SOAP string that libevtx leaves unescaped (the value
is the string, on both decoders), control characters (U+0003, U+0001) carried by the XML as
escapes, CAPI2 attribute values; and `--cross-check` names each difference with both values.
"""
import csv
import glob
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

from skip import skip_test  # tests/support (PYTHONPATH)

EVTXDIAG = os.environ.get("EVTXDIAG", "evtxdiag")
SAMPLES = os.environ.get("EVTXDIAG_SAMPLES_DIR", "")
NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"
failures = []


def fail(message):
    failures.append(message)


def dump(path, fmt, *extra):
    run = subprocess.run([EVTXDIAG, "dump", "--recovered", "--no-mta", "--format", fmt, *extra, path],
                         capture_output=True)
    if run.returncode not in (0, 1):
        fail(f"{os.path.basename(path)}: dump --format {fmt} {' '.join(extra)} exit {run.returncode}: "
             f"{run.stderr.decode(errors='replace')[-300:]}")
        return None
    return run.stdout.decode("utf-8")  # every output is UTF-8 (bad bytes become U+FFFD)


def visible_unescaped(text):
    """The text the XML output stands for: each \\uXXXX escape read back (surrogates: U+FFFD)."""
    def one(m):
        cp = int(m.group(1), 16)
        return "\ufffd" if 0xD800 <= cp < 0xE000 else chr(cp)
    return re.sub(r"\\u([0-9A-Fa-f]{4})", one, text)


def local(tag):
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def xml_values(event):
    """path -> text of every element and attribute under the payload roots (DataField paths),
    and the number of attributes that are values (not EventData's Data/@Name)."""
    values, attributes = {}, 0

    def walk(node, path, item):
        nonlocal attributes
        values[path] = node.text or ""
        for key, value in node.attrib.items():
            values[f"{path}/@{local(key)}"] = value
            if not (item and key == "Name"):
                attributes += 1
        seen = {}
        for child in node:
            name = child.tag.rsplit("}", 1)[-1]
            seen[name] = seen.get(name, 0) + 1
            walk(child, f"{path}/{name}" + (f"[{seen[name]}]" if seen[name] > 1 else ""), local(path) == "EventData")

    for part in event:
        if local(part.tag) != "System":
            walk(part, part.tag.rsplit("}", 1)[-1], False)
    return values, attributes


def check_file(path):
    name = os.path.relpath(path, SAMPLES)
    xml_text = dump(path, "xml")
    jsonl = dump(path, "jsonl")
    csv_text = dump(path, "csv")
    libevtx_xml = dump(path, "xml", "--decoder", "libevtx")
    if None in (xml_text, jsonl, csv_text, libevtx_xml):
        return
    documents = {}
    for label, text in (("xml", xml_text), ("xml --decoder libevtx", libevtx_xml)):
        try:
            documents[label] = ET.fromstring(text)
        except ET.ParseError as e:
            line = text.splitlines()[e.position[0] - 1] if e.position[0] <= len(text.splitlines()) else ""
            fail(f"{name}: --format {label} does not parse: {e}: {line[:200]!r}")
    try:
        events = [json.loads(line) for line in jsonl.splitlines() if line.strip()]
    except ValueError as e:
        fail(f"{name}: --format jsonl does not parse: {e}")
        return
    rows = list(csv.reader(io.StringIO(csv_text, newline="")))
    if len(rows) != len(events) + 1 or any(len(row) != len(rows[0]) for row in rows):
        fail(f"{name}: csv has {len(rows) - 1} rows for {len(events)} events, or ragged rows")
    document = documents.get("xml")
    if document is None:
        return
    xml_events = [e for e in document if local(e.tag) == "Event"]
    # A record whose payload is lost has no event XML: XML says so in a comment, JSON with
    # "payload_lost"; every other event is in both.
    whole = [e for e in events if "payload_lost" not in e]
    if local(document.tag) != "Events" or len(xml_events) != len(whole):
        fail(f"{name}: xml holds {len(xml_events)} <Event> in <{local(document.tag)}> for {len(whole)} whole JSON events")
        return
    for event, xml_event in zip(whole, xml_events):
        where = f"{name} record {event['record_number']} ({event['origin']})"
        values, attributes = xml_values(xml_event)
        for field in event["data"]:
            if field["path"] not in values:
                fail(f"{where}: data field {field['path']} is not in the XML")
            elif visible_unescaped(values[field["path"]]) != field["value"]:
                fail(f"{where}: {field['path']}: XML {values[field['path']][:80]!r}, JSON {field['value'][:80]!r}")
        json_attributes = sum("/@" in f["path"] for f in event["data"])
        if json_attributes != attributes:
            fail(f"{where}: the XML payload has {attributes} attribute values, the JSON {json_attributes}")


def records(path, ids, *extra):
    run = subprocess.run([EVTXDIAG, "dump", "--no-mta", *extra, path], capture_output=True, text=True)
    return {e["event_record_id"]: e for e in (json.loads(l) for l in run.stdout.splitlines() if l.strip())
            if e["event_record_id"] in ids}


def field(event, name):
    return next((d for d in event["data"] if d["name"] == name), None) if event else None


def check_regressions():
    def sample(name):
        path = os.path.join(SAMPLES, name)
        return path if os.path.exists(path) else None

    path = sample("fukusuket__System.evtx")
    if path:
        got = field(records(path, {543}).get(543), "CurrentBias")
        if not got or (got["value"], got.get("type")) != ("-540", "Int32"):
            fail(f"fukusuket__System record 543 CurrentBias: {got} (Windows meant Int32 -540)")
        run = subprocess.run([EVTXDIAG, "dump", "--cross-check", "--no-mta", path], capture_output=True, text=True)
        if not re.search(r'fukusuket__System\.evtx: chunk \d+, record 543 \(offset 0x[0-9a-f]+\): decoders differ on '
                         r'data\[\d+\] CurrentBias \(EventData/Data\[2\]\) value: built-in "-540", libevtx "-2147483108"',
                         run.stderr):
            fail(f"--cross-check does not name record 543's CurrentBias with both values: {run.stderr[:400]!r}")
    path = sample("museum-RathbunW10__Microsoft-Windows-Store%4Operational.evtx")
    if path:
        got = field(records(path, {950}).get(950), "Error Code")
        if not got or got["value"] != "-1":
            fail(f"Store log record 950 Error Code: {got} (Windows meant -1)")
    path = sample("pyevtx__issue_39.evtx")
    if path:
        for decoder in ("auto", "libevtx"):
            got = field(records(path, {185}, "--decoder", decoder).get(185), "Value")
            if not got or not got["value"].startswith("<S:Envelope><S:Header>") or got.get("path") != "EventData/Data":
                fail(f"pyevtx__issue_39 record 185 ({decoder}): SOAP Value {str(got)[:200]} is not the string as logged")
    path = sample("omer__security_bad_string_cache.evtx")
    if path:
        text = dump(path, "xml")
        if text is not None and '<Data Name="MinPasswordAge">\\u0003</Data>' not in text:
            fail("security log: U+0003 in MinPasswordAge is not written as the escape \\u0003")
        got = field(records(path, {55}).get(55), "MinPasswordAge")
        if not got or got["value"] != "\x03":
            fail(f"security log record 55 MinPasswordAge: {got} (the record holds U+0003)")
    path = sample("pyevtx__dns_log_malformed.evtx")
    if path:
        got = field(records(path, {101983}).get(101983), "QNAME")
        if not got or "\x01" not in got["value"]:
            fail(f"dns_log_malformed record 101983 QNAME: {got} (holds U+0001)")
    path = sample("omer__E_ShadowCopy6_windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx")
    if path:
        event = records(path, {466}).get(466)
        attributes = [d for d in event["data"] if "/@" in d.get("path", "")] if event else []
        if len(attributes) != 80 or any(d["value"] == "" and d["name"] == "Certificate" for d in event["data"]):
            fail(f"CAPI2 record 466: {len(attributes)} attribute values (the record holds 80)")


def main():
    if not SAMPLES or not os.path.isdir(SAMPLES):
        skip_test("samples", f"samples directory {SAMPLES!r} is absent")
    files = sorted(glob.glob(os.path.join(SAMPLES, "**", "*.evtx"), recursive=True))
    if not files:
        skip_test("samples", f"no .evtx files under {SAMPLES}")
    for path in files:
        check_file(path)
    check_regressions()
    for message in failures[:40]:
        print("FAIL:", message)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print(f"dump outputs parse and agree: {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
