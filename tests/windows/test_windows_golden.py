#!/usr/bin/env python3
"""The Windows program diagnoses the golden scenarios exactly as the Linux one does.

A representative subset under Wine (each Wine process costs about a second, so CI compares the
first scenario of each family - catalogue-target-*, seed-*, ... - and the text scenarios below;
EVTXDIAG_WINDOWS_ALL=1 compares all of them). Each scenario with an expect block (the set of
tests/scripts/test_diagnose_golden.py) is synthesised once; evtxdiag.exe under Wine diagnoses it with the same arguments as the Linux
program, from inside the folder: the JSON must be byte-identical (and, through the Linux
program, equal to tests/golden/<name>.json). The English and Japanese text reports are compared
too for the scenarios that exercise zones with DST, Japanese message files and the field reports.
"""
import os
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wine_support import SCENARIOS, Checks, linux, skip_unless_ready, synth, windows  # noqa: E402

TEXT_TOO = {"mixed-days-eu-dst", "mixed-days-us-dst", "seed-001-ja-mta-source-volume-space",
            "seed-004-hyperv-spp-timeout", "red-herring-volsnap27-after-success"}


def main():
    skip_unless_ready()
    checks = Checks()
    compared = 0
    families = set()
    every = os.environ.get("EVTXDIAG_WINDOWS_ALL") == "1"
    for file in sorted(f for f in os.listdir(SCENARIOS) if f.endswith(".yaml")):
        with open(os.path.join(SCENARIOS, file), encoding="utf-8") as f:
            expect = (yaml.load(f, Loader=yaml.BaseLoader) or {}).get("expect")
        if not expect or "zone" not in expect:
            continue
        name = file[:-5]
        family = "-".join(name.split("-")[:2])
        if not every and family in families and name not in TEXT_TOO:
            continue
        families.add(family)
        with tempfile.TemporaryDirectory(prefix="evtxdiag-wine-golden-") as tmp:
            logs = os.path.join(tmp, "logs")
            synth(file, logs)
            args = ["diagnose", ".", "--tz", expect["zone"]]
            checks.same(f"{name} json", linux(*args, "--format", "json", cwd=logs),
                        windows(*args, "--format", "json", cwd=logs))
            if name in TEXT_TOO:
                checks.same(f"{name} text", linux(*args, cwd=logs), windows(*args, cwd=logs))
                checks.same(f"{name} text ja", linux(*args, "--lang", "ja", cwd=logs),
                            windows(*args, "--lang", "ja", cwd=logs))
        compared += 1
    checks.check(compared >= 10, f"only {compared} golden scenarios found")
    return checks.finish(f"{compared} golden scenarios: evtxdiag.exe == Linux")


if __name__ == "__main__":
    sys.exit(main())
