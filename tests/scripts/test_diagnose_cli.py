#!/usr/bin/env python3
"""evtxdiag diagnose / timeline as a user runs them: exit codes, --fail-on, formats, bad input."""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

EVTXDIAG = os.environ["EVTXDIAG"]
SCENARIO = os.path.join(os.environ["EVTXDIAG_SOURCE_DIR"], "testdata", "scenarios", "seed-004-hyperv-spp-timeout.yaml")


def run(*args, cwd=None):
    p = subprocess.run([EVTXDIAG, *args], capture_output=True, cwd=cwd)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def main():
    errors = []

    def check(cond, what):
        if not cond:
            errors.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        logs = os.path.join(tmp, "logs")
        check(run("synth", SCENARIO, "--out", logs)[0] == 0, "synth")
        rc, out, _ = run("diagnose", logs, "--tz", "UTC")
        check(rc == 0 and "Red herrings" in out, f"diagnose rc {rc}")
        check(run("diagnose", logs, "--fail-on", "cause")[0] == 3, "--fail-on cause -> 3")
        check(run("diagnose", logs, "--fail-on", "red-herring")[0] == 3, "--fail-on red-herring -> 3")
        check(run("diagnose", logs, "--fail-on", "bogus")[0] == 2, "bad --fail-on -> 2")
        check(run("diagnose", os.path.join(tmp, "missing"))[0] == 2, "missing path -> 2")
        junk = os.path.join(tmp, "junk.evtx")
        with open(junk, "wb") as f:
            f.write(b"not an evtx file at all")
        check(run("diagnose", junk)[0] == 2, "nothing readable -> 2")
        rc, out, err = run("diagnose", logs, junk, "--format", "json")
        check(rc == 1 and json.loads(out)["inputs"][-1]["readable"] is False, f"partial input -> 1 ({rc})")
        # Same record in two files (a copy) counted once.
        copy = os.path.join(tmp, "copy")
        os.mkdir(copy)
        with open(os.path.join(logs, "System.evtx"), "rb") as src, open(os.path.join(copy, "System-copy.evtx"), "wb") as dst:
            dst.write(src.read())
        one = json.loads(run("diagnose", logs, "--format", "json", "--tz", "UTC")[1])
        two = json.loads(run("diagnose", logs, copy, "--format", "json", "--tz", "UTC")[1])
        check(two["inputs"][-1]["duplicates"] == two["inputs"][-1]["records"], "copy counted as duplicates")
        check([f["rule"] for f in one["findings"]] == [f["rule"] for f in two["findings"]], "copy changes nothing")
        rc, out, _ = run("timeline", logs, "--tz", "Asia/Tokyo", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(out)))
        check(rc == 0 and rows and rows[0]["time_local"].endswith("+09:00"), "timeline csv")
        times = [r["datetime"] for r in rows]
        check(times == sorted(times), "timeline in time order")
        rc, out_all, _ = run("timeline", logs, "--all", "--format", "jsonl")
        check(rc == 0 and len(out_all.splitlines()) > len(rows), "timeline --all has more events")
        check(all(json.loads(line)["time_utc"] for line in out_all.splitlines()), "jsonl lines")
    if errors:
        print("\n".join(errors))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
