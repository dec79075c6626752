#!/usr/bin/env python3
"""`evtxdiag timeline --lang ja` of every golden case (testdata/scenarios with an `expect:` block,
logs without LocaleMetaData unless the scenario writes them) renders every message it takes from
the knowledge base in Japanese: a row whose message_source is `knowledge` holds Japanese text
unless that event's Japanese template is itself free of Japanese (identifiers only). Rows taken
from an MTA file are the customer's own log text and are not judged.
"""
import csv
import glob
import io
import os
import re
import subprocess
import sys
import tempfile

import yaml

from golden_cases import golden_scenarios  # tests/support (PYTHONPATH)

SOURCE = os.environ["EVTXDIAG_SOURCE_DIR"]
EVTXDIAG = os.environ["EVTXDIAG"]
SCENARIOS = os.path.join(SOURCE, "testdata", "scenarios")
JAPANESE_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def run(cwd, *args):
    proc = subprocess.run([EVTXDIAG, *args], cwd=cwd, capture_output=True)
    return proc.returncode, proc.stdout.decode("utf-8-sig")


def identifier_only_templates():
    """(provider spelling in lower case, id) of events whose Japanese template has no Japanese."""
    found = set()
    for path in glob.glob(os.path.join(SOURCE, "knowledge", "events", "*.yaml")):
        with open(path, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=yaml.BaseLoader)
        names = [doc["provider"]["name"]] + doc["provider"].get("aliases", [])
        for event in doc["events"]:
            texts = [event.get("message", {}).get("ja", "")] + [v["message"].get("ja", "") for v in event.get("variants", [])]
            texts = [t for t in texts if t]
            if texts and not any(JAPANESE_CHAR.search(t) for t in texts):  # no Japanese template: not plain
                found |= {(name.lower(), event["id"]) for name in names}
    return found


def main():
    plain = identifier_only_templates()
    cases = list(golden_scenarios(os.environ["EVTXDIAG_SOURCE_DIR"]))
    check(len(cases) >= 8, f"only {len(cases)} golden cases")
    rows = 0
    with tempfile.TemporaryDirectory(prefix="evtxdiag-timeline-ja-") as tmp:
        for name, scenario, zone in cases:
            logs = os.path.join(tmp, name)
            rc, _ = run(tmp, "synth", scenario, "--out", logs)
            if rc != 0:
                check(False, f"{name}: synth failed")
                continue
            rc, out = run(logs, "timeline", ".", "--tz", zone, "--lang", "ja", "--format", "csv")
            check(rc in (0, 1), f"{name}: timeline exit code {rc}")
            for row in csv.DictReader(io.StringIO(out)):
                if row["message_source"] != "knowledge":
                    continue
                rows += 1
                key = (row["provider"].lower(), row["event_id"])
                check(JAPANESE_CHAR.search(row["message"]) or key in plain,
                      f"{name}: {row['provider']}/{row['event_id']} rendered in English: {row['message'][:80]}")
    check(rows > 100, f"only {rows} knowledge-rendered rows")
    if failures:
        print("\n".join(failures[:40]))
        print(f"{len(failures)} problems")
        return 1
    print(f"{rows} knowledge-rendered timeline rows of {len(cases)} cases are Japanese")
    return 0


if __name__ == "__main__":
    sys.exit(main())
