#!/usr/bin/env python3
"""Every error names what is wrong and what to do: a mistyped command gets the
nearest one, a missing argument says what it is, a folder that does not exist is named with the
reason, a bare number that is also an event id says so."""
import os
import subprocess
import sys
import tempfile

EVTXDIAG = os.environ["EVTXDIAG"]


def run(*args):
    p = subprocess.run([EVTXDIAG, *args], capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode(errors="replace")


def main():
    errors = []

    def check(cond, what):
        if not cond:
            errors.append(what)

    rc, _, err = run("diagnos", "logs")
    check(rc == 2 and "did you mean 'diagnose'" in err, f"typo: {err!r}")
    rc, _, err = run("dum", "x.evtx")
    check(rc == 2 and "did you mean 'dump'" in err, f"prefix: {err!r}")
    rc, _, err = run()
    check(rc == 2 and "give a command" in err and "diagnose" in err, f"no command: {err!r}")
    rc, _, err = run("diagnose")
    check(rc == 2 and "paths is missing" in err and "folders or archives" in err and "--help" in err, f"no path: {err!r}")
    rc, _, err = run("synth", "x.yaml")
    check(rc == 2 and "--out is missing" in err, f"no --out: {err!r}")
    with tempfile.TemporaryDirectory() as tmp:
        rc, _, err = run("diagnose", tmp)
        check(rc == 2 and "no .evtx file found" in err, f"empty folder: {err!r}")
    rc, out, _ = run("explain", "4104")
    check("4104 is also an event id: Windows Backup/4104" in out, f"explain 4104: {out[-300:]!r}")
    rc, out, _ = run("explain", "4104", "--format", "json")
    check('"also_event_ids"' in out and '"Windows Backup"' in out, "explain 4104 JSON")
    rc, out, _ = run("explain", "0x80780021")
    check("also an event id" not in out, "a hex code is not an event id")
    if errors:
        print("\n".join(errors))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
