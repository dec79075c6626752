#!/usr/bin/env python3
"""tests/support/check_skips.py, the guard that keeps the suite from quietly testing less: on a
made-up CTest result it must fail a skip that names no need, a skip whose need is met (samples
present, tool on PATH, option ON, sanitizer skip in a normal build) and pass the justified ones."""
import os
import subprocess
import sys
import tempfile

CHECKER = os.path.join(os.environ["EVTXDIAG_SOURCE_DIR"], "tests", "support", "check_skips.py")


def run(tmp, cache, skipped, recorded):
    build = os.path.join(tmp, "build")
    os.makedirs(build, exist_ok=True)
    with open(os.path.join(build, "CMakeCache.txt"), "w") as f:
        f.writelines(f"{k}:STRING={v}\n" for k, v in cache.items())
    junit = os.path.join(tmp, "junit.xml")
    with open(junit, "w") as f:
        f.write("<testsuite>")
        for name in ["unit.ran"] + skipped:
            status = "notrun" if name in skipped else "run"
            f.write(f'<testcase name="{name}" status="{status}"/>')
        f.write("</testsuite>")
    log = os.path.join(tmp, "skips.tsv")
    with open(log, "w") as f:
        f.writelines(f"{n}\t{r}\twhy\n" for n, r in recorded)
    p = subprocess.run([sys.executable, CHECKER, build, junit, log], capture_output=True, text=True)
    return p.returncode, p.stdout


def main():
    errors = []
    with tempfile.TemporaryDirectory() as tmp:
        samples = os.path.join(tmp, "samples")
        os.makedirs(samples)
        open(os.path.join(samples, "System.evtx"), "wb").close()
        absent = os.path.join(tmp, "no-samples")
        cases = [
            # (what, cache, skipped tests, recorded skips, expected exit code)
            ("justified: samples absent", {"EVTXDIAG_SAMPLES_DIR": absent}, ["script.a"], [("script.a", "samples")], 0),
            ("samples present", {"EVTXDIAG_SAMPLES_DIR": samples}, ["script.a"], [("script.a", "samples")], 1),
            ("one sample present", {"EVTXDIAG_SAMPLES_DIR": samples}, ["script.a"],
             [("script.a", "sample:System.evtx")], 1),
            ("one sample absent", {"EVTXDIAG_SAMPLES_DIR": samples}, ["script.a"],
             [("script.a", "sample:Backup.evtx")], 0),
            ("skip without a need", {}, ["script.a"], [], 1),
            ("tool present", {}, ["script.a"], [("script.a", "tool:sh")], 1),
            ("tool absent", {}, ["script.a"], [("script.a", "tool:no-such-tool-xyz")], 0),
            ("partial skip, need met", {"EVTXDIAG_SAMPLES_DIR": samples}, [], [("script.b", "samples")], 1),
            ("option ON", {"EVTXDIAG_MIMALLOC": "ON"}, ["script.a"], [("script.a", "cmake:EVTXDIAG_MIMALLOC")], 1),
            ("option OFF", {"EVTXDIAG_MIMALLOC": "OFF"}, ["script.a"], [("script.a", "cmake:EVTXDIAG_MIMALLOC")], 0),
            ("sanitizer skip, normal build", {"EVTXDIAG_SANITIZE": "OFF"}, ["script.a"], [("script.a", "sanitizer")], 1),
            ("sanitizer skip, ASan build", {"EVTXDIAG_SANITIZE": "ON"}, ["script.a"], [("script.a", "sanitizer")], 0),
            ("unknown need", {}, ["script.a"], [("script.a", "magic")], 1),
        ]
        for i, (what, cache, skipped, recorded, expected) in enumerate(cases):
            case_dir = os.path.join(tmp, f"case{i}")
            os.makedirs(case_dir)
            rc, out = run(case_dir, cache, skipped, recorded)
            if rc != expected:
                errors.append(f"{what}: exit {rc}, expected {expected}\n{out}")
    for e in errors:
        print("FAIL: " + e)
    print(f"check_skips: {len(cases) - len(errors)}/{len(cases)} cases right")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
