#!/usr/bin/env python3
"""Missing logs lead to wrong conclusions unless said: without the Backup operational
log the successful jobs vanish, without the System log the zone and the disk evidence. Every
output format says which logs are missing and what that hides."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

EVTXDIAG = os.environ["EVTXDIAG"]
SCENARIO = os.path.join(os.environ["EVTXDIAG_SOURCE_DIR"], "testdata", "scenarios", "seed-004-hyperv-spp-timeout.yaml")


def run(*args):
    p = subprocess.run([EVTXDIAG, *args], capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode(errors="replace")


def main():
    errors = []

    def check(cond, what):
        if not cond:
            errors.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        full = os.path.join(tmp, "full")
        check(run("synth", SCENARIO, "--out", full)[0] == 0, "synth")
        complete = json.loads(run("diagnose", full, "--format", "json")[1])
        check(complete["missing_logs"] == [], f"complete case: {complete['missing_logs']}")

        no_backup = os.path.join(tmp, "no-backup")
        shutil.copytree(full, no_backup)
        os.remove(os.path.join(no_backup, "Microsoft-Windows-Backup.evtx"))
        doc = json.loads(run("diagnose", no_backup, "--format", "json")[1])
        check([m["channel"] for m in doc["missing_logs"]] == ["Microsoft-Windows-Backup"], f"{doc['missing_logs']}")
        check("successful jobs" in doc["missing_logs"][0]["hides"], "says successful jobs are hidden")
        check(len(doc["jobs"]) < len(complete["jobs"]), "the successful jobs are indeed gone")
        rc, text, _ = run("diagnose", no_backup)
        check("no Microsoft-Windows-Backup log: successful jobs" in text, "text report")
        rc, text, _ = run("diagnose", no_backup, "--lang", "ja")
        check("Microsoft-Windows-Backup ログがありません" in text, "Japanese text report")
        html = os.path.join(tmp, "r.html")
        run("diagnose", no_backup, "--format", "html", "-o", html)
        check('id="missing-logs"' in open(html, encoding="utf-8").read(), "HTML report")

        no_system = os.path.join(tmp, "no-system")
        shutil.copytree(full, no_system)
        os.remove(os.path.join(no_system, "System.evtx"))
        doc = json.loads(run("diagnose", no_system, "--format", "json")[1])
        check([m["channel"] for m in doc["missing_logs"]] == ["System"], f"{doc['missing_logs']}")
        check("time zone cannot be inferred" in doc["missing_logs"][0]["hides"], "zone named")
        doc = json.loads(run("diagnose", no_system, "--format", "json", "--tz", "Asia/Tokyo")[1])
        check("time zone" not in doc["missing_logs"][0]["hides"], "a given zone costs nothing")
    if errors:
        print("\n".join(errors))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
