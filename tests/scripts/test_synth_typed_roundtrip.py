#!/usr/bin/python3
"""Round trip of typed scenarios: `evtxdiag dump` of a synthesised event gives back the values the
scenario gives, in the form readers show for their type.

For every event of testdata/scenarios/*.yaml that uses typed values, `user_data` or `event_data`,
this script works out on its own (an oracle independent of the C++ code) which Data fields a
reader must show - every element text and attribute (scenario_values.payload_fields), one per
array item, Null values left out, text as written - and each value's text for its type (HexInt32 0x807800A1 ->
"0x807800a1", UInt32 0x807800A1 -> "2155348129", GUID in upper case with braces, FILETIME with
nine fraction digits, ...). `dump` with the built-in decoder and with the default one
must show exactly those fields, and the Binary data.
"""
# ctest-labels: nosan
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scenario_values import is_plain, payload_fields  # noqa: E402

SOURCE = Path(os.environ.get("EVTXDIAG_SOURCE_DIR", Path(__file__).resolve().parents[2]))
EVTXDIAG = os.environ.get("EVTXDIAG", "evtxdiag")
failures = []


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
            typed = [(log, e) for log in doc["logs"] for e in log["events"] if not is_plain(e)]
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
                    expected = None if is_plain(event) else payload_fields(event)
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
