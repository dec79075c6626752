#!/usr/bin/env python3
"""The Windows program keeps the promises of tests/scripts/test_output_safety.py and of the exit
code table (README "Exit codes") the way a Windows user meets them.

- Every output the Linux program refuses because it would harm an input (exit 2), the Windows
  program refuses too, and the case folder is unchanged, byte for byte, afterwards.
- Names that are the same file only on Windows are refused as well: another letter case
  (CASE\\SYSTEM.EVTX, NTFS and Wine compare names without case), backslashes, "..\\" detours.
- Exit codes 0, 1, 2 and 3 (README "Exit codes") are the Linux program's for the same runs:
  a clean case, a damaged log, usage errors, nothing readable, --fail-on matched, explain of
  an unknown code.
"""
import os
import random
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from folder_digest import digest  # noqa: E402  (tests/support, on PYTHONPATH)
from wine_support import SCENARIOS, Checks, linux, skip_unless_ready, synth, windows  # noqa: E402


def main():
    skip_unless_ready()
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix="evtxdiag-wine-safety-") as tmp:
        synth("seed-004-hyperv-spp-timeout.yaml", os.path.join(tmp, "case"))
        before = digest(os.path.join(tmp, "case"))
        shutil.copy(os.path.join(SCENARIOS, "seed-004-hyperv-spp-timeout.yaml"), os.path.join(tmp, "scenario.yaml"))

        # The refusals of the Linux test, with the paths a Windows user types.
        for args in (("diagnose", "case", "-o", "case\\System.evtx"),
                     ("diagnose", "case", "-o", "case\\System.evtx", "--force"),
                     ("diagnose", "case\\System.evtx", "-o", "case\\System.evtx", "--force"),
                     ("diagnose", "case", "-o", "case\\report.html"),
                     ("timeline", "case", "-o", "case\\timeline.csv", "--format", "csv"),
                     ("dump", "case\\System.evtx", "-o", "case\\System.evtx", "--force"),
                     ("info", "case\\System.evtx", "-o", "case\\System.evtx", "--force"),
                     ("batch", "case", "--out", "case\\results.jsonl"),
                     ("batch", "case", "--summary", "case\\System.evtx", "--force")):
            # Linux reads a backslash as part of a name: it gets the same paths with slashes.
            lrc, _, lerr = linux(*[a.replace("\\", "/") for a in args], cwd=tmp)
            wrc, _, werr = windows(*args, cwd=tmp)
            checks.check(lrc == 2 and wrc == 2 and (b"refusing" in werr or b"exists" in werr),
                         f"{' '.join(args)}: exit {lrc} (linux) / {wrc} (windows), expected 2: {werr[-300:]!r}")

        # Windows-only aliases of an input: letter case, a detour through "..", forward slashes.
        for args in (("dump", "case\\System.evtx", "-o", "CASE\\SYSTEM.EVTX", "--force"),
                     ("diagnose", "case", "-o", "Case\\system.evtx", "--force"),
                     ("diagnose", "case", "-o", "CASE\\report.html"),
                     ("diagnose", "case", "-o", "case\\..\\case\\System.evtx", "--force"),
                     ("info", "case/System.evtx", "-o", "case\\System.evtx", "--force"),
                     ("synth", "scenario.yaml", "--out", "CASE")):
            wrc, _, werr = windows(*args, cwd=tmp)
            checks.check(wrc == 2 and (b"refusing" in werr or b"exists" in werr),
                         f"windows {' '.join(args)}: exit {wrc}, expected 2 with the reason: {werr[-300:]!r}")
        checks.check(digest(os.path.join(tmp, "case")) == before, "the case folder changed")

        # Allowed: a report outside the case is written (and is the Linux program's).
        wrc, wout, _ = windows("diagnose", "case", "--tz", "Asia/Tokyo", "-o", "report.txt", cwd=tmp)
        lrc, lout, _ = linux("diagnose", "case", "--tz", "Asia/Tokyo", cwd=tmp)
        with open(os.path.join(tmp, "report.txt"), "rb") as f:
            written = f.read()
        checks.check(wrc == 0 and lrc == 0 and wout == b"" and written == lout,
                     f"-o report.txt: exit {wrc}, the file is {'' if written == lout else 'not '}the Linux report")

        # Exit codes: the same as Linux for each row of the table.
        noise = random.Random(7)
        with open(os.path.join(tmp, "junk.evtx"), "wb") as f:  # a header signature, then a chunk of noise
            f.write(b"ElfFile\0" + bytes(noise.randrange(256) for _ in range(4096 + 65536 - 8)))
        system = os.path.join(tmp, "case", "System.evtx")
        with open(system, "rb") as f:
            damaged = bytearray(f.read())
        damaged[0x1000 + 0x200 + 0x40:0x1000 + 0x200 + 0x80] = b"\xff" * 0x40  # inside the first record
        os.makedirs(os.path.join(tmp, "damaged"))
        with open(os.path.join(tmp, "damaged", "System.evtx"), "wb") as f:
            f.write(damaged)
        os.makedirs(os.path.join(tmp, "empty"))
        expected = [
            (0, ("info", "case\\System.evtx")),
            (1, ("info", "damaged\\System.evtx", "--decode")),
            (2, ("info", "junk.evtx")),
            (2, ("diagnose", "empty")),
            (2, ("diagnose", "no-such-folder")),
            (2, ("diagnose", "case", "--no-such-option")),
            (2, ("diagnose", "case", "--tz", "localtime")),
            (3, ("batch", "case", "--as-case", "tree", "--no-timings", "--fail-on", "cause", "--out", "results.jsonl")),
            (1, ("explain", "0x12345678")),
        ]
        for want, args in expected:
            lrc, _, _ = linux(*[a.replace("\\", "/") for a in args], cwd=tmp)
            wrc, _, werr = windows(*args, cwd=tmp)
            checks.check(lrc == want and wrc == want,
                         f"{' '.join(args)}: exit {lrc} (linux) / {wrc} (windows), expected {want}: {werr[-300:]!r}")
    return checks.finish("outputs that would harm an input refused, exit codes as on Linux")


if __name__ == "__main__":
    sys.exit(main())
