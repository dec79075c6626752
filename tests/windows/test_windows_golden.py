#!/usr/bin/env python3
"""The Windows program diagnoses the golden scenarios exactly as the Linux one does.

Every golden scenario (tests/support/golden_cases.py: the set of tests/scripts/test_diagnose_golden.py)
is synthesised by the Linux program; evtxdiag.exe under Wine diagnoses it with the same
arguments, from inside the folder: the JSON, the English text and the Japanese text must be
byte-identical (and, through the Linux program, the JSON equal to tests/golden/<name>.json).
A run costs about 0.1 s under the lasting wineserver of the windows.start_wine fixture.
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_cases import golden_cases  # noqa: E402  (tests/support, on PYTHONPATH)
from wine_support import LINUX, SOURCE, Checks, linux, skip_unless_ready, windows  # noqa: E402


def main():
    skip_unless_ready()
    checks = Checks()
    compared = 0
    with tempfile.TemporaryDirectory(prefix="evtxdiag-wine-golden-") as tmp:
        for case in golden_cases(LINUX, SOURCE, tmp):
            args = ["diagnose", ".", "--tz", case.zone]
            for label, extra in (("json", ["--format", "json"]), ("text", []), ("text ja", ["--lang", "ja"])):
                checks.same(f"{case.name} {label}", linux(*args, *extra, cwd=case.folder),
                            windows(*args, *extra, cwd=case.folder))
            compared += 1
    checks.check(compared >= 40, f"only {compared} golden scenarios found")
    return checks.finish(f"{compared} golden scenarios: evtxdiag.exe == Linux")


if __name__ == "__main__":
    sys.exit(main())
