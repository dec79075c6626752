#!/usr/bin/env python3
"""batch in the Windows program: every case in a process of its own (a new start of evtxdiag.exe
through CreateProcess, in a job object), results in case order, as on Linux.

A corpus of two cases (a folder with a Japanese name and a zip): the JSON lines and the summary
equal the Linux program's with -j 1 and -j 2, --out leaves no temporary file behind (the case
processes open it too on their way to their case, and remove theirs), a generous --case-timeout
changes nothing, and a timeout shorter than any case cuts both off: status "timeout", exit 1,
quickly, and no evtxdiag.exe process is left running.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wine_support import Checks, linux, skip_unless_ready, synth, windows  # noqa: E402


def leftover_processes():
    """evtxdiag.exe processes still alive. Ended ones that nobody has reaped yet (state Z: their
    parent ended before them and the container's init does not reap) are not running."""
    ps = subprocess.run(["ps", "-eo", "stat=,args="], capture_output=True, text=True).stdout
    return [line for line in ps.splitlines()
            if "evtxdiag.exe" in line.lower() and "wine-run" not in line and not line.lstrip().startswith("Z")]


def main():
    skip_unless_ready()
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix="evtxdiag-wine-batch-") as tmp:
        corpus = os.path.join(tmp, "corpus")
        synth("seed-004-hyperv-spp-timeout.yaml", os.path.join(corpus, "大阪サーバー"))
        other = os.path.join(tmp, "other")
        synth("seed-003-vss-writer-timeout.yaml", other)
        with zipfile.ZipFile(os.path.join(corpus, "case-b.zip"), "w", zipfile.ZIP_DEFLATED) as z:
            for name in sorted(os.listdir(other)):
                if name.endswith(".evtx"):
                    z.write(os.path.join(other, name), name)

        base = ["batch", "corpus", "--no-timings", "--tz", "UTC"]
        for jobs in ("1", "2"):
            result = windows(*base, "-j", jobs, cwd=tmp)
            if checks.same(f"batch -j {jobs}", linux(*base, "-j", jobs, cwd=tmp), result):
                lines = [json.loads(line) for line in result[1].splitlines()]
                checks.check([l["status"] for l in lines] == ["ok", "ok"] and lines[0]["case"] == "corpus/case-b.zip"
                             and lines[1]["case"] == "corpus/大阪サーバー", f"two cases in order: {[l['case'] for l in lines]}")
            checks.check(result[2] == linux(*base, "-j", jobs, cwd=tmp)[2], f"batch -j {jobs}: summaries differ: "
                         f"{result[2].decode('utf-8', 'replace')[-400:]}")

        out_dir = os.path.join(tmp, "results")
        os.makedirs(out_dir)
        rc, _, err = windows(*base, "-j", "2", "--out", os.path.join("results", "結果.jsonl"), cwd=tmp)
        checks.check(rc == 0, f"batch --out failed ({rc}): {err[-300:]!r}")
        checks.check(os.listdir(out_dir) == ["結果.jsonl"], f"--out left {os.listdir(out_dir)}")
        with open(os.path.join(out_dir, "結果.jsonl"), "rb") as f:
            checks.check(f.read() == linux(*base, "-j", "2", cwd=tmp)[1], "--out 結果.jsonl differs from Linux's stdout")

        checks.same("batch --case-timeout 600", linux(*base, "-j", "2", "--case-timeout", "600", cwd=tmp),
                    windows(*base, "-j", "2", "--case-timeout", "600", cwd=tmp))

        started = time.monotonic()
        rc, out, err = windows(*base, "-j", "2", "--case-timeout", "0.001", cwd=tmp)
        elapsed = time.monotonic() - started
        statuses = [json.loads(line)["status"] for line in out.splitlines()]
        checks.check(rc == 1 and statuses == ["timeout", "timeout"], f"--case-timeout 0.001: exit {rc}, {statuses}, "
                     f"{err.decode('utf-8', 'replace')[-300:]}")
        checks.check(b"cut off after" in out, "a timed-out case says why")
        checks.check(elapsed < 60, f"cutting two cases off took {elapsed:.1f} s")
        # Many cases started at once: starting the later ones takes longer than the first ones
        # need to end, and a run that ended past its limit is still a timeout (it once came back
        # "ok" when it ended while the batch was starting another run).
        many = os.path.join(tmp, "many")
        for i in range(8):
            shutil.copytree(os.path.join(corpus, "大阪サーバー"), os.path.join(many, f"case-{i}"))
        rc, out, err = windows("batch", "many", "--no-timings", "--tz", "UTC", "-j", "8", "--case-timeout", "0.001",
                               cwd=tmp)
        statuses = [json.loads(line)["status"] for line in out.splitlines()]
        checks.check(rc == 1 and statuses == ["timeout"] * 8, f"-j 8 --case-timeout 0.001: exit {rc}, {statuses}")
        checks.check(not leftover_processes(), f"evtxdiag.exe processes left: {leftover_processes()}")
    return checks.finish("batch of two cases (-j 1/2, --out, timeouts): evtxdiag.exe == Linux")


if __name__ == "__main__":
    sys.exit(main())
