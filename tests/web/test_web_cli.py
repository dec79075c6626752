#!/usr/bin/env python3
"""The WebAssembly command (build-web/evtxdiag.mjs, run by node) prints what the native command
prints: on every golden case (testdata/scenarios with an `expect:` block), as a folder and as a
zip archive, `diagnose --format json` with the case's zone and with --tz auto, and the Japanese
text report, byte for byte and with the same exit code.

    tests/web/test_web_cli.py build-web/evtxdiag.mjs build/tools/evtxdiag   (scripts/run web)
"""
import os
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
from golden_cases import golden_cases  # noqa: E402

NODE = os.environ.get("NODE", "node")
failures = []


def run(command, cwd, *args):
    proc = subprocess.run([*command, *args], cwd=cwd, capture_output=True, timeout=300,
                          env={**os.environ, "TZ": "Pacific/Chatham"})  # far from UTC: no analyst zone may leak
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def compare(name, native, web, cwd, *args):
    want = run(native, cwd, *args)
    got = run(web, cwd, *args)
    if want[:2] == got[:2]:
        return True
    what = f"{name}: {' '.join(args)}"
    if want[0] != got[0]:
        failures.append(f"{what}: exit {got[0]} (native {want[0]}); stderr: {got[2][-600:]}")
    else:
        first = next((i for i, (a, b) in enumerate(zip(want[1].splitlines(), got[1].splitlines())) if a != b), None)
        line = (f"line {first + 1}:\n  native: {want[1].splitlines()[first]}\n  web:    {got[1].splitlines()[first]}"
                if first is not None else f"{len(want[1])} vs {len(got[1])} characters")
        failures.append(f"{what}: output differs at {line}")
    return False


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    mjs, native = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    web = [NODE, mjs]
    started = time.monotonic()
    checked = 0
    with tempfile.TemporaryDirectory(prefix="evtxdiag-web-cli-") as tmp:
        for case in golden_cases(native, ROOT, tmp):
            archive = os.path.join(tmp, case.name + ".zip")
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
                for folder, _, files in os.walk(case.folder):
                    for f in sorted(files):
                        full = os.path.join(folder, f)
                        z.write(full, os.path.join(case.name, os.path.relpath(full, case.folder)))
            ok = compare(case.name, [native], web, case.folder, "diagnose", ".", "--tz", case.zone, "--format", "json")
            ok &= compare(case.name, [native], web, case.folder, "diagnose", ".", "--tz", "auto", "--format", "json")
            ok &= compare(case.name, [native], web, case.folder, "diagnose", ".", "--tz", case.zone, "--lang", "ja")
            ok &= compare(case.name, [native], web, tmp, "diagnose", case.name + ".zip", "--tz", case.zone, "--format", "json")
            checked += ok
            print(f"{case.name}: {'same' if ok else 'DIFFERENT'}", flush=True)
        # Input errors are data, in the browser too: a missing path is the same usage error.
        compare("missing input", [native], web, tmp, "diagnose", "no-such-folder", "--format", "json")
    if checked < 8 and not failures:
        failures.append(f"only {checked} golden cases")
    print(f"{checked} golden cases alike (folder and zip) in {time.monotonic() - started:.0f} s")
    if failures:
        print("\n".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
