#!/usr/bin/env python3
"""No command can destroy an input: -o/--out/--summary/synth --out are checked against what the
run reads (`diagnose case -o case/System.evtx` used to replace the customer's log)."""
import os
import subprocess
import sys
import tempfile

from folder_digest import digest  # tests/support (PYTHONPATH)

EVTXDIAG = os.environ["EVTXDIAG"]
SOURCE = os.environ["EVTXDIAG_SOURCE_DIR"]
SCENARIO = os.path.join(SOURCE, "testdata", "scenarios", "seed-004-hyperv-spp-timeout.yaml")


def run(*args):
    p = subprocess.run([EVTXDIAG, *args], capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def main():
    errors = []

    def check(cond, what):
        if not cond:
            errors.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        case = os.path.join(tmp, "case")
        check(run("synth", SCENARIO, "--out", case)[0] == 0, "synth")
        system = os.path.join(case, "System.evtx")
        before = digest(case)

        # The reported defect, and its variants: every one exits 2, says why, changes nothing.
        refused = [
            ("diagnose", case, "-o", system),
            ("diagnose", case, "-o", system, "--force"),
            ("diagnose", system, "-o", system, "--force"),
            ("diagnose", case, "-o", os.path.join(case, "..", "case", "System.evtx"), "--force"),
            ("diagnose", case, "-o", os.path.join(case, "report.html")),
            ("timeline", case, "-o", os.path.join(case, "timeline.csv"), "--format", "csv"),
            ("dump", system, "-o", system, "--force"),
            ("info", system, "-o", system, "--force"),
            ("batch", case, "--out", os.path.join(case, "results.jsonl")),
            ("batch", case, "--summary", system, "--force"),
            ("synth", SCENARIO, "--out", case),
        ]
        for args in refused:
            rc, out, err = run(*args)
            check(rc == 2 and ("refusing" in err or "exists" in err), f"{' '.join(args[:1])} {args[1:]}: rc {rc}, {err!r}")
        check(digest(case) == before, "the case folder changed")

        # Allowed: outside the inputs, or inside a read folder with --force (not over a log).
        report = os.path.join(tmp, "report.html")
        check(run("diagnose", case, "-o", report, "--format", "html")[0] == 0, "-o outside the case")
        check(os.path.getsize(report) > 1000, "report written")
        inside = os.path.join(case, "report.txt")
        check(run("diagnose", case, "-o", inside, "--force")[0] == 0 and os.path.exists(inside), "--force inside")
        os.remove(inside)
        other = os.path.join(tmp, "other.evtx")
        with open(other, "wb") as f:
            f.write(b"someone's log")
        rc, _, err = run("dump", system, "-o", other)
        check(rc == 2 and "--force" in err, f"existing .evtx not an input: {rc} {err!r}")
        check(run("dump", system, "-o", other, "--force")[0] == 0, "--force over a non-input .evtx")
        for command in (("timeline", case), ("info", system), ("dump", system)):
            target = os.path.join(tmp, command[0] + ".out")
            rc, out, _ = run(*command, "-o", target)
            check(rc == 0 and out == "" and os.path.getsize(target) > 0, f"{command[0]} -o")

        # Errors that say what is wrong.
        rc, _, err = run("diagnose", case, "-o", os.path.join(tmp, "nosuchdir", "r.html"))
        check(rc == 2 and "does not exist" in err, f"missing folder: {err!r}")
        rc, _, err = run("diagnose", case, "-o", tmp)
        check(rc == 2 and "is a folder" in err, f"folder as output: {err!r}")
        check(digest(case) == before, "the case folder changed after the allowed runs")
        check(not [n for n in os.listdir(tmp) if ".tmp-" in n], "temporary files left behind")
    if errors:
        print("\n".join(errors))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
