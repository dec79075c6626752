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

EVTXDIAG = os.environ["EVTXDIAG"]
SAMPLES = os.environ.get("EVTXDIAG_SAMPLES_DIR", "")


def diagnose(paths):
    proc = subprocess.run([EVTXDIAG, "diagnose", *paths, "--tz", "UTC", "--format", "json"], capture_output=True, timeout=300)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def main():
    if not SAMPLES or not os.path.isdir(SAMPLES):
        print(f"SKIPPED: samples directory {SAMPLES!r} is absent")
        return 77
    files = sorted(os.path.join(SAMPLES, f) for f in os.listdir(SAMPLES) if f.lower().endswith(".evtx"))
    if not files:
        print("SKIPPED: no .evtx sample")
        return 77
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
        causes = [f for f in doc["findings"] if f["verdict"] == "cause"]
        if not doc["jobs"] and doc["findings"]:
            problems.append(f"{name}: findings without any backup job: {[f['rule'] for f in doc['findings']]}")
        if causes and not any(j["result"] == "failed" for j in doc["jobs"]):
            problems.append(f"{name}: cause reported although no job failed")
        print(f"{name}: exit {rc}, {sum(i['records'] for i in doc['inputs'])} events kept, {len(doc['jobs'])} jobs, "
              f"{len(doc['findings'])} findings")
    print(f"{len(files)} samples in {time.time() - started:.1f} s")
    if problems:
        print("\n".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
