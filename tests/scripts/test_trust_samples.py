#!/usr/bin/env python3
"""On real logs: a healthy log is not a failure (slack-space losses do not change the
exit code and take one stderr line), counts say what they mean. SKIPPED without the samples."""
import json
import os
import subprocess
import sys

from skip import skip_test  # tests/support (PYTHONPATH)

EVTXDIAG = os.environ["EVTXDIAG"]
SAMPLES = os.environ.get("EVTXDIAG_SAMPLES_DIR", "")


def run(*args):
    p = subprocess.run([EVTXDIAG, *args], capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode(errors="replace")


def main():
    stolen = os.path.join(SAMPLES, "museum-StolenSzechuan__System.evtx")
    if not os.path.exists(stolen):
        skip_test("sample:museum-StolenSzechuan__System.evtx", "the museum System sample is absent")
    errors = []

    def check(cond, what):
        if not cond:
            errors.append(what)

    # Every live record decodes; 204 deleted records in slack space do not: exit 0, one line.
    rc, out, err = run("diagnose", stolen, "--format", "json")
    lines = err.splitlines()
    check(rc == 0, f"healthy log exit {rc}")
    check(len(lines) == 1 and "204 deleted records found in slack space could not be recovered" in lines[0],
          f"stderr: {lines[:3]}")
    data = json.loads(out)
    (only,) = data["inputs"]
    check(only["live_records"] == 60189 and only["live_lost"] == 0 and only["recovered_lost"] == 204,
          f"counts {only}")
    check(0 < only["records"] < only["live_records"], "records = relevant subset")
    rc, _, err = run("diagnose", stolen, "--verbose")
    check(rc == 0 and len(err.splitlines()) == 204, f"--verbose lists each: rc {rc}, {len(err.splitlines())} lines")
    rc, out, _ = run("diagnose", stolen)
    check(" relevant of 60189 live records" in out, "text report says relevant of live")
    if errors:
        print("\n".join(errors))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
