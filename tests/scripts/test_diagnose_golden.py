#!/usr/bin/env python3
"""Golden diagnoses of every domain scenario (testdata/scenarios/*.yaml with an `expect:` block).

Each scenario is synthesised into a fresh temporary directory, diagnosed with an explicit --tz
(the zone its expect block names) from inside that directory (so input paths are relative and
stable), and the text and JSON outputs are compared byte for byte with tests/golden/<name>.txt
and .json. EVTXDIAG_UPDATE_GOLDEN=1 rewrites the goldens instead (review the diff in git).

Independently of the goldens, the JSON is checked against the scenario's expect block: the
jobs (start, result, codes), every expected cause cited by a `cause` finding (of the named `rule`,
for the named `job`, with a remedy, when the cause gives them), every failed job with a cause or the
differential diagnosis (exactly the differential for the jobs listed in `undetermined`), every
expected red herring cited by a `red-herring` finding, and no `cause` citing a benign/context event.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

SOURCE = os.environ["EVTXDIAG_SOURCE_DIR"]
EVTXDIAG = os.environ["EVTXDIAG"]
UPDATE = os.environ.get("EVTXDIAG_UPDATE_GOLDEN") == "1"
SCENARIOS = os.path.join(SOURCE, "testdata", "scenarios")
GOLDEN = os.path.join(SOURCE, "tests", "golden")
REF = re.compile(r"^(\S+) #(\d+) ")

failures = []


def fail(name, message):
    failures.append(f"{name}: {message}")


def cited(findings, verdicts, file, record):
    return any(f["verdict"] in verdicts and any(os.path.basename(e["file"]) == file and e["record_id"] == record
                                                for e in f["evidence"]) for f in findings)


def check_expectations(name, expect, doc):
    jobs = doc["jobs"]
    want = expect.get("jobs") or []
    if want and len(want) != len(jobs):
        fail(name, f"{len(jobs)} jobs, expected {len(want)}")
    for got, exp in zip(jobs, want):
        result = exp["result"].replace(" ", "-")
        if got["result"] != result:
            fail(name, f"job {got['index']} result {got['result']}, expected {result}")
        if got["start_utc"] != exp["start_utc"]:
            fail(name, f"job {got['index']} start {got['start_utc']}, expected {exp['start_utc']}")
        codes = {c["code"].upper() for c in got["codes"]}
        for code in exp.get("codes") or []:
            if code.upper().replace("0X", "0x") not in {c.replace("0X", "0x") for c in codes}:
                fail(name, f"job {got['index']} lacks code {code} (has {sorted(codes)})")
    for cause in expect.get("causes") or []:
        m = REF.match(cause["event"])
        if m and not cited(doc["findings"], {"cause"}, m.group(1), int(m.group(2))):
            fail(name, f"no cause finding cites {cause['event']}")
        if cause.get("rule"):  # the cause names its rule (and job): such a finding, with a remedy, cites the event
            found = [f for f in doc["findings"] if f["verdict"] == "cause" and f["rule"] == cause["rule"] and
                     ("job" not in cause or int(cause["job"]) in f["jobs"])]
            where = f"rule {cause['rule']}" + (f" for job {cause['job']}" if "job" in cause else "")
            if not found:
                fail(name, f"no cause finding of {where}")
            elif not any(f["remedy"].strip() for f in found):
                fail(name, f"the cause finding of {where} has no remedy")
            elif m and not cited(found, {"cause"}, m.group(1), int(m.group(2))):
                fail(name, f"the cause finding of {where} does not cite {cause['event']}")
    # No failed job ends without a finding - a cause, or the differential diagnosis
    # (verdict undetermined) that names the stage and what to check. `undetermined: [job, ...]`
    # lists the jobs whose expected answer is that differential: no cause, and the finding given.
    for got in jobs:
        verdicts = {f["verdict"] for f in doc["findings"] if got["index"] in f["jobs"]}
        if got["result"] == "failed" and not verdicts & {"cause", "undetermined"}:
            fail(name, f"failed job {got['index']} ends without a cause or a differential diagnosis")
    for job in expect.get("undetermined") or []:
        verdicts = {f["verdict"] for f in doc["findings"] if int(job) in f["jobs"]}
        if "undetermined" not in verdicts or "cause" in verdicts:
            fail(name, f"job {job}: expected the differential diagnosis and no cause, got {sorted(verdicts)}")
    for herring in expect.get("red_herrings") or []:
        m = REF.match(herring["event"])
        if m and not cited(doc["findings"], {"red-herring"}, m.group(1), int(m.group(2))):
            fail(name, f"no red-herring finding cites {herring['event']}")
    for ref in (expect.get("benign") or []) + (expect.get("context") or []):
        m = REF.match(ref)
        if m and cited(doc["findings"], {"cause"}, m.group(1), int(m.group(2))):
            fail(name, f"benign/context event {ref} is cited as a cause")


def compare(name, suffix, actual):
    path = os.path.join(GOLDEN, name + suffix)
    if UPDATE:
        os.makedirs(GOLDEN, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(actual)
        return
    if not os.path.exists(path):
        fail(name, f"missing golden {path} (run with EVTXDIAG_UPDATE_GOLDEN=1)")
        return
    with open(path, encoding="utf-8") as f:
        expected = f.read()
    if expected != actual:
        exp_lines, act_lines = expected.splitlines(), actual.splitlines()
        for i, (a, b) in enumerate(zip(exp_lines, act_lines)):
            if a != b:
                fail(name, f"{suffix} differs at line {i + 1}:\n  golden: {a}\n  actual: {b}")
                return
        fail(name, f"{suffix} differs in length ({len(exp_lines)} golden lines, {len(act_lines)} actual)")


def run(cwd, *args):
    proc = subprocess.run([EVTXDIAG, *args], cwd=cwd, capture_output=True)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8", "replace")


def main():
    scenarios = sorted(f for f in os.listdir(SCENARIOS) if f.endswith(".yaml"))
    checked = 0
    for file in scenarios:
        with open(os.path.join(SCENARIOS, file), encoding="utf-8") as f:
            scenario = yaml.load(f, Loader=yaml.BaseLoader)  # times stay text
        expect = scenario.get("expect")
        if not expect or "zone" not in expect:
            continue
        name = file[:-5]
        with tempfile.TemporaryDirectory(prefix="evtxdiag-golden-") as tmp:
            out = os.path.join(tmp, "logs")
            rc, _, err = run(tmp, "synth", os.path.join(SCENARIOS, file), "--out", out)
            if rc != 0:
                fail(name, f"synth failed ({rc}): {err}")
                continue
            zone = expect["zone"]
            rc_text, text, err = run(out, "diagnose", ".", "--tz", zone)
            rc_json, doc_text, _ = run(out, "diagnose", ".", "--tz", zone, "--format", "json")
            rc_ja, text_ja, _ = run(out, "diagnose", ".", "--tz", zone, "--lang", "ja")
            if rc_text != 0 or rc_json != 0 or rc_ja != 0:
                fail(name, f"diagnose exit codes {rc_text}/{rc_json}/{rc_ja}: {err}")
                continue
            compare(name, ".txt", text)
            compare(name, ".ja.txt", text_ja)
            compare(name, ".json", doc_text)
            doc = json.loads(doc_text)
            if doc["zone"]["name"] != zone or doc["zone"]["origin"] != "user":
                fail(name, f"zone {doc['zone']}")
            check_expectations(name, expect, doc)
            for item in doc["inputs"]:  # provenance: the exact bytes analysed
                with open(os.path.join(out, item["path"]), "rb") as f:
                    data = f.read()
                if item["size"] != len(data) or item["sha256"] != hashlib.sha256(data).hexdigest():
                    fail(name, f"provenance of {item['path']}: {item['size']} {item['sha256']}")
            checked += 1
    if checked < 8:
        fail("suite", f"only {checked} scenarios with expectations found")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"{checked} scenarios {'written' if UPDATE else 'match their goldens and expectations'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
