#!/usr/bin/env python3
"""Diagnose every real sample in $EVTXDIAG_SAMPLES_DIR, file by file and all at once.

The samples hold no backup job (no Microsoft-Windows-Backup, Windows Backup or MARS events),
but plenty of alarming events (VSS 8193, volsnap 33/36, Disk 11/51/153). A correct diagnosis
never crashes on them, exits 0/1 (2 only for a file that is not EVTX at all), and reports no
finding of verdict `cause` where no job ran.
# ctest-labels: slow nosan
"""
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from skip import skip_test  # tests/support (PYTHONPATH)

EVTXDIAG = os.environ["EVTXDIAG"]
SAMPLES = os.environ.get("EVTXDIAG_SAMPLES_DIR", "")


def diagnose(paths):
    proc = subprocess.run([EVTXDIAG, "diagnose", *paths, "--tz", "UTC", "--format", "json"], capture_output=True, timeout=300)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def main():
    if not SAMPLES or not os.path.isdir(SAMPLES):
        skip_test("samples", f"samples directory {SAMPLES!r} is absent")
    files = sorted(os.path.join(SAMPLES, f) for f in os.listdir(SAMPLES) if f.lower().endswith(".evtx"))
    if not files:
        skip_test("samples", "no .evtx sample")
    problems = []
    started = time.time()
    paths = files + [SAMPLES]
    with ThreadPoolExecutor(max_workers=2) as pool:  # two cores: halves the wall time
        results = list(pool.map(lambda p: diagnose([p]), paths))
    for path, (rc, out, err) in zip(paths, results):
        name = os.path.basename(path) or path
        if rc < 0 or rc > 2:
            problems.append(f"{name}: exit {rc} {err.strip()[-300:]}")
            continue
        if rc == 2:
            if "not" not in err and "no .evtx" not in err:  # only "not EVTX" / "nothing readable" may give 2
                problems.append(f"{name}: exit 2 without a reason: {err.strip()[-300:]}")
            continue
        doc = json.loads(out)
        machines = doc["machines"] if doc["schema"] == "evtxdiag.machines/2" else [doc]
        for machine in machines:
            label = name if len(machines) == 1 else f"{name} [{machine['computer']}]"
            causes = [f for f in machine["findings"] if f["verdict"] == "cause"]
            if not machine["jobs"] and machine["findings"]:
                problems.append(f"{label}: findings without any backup job: {[f['rule'] for f in machine['findings']]}")
            if causes and not any(j["result"] == "failed" for j in machine["jobs"]):
                problems.append(f"{label}: cause reported although no job failed")
            print(f"{label}: exit {rc}, {sum(i['records'] for i in machine['inputs'])} events kept, "
                  f"{len(machine['jobs'])} jobs, {len(machine['findings'])} findings")
        if path == SAMPLES and len(machines) < 10:
            problems.append(f"the samples folder holds logs of many machines, diagnosed as {len(machines)}")
    print(f"{len(files)} samples in {time.time() - started:.1f} s")
    if problems:
        print("\n".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
