#!/usr/bin/env python3
"""The Windows program's time zones (compiled zones embedded at build time) give the Linux
program's results (the system's tz database through date/tz): every zone name, and for every
zone every change of offset, DST, abbreviation and standard offset from 1900 to 2040, with the
resolution of local times around each change (evtxdiag_zone_probe, built in both). And neither
takes the analyst machine's zone: "localtime" is no zone for either."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wine_support import WINDOWS_BUILD, Checks, first_difference, linux, skip_unless_ready, synth, windows  # noqa: E402

LINUX_PROBE = os.environ["EVTXDIAG_ZONE_PROBE"]
WINDOWS_PROBE = os.path.join(WINDOWS_BUILD, "tests", "windows", "zone_probe", "evtxdiag_zone_probe.exe")


def main():
    skip_unless_ready(WINDOWS_PROBE)
    checks = Checks()
    lrc, lout, _ = linux(program=LINUX_PROBE)
    wrc, wout, werr = windows(program=WINDOWS_PROBE)
    # The probe is a plain test program printing with printf: its stdout is in text mode on
    # Windows ("\r\n"). evtxdiag.exe itself writes "\n" (checked by test_windows_japanese_paths).
    wout = wout.replace(b"\r\n", b"\n")
    checks.check(lrc == 0 and wrc == 0, f"probe exit codes {lrc}/{wrc}: {werr[-300:]!r}")
    header = lout.split(b"\n", 1)[0].decode()
    zones = int(header.split()[1]) if header.startswith("zones ") else 0
    checks.check(zones >= 300, f"the Linux build knows {zones} zones")
    checks.check(lout == wout, f"zone results differ at {first_difference(lout, wout)}")
    for zone in (b"Asia/Tokyo\n", b"Europe/Berlin\n", b"America/New_York\n", b"Australia/Lord_Howe\n"):
        checks.check(zone in wout, f"the Windows probe lacks {zone!r}")
    with tempfile.TemporaryDirectory(prefix="evtxdiag-wine-zones-") as tmp:
        logs = os.path.join(tmp, "logs")
        synth("mixed-days-eu-dst.yaml", logs)
        for spec in ("localtime", "posixrules"):
            lrc, _, _ = linux("diagnose", ".", "--tz", spec, cwd=logs)
            wrc, _, _ = windows("diagnose", ".", "--tz", spec, cwd=logs)
            checks.check(lrc == 2 and wrc == 2, f"--tz {spec}: exit {lrc} (linux) / {wrc} (windows), expected 2")
        for spec in ("東京 (標準時)", "JST", "asia/tokyo", "Tokyo Standard Time", "+09:00", "Etc/GMT-9"):
            args = ["diagnose", ".", "--tz", spec, "--format", "json"]
            checks.same(f"--tz {spec}", linux(*args, cwd=logs), windows(*args, cwd=logs))
    lines = lout.count(b"\n")
    return checks.finish(f"{zones} zones, {lines} lines of zone results: evtxdiag.exe == Linux")


if __name__ == "__main__":
    sys.exit(main())
