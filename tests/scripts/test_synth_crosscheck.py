#!/usr/bin/python3
"""Every scenario in testdata/scenarios/ -> `evtxdiag synth` -> read back by three readers.

The readers are (1) evtxdiag (`dump --format jsonl` and `--format xml`), (2) libevtx's
`evtxexport -f xml`, (3) python-evtx (Debian python3-evtx). For every record they must report the
same record id, event id, provider, Provider Guid, time (exact between evtxdiag and libevtx;
python-evtx may be a few us off: it converts through a float), channel, computer, Data values
(every element text and attribute, names as dump gives them), Qualifiers and Binary, and the same payload tree: every
element of EventData/UserData with its attributes and text, so typed values, arrays, nested
UserData elements and attributes are covered. The record count must equal the number of events
the scenario describes (repeat counts included), and `evtxinfo` must report no corruption, no
recovered records and the same count. Covers the several-thousand-event scenario
(basic-many-chunks.yaml: many chunks, shared templates), the typed one (basic-typed.yaml) and
every scenario the other helpers add.

python-evtx renders some types differently from libevtx (evtx-format reference, section 7); only
those documented differences are accepted, each by its own rule in `same_text`: GUIDs in lower
case, Booleans as True/False, FILETIME as "YYYY-MM-DD HH:MM:SS.ffffff" (float, so within 5 us),
SYSTEMTIME with its milliseconds printed as microseconds, Real32/64 in short form, Binary as
base64, a String array as one element of <string> items (whose broken item split is replaced, see
fix_python_evtx_string_arrays), and a Null value as an empty element (libevtx and evtxdiag leave it
out). And libevtx 20181227 prints negative signed integers without
their sign bit (Int32 -60 as -2147483588), where evtxdiag and python-evtx print them right.
"""
# ctest-labels: slow nosan
# ctest-timeout: 900
import base64
import binascii
import calendar
import html
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
    secs = calendar.timegm(tuple(int(g) for g in m.groups()[:6]))
    frac = (m.group(7) or "0")[:7].ljust(7, "0")
    return secs * 10_000_000 + int(frac) + EPOCH_1601_TO_1970


# --- python-evtx's documented rendering differences, one rule each (reference: libevtx's text)
LIBEVTX_GUID = re.compile(r"^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$")
LIBEVTX_FILETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$")
LIBEVTX_SYSTEMTIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{3})Z$")
LIBEVTX_REAL = re.compile(r"^-?\d\.\d{6}e[+-]\d{3}$")
LIBEVTX_BINARY = re.compile(r"^(?:[0-9A-F]{2})+$")
PY_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?$")


def libevtx_sign_fault(reference, other):
    """libevtx 20181227 prints a negative signed integer without its sign bit (Int32 -60 as
    -2147483588): `reference` is that misprint of `other`."""
    if not (re.fullmatch(r"-\d+", reference) and re.fullmatch(r"-\d+", other)):
        return False
    return int(reference[1:]) + int(other[1:]) in (1 << 7, 1 << 15, 1 << 31, 1 << 63)


def same_text(reference, other):
    """libevtx's text `reference` and python-evtx's `other` show the same value."""
    if reference == other or libevtx_sign_fault(reference, other):
        return True
    if LIBEVTX_GUID.match(reference):
        return other.upper() == reference
    if reference in ("true", "false"):
        return other == reference.capitalize()
    if LIBEVTX_FILETIME.match(reference) and PY_TIME.match(other):
        return abs(ticks(reference) - ticks(other)) <= 50
    m = LIBEVTX_SYSTEMTIME.match(reference)
    if m and PY_TIME.match(other):  # python-evtx prints the milliseconds as microseconds
        date, _, fraction = other.partition(".")
        return date == m.group(1).replace("T", " ") and int(fraction or "0") == int(m.group(2))
    if LIBEVTX_REAL.match(reference):
        try:
            return abs(float(other) - float(reference)) <= 1e-6 * max(1.0, abs(float(reference)))
        except ValueError:
            return False
    if LIBEVTX_BINARY.match(reference):
        try:
            return base64.b64decode(other, validate=True).hex().upper() == reference
        except (binascii.Error, ValueError):
            return False
    return False


STRING_ARRAY = re.compile(r"^(?:<string>(.*?)</string>\n?)+$", re.S)


def expand_string_arrays(parent):
    """python-evtx renders a String array as one element whose text is <string>item</string>...:
    replace it by one element per item, as libevtx renders it."""
    for index, child in reversed(list(enumerate(parent))):
        expand_string_arrays(child)
        if len(child) == 0 and child.text and STRING_ARRAY.match(child.text):
            items = re.findall(r"<string>(.*?)</string>", child.text, flags=re.S)
            parent.remove(child)
            for k, item in enumerate(items):
                copy = ET.Element(child.tag, dict(child.attrib))
                copy.text = html.unescape(item)
                copy.tail = child.tail
                parent.insert(index + k, copy)


def local(tag):
    return tag.rsplit("}", 1)[-1]


def payload_tree(event):
    """Every element under EventData/UserData, pre-order: (depth, name, attributes, leaf text)."""
    out = []

    def walk(element, depth):
        # evtxdiag's XML keeps CR as &#13; (text as logged); the others' XML loses it to the parser.
        text = (element.text or "").replace("\r\n", "\n").replace("\r", "\n")
        out.append((depth, local(element.tag), tuple(sorted(element.attrib.items())),
                    text.strip() if len(element) == 0 else ""))
        for child in element:
            walk(child, depth + 1)

    for part in event:
        if local(part.tag) in ("EventData", "UserData"):
            walk(part, 0)
    return out


def data_fields(event):
    """(name, value) of every element text and attribute under the payload roots, as evtxdiag's
    event model defines them (DataField in evtxdiag/event.hpp): attributes before their
    element's text; EventData's Data named by its Name attribute (no value itself) or its position
    among the Data elements, other elements after their local name; white-space-only text around
    child elements is indentation; an element without text, children or value attributes gives an
    empty value. EventData's Binary is the binary hex."""
    data, binary = [], ""

    def element(node, name, item):
        value_attributes = [(k, v) for k, v in node.attrib.items() if not (item and k == "Name")]
        data.extend(value_attributes)
        text = node.text or ""
        if len(node) and not text.strip():
            text = ""
        if text:
            data.append((name, text))
        elif not len(node) and (item or not value_attributes):
            data.append((name, ""))
        for child in node:
            element(child, local(child.tag), False)

    for part in event:
        root = local(part.tag)
        if root == "System":
            continue
        data.extend(part.attrib.items())
        if root == "EventData":
            position = 0
            for child in part:
                if local(child.tag) == "Binary":
                    binary += child.text or ""
                    continue
                if local(child.tag) == "Data":
                    position += 1
                element(child, child.get("Name") or (str(position) if local(child.tag) == "Data" else local(child.tag)), True)
        else:
            for child in part:
                element(child, local(child.tag), False)
    return data, binary


def from_xml_event(event):
    system = event.find(NS + "System")
    provider = system.find(NS + "Provider")
    event_id = system.find(NS + "EventID")
    data, binary = data_fields(event)
    qualifiers = event_id.get("Qualifiers")
    return {"record_id": int(system.find(NS + "EventRecordID").text), "event_id": int(event_id.text),
            "qualifiers": int(qualifiers) if qualifiers not in (None, "") else None,
            "provider": provider.get("Name"), "guid": provider.get("Guid") or "",
            "time": ticks(system.find(NS + "TimeCreated").get("SystemTime")),
            "channel": system.find(NS + "Channel").text or "", "computer": system.find(NS + "Computer").text or "",
            "data": data, "binary": binary, "payload": payload_tree(event)}


def xml_documents(text):
    return [ET.fromstring(doc) for doc in re.findall(r"<Event xmlns=.*?</Event>", text, flags=re.S)]


def read_evtxexport(path):
    out = subprocess.run(["evtxexport", "-f", "xml", str(path)], capture_output=True, text=True, check=True).stdout
    return [from_xml_event(doc) for doc in xml_documents(out)]


def fix_python_evtx_string_arrays():
    """python-evtx 0.6.1 splits a String array's UTF-16 bytes with a byte regex that drops empty
    items and misaligns the rest (["", "", "356269"] comes out as "356269", "269"), and Windows'
    classic events are full of empty insertion strings. Only that one function is replaced, by a
    split on UTF-16 NULs with the same <string> markup: templates, substitutions and nesting are
    still python-evtx's own reading of every record."""
    import Evtx.Nodes as nodes

    def string(self):
        text = self.binary().decode("utf-16-le", errors="replace")
        items = text.split("\x00")
        if items and items[-1] == "":
            items.pop()  # the last item's terminator
        return "".join("<string>%s</string>\n" % item for item in items)

    nodes.WstringArrayTypeNode.string = string


def read_python_evtx(path):
    import Evtx.Evtx as evtx
    fix_python_evtx_string_arrays()
    events = []
    with evtx.Evtx(str(path)) as log:
        for record in log.records():
            doc = ET.fromstring(record.xml())
            for part in doc:
                expand_string_arrays(part)
            event = from_xml_event(doc)
            if event["binary"]:  # python-evtx renders Binary values as base64, the others as hex
                event["binary"] = base64.b64decode(event["binary"]).hex().upper()
            events.append(event)
    return events


def read_evtxdiag(path):
    def dump(fmt):
        out = subprocess.run([EVTXDIAG, "dump", "--format", fmt, str(path)], capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"evtxdiag dump --format {fmt} exit {out.returncode}: {out.stderr.strip()}")
        return out.stdout
    trees = [payload_tree(doc) for doc in xml_documents(dump("xml"))]
    events = []
    for line, tree in zip(dump("jsonl").splitlines(), trees):
        j = json.loads(line)
        events.append({"record_id": j["event_record_id"], "event_id": j["event_id"], "qualifiers": j["qualifiers"],
                       "provider": j["provider"], "guid": j["provider_guid"], "time": ticks(j["time_created"]),
                       "channel": j["channel"], "computer": j["computer"],
                       # XML readers turn CR LF into LF; evtxdiag keeps the text as logged.
                       "data": [(d["name"], d["value"].replace("\r\n", "\n").replace("\r", "\n")) for d in j["data"]],
                       "binary": j["binary"], "payload": tree})
    return events


def positional(events):
    """Record dicts -> {record_id: dict} (data_fields names unnamed Data by position already)."""
    return {e["record_id"]: dict(e, data=tuple(e["data"])) for e in events}


def align(reference, other, same):
    """True when `other` equals `reference` item by item under `same`, except that `other` may
    hold extra empty items: python-evtx's rendering of a Null value, which libevtx leaves out."""
    i = 0
    for item in other:
        if i < len(reference) and same(reference[i], item):
            i += 1
        elif not item[-1]:
            continue
        else:
            return False
    return i == len(reference)


def same_field(a, b):
    return a[0] == b[0] and same_text(a[1], b[1])


def same_element(a, b):
    return (a[:2] == b[:2] and len(a[2]) == len(b[2]) and all(x[0] == y[0] and same_text(x[1], y[1]) for x, y in zip(a[2], b[2]))
            and same_text(a[3], b[3]))


def compare(label, reference_name, reference, other_name, other, lenient):
    """Exact agreement, or (lenient: python-evtx) agreement under its documented differences."""
    if set(reference) != set(other):
        failures.append(f"{label}: {reference_name} and {other_name} see different record ids: "
                        f"{sorted(set(reference) ^ set(other))[:10]}")
    for rid in sorted(set(reference) & set(other)):
        a, b = reference[rid], other[rid]
        for key in a:
            if not lenient and key in ("data", "payload"):  # evtxdiag prints what libevtx misprints
                same = len(a[key]) == len(b[key]) and all(
                    x == y or (x[:-1] == y[:-1] and libevtx_sign_fault(x[-1], y[-1])) for x, y in zip(a[key], b[key]))
            elif not lenient:
                same = a[key] == b[key]
            elif key == "time":
                same = abs(a[key] - b[key]) <= 50
            elif key == "guid":
                same = a[key].upper() == b[key].upper()
            elif key == "data":  # python-evtx's own positions shift around a Null: compare by name or order
                same = align([(n if not n.isdigit() else None, v) for n, v in a[key]],
                             [(n if not n.isdigit() else None, v) for n, v in b[key]], same_field)
            elif key == "payload":
                same = align(a[key], b[key], same_element)
            else:
                same = a[key] == b[key]
            if not same:
                failures.append(f"{label} record {rid}: {key} differs: {reference_name} {a[key]!r}, "
                                f"{other_name} {b[key]!r}")
                break


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


def main():
    scenarios = sorted((SOURCE / "testdata" / "scenarios").glob("*.yaml"))
    for required in ("basic-many-chunks.yaml", "basic-typed.yaml"):
        if not any(s.name == required for s in scenarios):
            failures.append(f"{required} is missing")
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
                    readers[name] = positional(events)
                if evtxinfo_count(path, label) != expected_count:
                    failures.append(f"{label}: evtxinfo count differs from the scenario's {expected_count}")
                if "evtxexport" in readers:
                    # evtxdiag must match libevtx exactly, to the 100 ns tick; python-evtx under its
                    # documented rendering differences.
                    for name, lenient in (("evtxdiag", False), ("python-evtx", True)):
                        if name in readers:
                            compare(label, "evtxexport", readers["evtxexport"], name, readers[name], lenient)
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
