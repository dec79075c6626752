#!/usr/bin/python3
"""Round trip of typed scenarios: `evtxdiag dump` of a synthesised event gives back the values the
scenario gives, in the form readers show for their type.

For every event of testdata/scenarios/*.yaml that uses typed values, `user_data` or `event_data`,
this script works out on its own (an oracle independent of the C++ code) which Data fields a
reader must show - EventData's Data by Name or position, one per array item, UserData's leaf
elements, Null values left out - and each value's text for its type (HexInt32 0x807800A1 ->
"0x807800a1", UInt32 0x807800A1 -> "2155348129", GUID in upper case with braces, FILETIME with
nine fraction digits, ...). `dump` with the built-in decoder and with the default (libevtx) one
must show exactly those fields, and the Binary data.
"""
# ctest-labels: nosan
import calendar
import datetime
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

SOURCE = Path(os.environ.get("EVTXDIAG_SOURCE_DIR", Path(__file__).resolve().parents[2]))
EVTXDIAG = os.environ.get("EVTXDIAG", "evtxdiag")
EPOCH_1601 = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
WIDTH = {"Int8": 8, "UInt8": 8, "Int16": 16, "UInt16": 16, "Int32": 32, "UInt32": 32, "HexInt32": 32,
         "Int64": 64, "UInt64": 64, "HexInt64": 64, "SizeT": 64}
failures = []


def integer_bits(text, width):
    value = int(text, 16) if text.lower().startswith("0x") else int(text)
    return value & ((1 << width) - 1)


def real_text(value):
    """libevtx: %e with a three-digit exponent."""
    mantissa, exponent = ("%.6e" % value).split("e")
    return f"{mantissa}e{exponent[0]}{int(exponent[1:]):03d}"


def filetime_text(text):
    if re.fullmatch(r"(0x[0-9a-fA-F]+|\d+)", text):
        ticks = int(text, 0)
    else:
        m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)", text)
        when = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S")
        offset = 0 if m.group(3) == "Z" else (1 if m.group(3)[0] == "+" else -1) * (
            int(m.group(3)[1:3]) * 3600 + int(m.group(3)[4:6]) * 60)
        seconds = calendar.timegm(when.timetuple()) - offset
        ticks = (seconds + 11644473600) * 10_000_000 + int((m.group(2) or "0")[:7].ljust(7, "0"))
    when = EPOCH_1601 + datetime.timedelta(microseconds=ticks // 10)
    return when.strftime("%Y-%m-%dT%H:%M:%S") + ".%07d00Z" % (ticks % 10_000_000)


def shown(type_name, text):
    """The text a reader shows for one item `text` of `type_name` (libevtx's forms)."""
    kind = type_name.lower()
    names = {n.lower(): n for n in WIDTH}
    if kind in names:
        name = names[kind]
        bits = integer_bits(text, WIDTH[name])
        if name.startswith("HexInt"):
            return "0x%0*x" % (WIDTH[name] // 4, bits)
        if name.startswith("Int") and bits >= 1 << (WIDTH[name] - 1):
            return str(bits - (1 << WIDTH[name]))
        return str(bits)
    if kind == "real32":
        return real_text(struct.unpack("<f", struct.pack("<f", float(text)))[0])
    if kind == "real64":
        return real_text(float(text))
    if kind == "boolean":
        return "true" if text.lower() in ("true", "1") else "false"
    if kind == "binary":
        return text.upper()
    if kind == "guid":
        return "{" + text.strip("{}").upper() + "}"
    if kind == "filetime":
        return filetime_text(text)
    if kind == "systemtime":
        m = re.fullmatch(r"(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)(?:\.(\d{1,3}))?Z", text)
        fields = [int(g) for g in m.groups()[:6]] + [int((m.group(7) or "0").ljust(3, "0"))]
        return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % tuple(fields)
    return text  # String, AnsiString, SID


def is_typed(node):
    return isinstance(node, dict) and "type" in node


def items_of(node):
    """(type, [shown texts], array?) of a value node; type "null" has no items."""
    if not is_typed(node):
        return "string", [node], False
    type_name = node["type"] or "Null"
    if type_name.lower() == "null":
        return "null", [], False
    if "values" in node:
        return type_name, [shown(type_name, v) for v in node["values"]], True
    return type_name, [shown(type_name, node["value"])], False


def rendered(name, node):
    """The elements a reader renders for element `name` with content `node`:
    [(name, attributes, text, children)], none for a Null value, one per array item."""
    attributes, text, children, value = {}, "", [], None
    if isinstance(node, dict) and not is_typed(node):
        for key, member in node.items():
            if key.startswith("@"):
                _, items, _ = items_of(member) if is_typed(member) else ("string", [member], False)
                if items:
                    attributes[key[1:]] = items[0]
            elif key == "#text":
                text = member
            elif key == "#value":
                value = member
            else:
                for item in member if isinstance(member, list) else [member]:
                    children.extend(rendered(key, item))
    else:
        value = node
    if value is None:
        return [(name, attributes, text, children)]
    type_name, items, array = items_of(value)
    if type_name == "null":
        return []
    if array and not items:
        return [(name, attributes, text, children)]
    return [(name, attributes, text + item, children) for item in items]


def leaves(element, out):
    for child in element[3]:
        if child[3]:
            leaves(child, out)
        else:
            out.append((child[0], child[2]))


def expected_fields(event):
    """(data fields, binary hex) a reader shows for the scenario event, or None when it is plain."""
    if "user_data" in event:
        out = []
        for root in rendered("UserData", event["user_data"]):
            for child in root[3]:
                leaves(child, out)
        return out, ""
    if "event_data" in event:
        root_children = rendered("EventData", event["event_data"])[0][3]
    elif isinstance(event.get("data"), (dict, list)) and any(is_typed(v) for v in (
            event["data"].values() if isinstance(event["data"], dict) else event["data"])):
        data = event["data"]
        pairs = data.items() if isinstance(data, dict) else [(None, v) for v in data]
        root_children = []
        for name, value in pairs:
            root_children.extend((n, {"Name": name} if name is not None else {}, t, c) for n, a, t, c in rendered("Data", value))
        if "binary" in event:
            root_children.append(("Binary", {}, event["binary"].upper(), []))
    else:
        return None
    out, binary, position = [], "", 0
    for name, attributes, text, _ in root_children:
        if name == "Data":
            position += 1
            out.append((attributes.get("Name", str(position)), text))
        elif name == "Binary":
            binary += text.upper()
    return out, binary


def dump(path, decoder):
    run = subprocess.run([EVTXDIAG, "dump", "--decoder", decoder, "--format", "jsonl", str(path)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        failures.append(f"{path.name}: dump --decoder {decoder} exit {run.returncode}: {run.stderr.strip()}")
        return {}
    return {e["event_record_id"]: e for e in map(json.loads, run.stdout.splitlines())}


def main():
    checked = 0
    with tempfile.TemporaryDirectory(prefix="evtxdiag-typed-") as tmp:
        for scenario in sorted((SOURCE / "testdata" / "scenarios").glob("*.yaml")):
            doc = yaml.load(scenario.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
            typed = [(log, e) for log in doc["logs"] for e in log["events"] if expected_fields(e) is not None]
            if not typed:
                continue
            out = Path(tmp) / scenario.stem
            run = subprocess.run([EVTXDIAG, "synth", str(scenario), "--out", str(out)], capture_output=True, text=True)
            if run.returncode != 0:
                failures.append(f"{scenario.name}: synth exit {run.returncode}: {run.stderr.strip()}")
                continue
            for log in doc["logs"]:
                read = {decoder: dump(out / log["file"], decoder) for decoder in ("builtin", "auto")}
                record_id = 0
                for event in log["events"]:
                    record_id = int(event["record_id"], 0) if "record_id" in event else record_id + 1
                    expected = expected_fields(event)
                    count = int(event.get("repeat", {}).get("count", "1"))
                    for copy in range(count):
                        if expected is None:
                            continue
                        for decoder, events in read.items():
                            got = events.get(record_id + copy)
                            where = f"{scenario.name} {log['file']} record {record_id + copy} ({decoder})"
                            if got is None:
                                failures.append(f"{where}: not in dump")
                                continue
                            fields = [(d["name"], d["value"]) for d in got["data"]]
                            if fields != expected[0]:
                                failures.append(f"{where}: data {fields!r}, scenario says {expected[0]!r}")
                            if got["binary"] != expected[1]:
                                failures.append(f"{where}: binary {got['binary']!r}, scenario says {expected[1]!r}")
                        checked += 1
                    record_id += count - 1
    if checked == 0:
        failures.append("no typed scenario found (testdata/scenarios/basic-typed.yaml is missing?)")
    for f in failures[:30]:
        print("FAIL:", f)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print(f"typed round trip: {checked} events show the scenario's values with both decoders")
    return 0


if __name__ == "__main__":
    sys.exit(main())
