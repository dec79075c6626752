#!/usr/bin/env python3
"""The Japanese MTA scenario end to end through the CLI: `synth` writes LocaleMetaData/*_1041.MTA
beside the logs (reproducible bytes, --force rules as for .evtx); `timeline` (text, jsonl, csv) and
`diagnose` (text, JSON, HTML) show the MTA's Japanese messages with message_source "mta", and the
knowledge base's text with --no-mta; a damaged MTA gives a warning on stderr and the same diagnosis."""
import csv
import html
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

EVTXDIAG = os.environ["EVTXDIAG"]
SCENARIO = Path(os.environ["EVTXDIAG_SOURCE_DIR"]) / "testdata" / "scenarios" / "seed-001-ja-mta-source-volume-space.yaml"
MTA_FILES = ["Application_1041.MTA", "Microsoft-Windows-Backup_1041.MTA", "System_1041.MTA"]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def run(cwd, *args):
    proc = subprocess.run([EVTXDIAG, *map(str, args)], cwd=cwd, capture_output=True, timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8", "replace")


def findings_outline(doc):
    return [(f["rule"], f["verdict"], [e["record_id"] for e in f["evidence"]]) for f in doc["findings"]]


def main():
    with open(SCENARIO, encoding="utf-8") as f:
        scenario = yaml.load(f, Loader=yaml.BaseLoader)
    messages = {(log["file"], int(e["record_id"])): e["message"] for log in scenario["logs"] for e in log["events"]
                if "message" in e}
    cause_message = messages[("Microsoft-Windows-Backup.evtx", 3135)]  # Backup 5 of the first failed job

    with tempfile.TemporaryDirectory(prefix="evtxdiag-mta-cli-") as tmp:
        tmp = Path(tmp)
        logs, again = tmp / "logs", tmp / "again"
        for out in (logs, again):
            rc, _, err = run(tmp, "synth", SCENARIO, "--out", out)
            check(rc == 0, f"synth exit {rc}: {err}")
        locale = logs / "LocaleMetaData"
        check(sorted(p.name for p in locale.iterdir()) == MTA_FILES, f"MTA files: {list(locale.iterdir())}")
        for name in MTA_FILES:
            check((locale / name).read_bytes() == (again / "LocaleMetaData" / name).read_bytes(), f"{name}: not reproducible")
            check((locale / name).read_bytes()[:8] == b"MTAFile\0", f"{name}: no MTA signature")
        # --force rules: an existing MTA is not overwritten without --force, even when the logs are gone.
        for log in ("System.evtx", "Application.evtx", "Microsoft-Windows-Backup.evtx"):
            (again / log).unlink()
        target = again / "LocaleMetaData" / "System_1041.MTA"
        target.write_bytes(b"user data")
        rc, _, err = run(tmp, "synth", SCENARIO, "--out", again)
        check(rc == 2 and "System_1041.MTA: it is an existing" in err, f"no --force: {rc} {err}")
        check(target.read_bytes() == b"user data", "MTA overwritten without --force")
        rc, _, _ = run(tmp, "synth", SCENARIO, "--out", again, "--force")
        check(rc == 0 and target.read_bytes() == (locale / "System_1041.MTA").read_bytes(), "--force did not rewrite the MTA")

        base = [".", "--tz", "Asia/Tokyo"]
        rc, text, err = run(logs, "timeline", *base, "--lang", "ja")
        check(rc == 0 and cause_message[:60] in text, f"timeline text lacks the Japanese message ({rc}, {err})")
        rc, out, _ = run(logs, "timeline", *base, "--format", "jsonl")
        rows = [json.loads(line) for line in out.splitlines()]
        check(rc == 0 and rows and all(r["message_source"] == "mta" for r in rows), "timeline jsonl: not all from the MTA")
        for r in rows:
            want = messages.get((os.path.basename(r["file"]), r["record_id"]))
            if want is not None:
                check(r["message"] == want, f"timeline jsonl #{r['record_id']}: {r['message']!r} != {want!r}")
        rc, out, _ = run(logs, "timeline", *base, "--format", "csv")
        csv_rows = list(csv.DictReader(io.StringIO(out)))
        cause_rows = [r for r in csv_rows if r["record_id"] == "3135"]
        check(cause_rows and cause_rows[0]["message"] == cause_message and cause_rows[0]["message_source"] == "mta",
              "timeline csv: record 3135 message")

        rc, out, err = run(logs, "diagnose", *base, "--lang", "ja")
        check(rc == 0 and cause_message[:60] in out and "Microsoft-Windows-Backup_1041.MTA" in out,
              f"diagnose text ({rc}): {err}")
        rc, out, _ = run(logs, "diagnose", *base, "--format", "json")
        doc = json.loads(out)
        check(all(i["mta_lcid"] == 1041 and i["mta"].endswith("_1041.MTA") for i in doc["inputs"]), "json inputs mta")
        evidence = [e for f in doc["findings"] for e in f["evidence"]]
        check(evidence and all(e["message_source"] == "mta" for e in evidence), "json evidence not from the MTA")
        check(any(e["record_id"] == 3135 and e["message"] == cause_message for e in evidence), "json 3135 message")
        page = tmp / "report.html"
        rc, _, _ = run(logs, "diagnose", *base, "--format", "html", "-o", page)
        report = page.read_text(encoding="utf-8")
        check(rc == 0 and html.escape(cause_message, quote=True).replace("&#x27;", "&#39;") in report,
              "html lacks the escaped Japanese message")
        check('data-source="mta"' in report, "html evidence not marked as MTA text")

        rc, out, _ = run(logs, "diagnose", *base, "--format", "json", "--no-mta")
        plain = json.loads(out)
        check(all(i["mta"] == "" for i in plain["inputs"]), "--no-mta still read an MTA")
        check(all(e["message_source"] != "mta" for f in plain["findings"] for e in f["evidence"]), "--no-mta messages")
        check(findings_outline(plain) == findings_outline(doc), "--no-mta changed the diagnosis")

        # A damaged MTA: a warning naming the file, the same diagnosis, exit 0.
        damaged = locale / "Microsoft-Windows-Backup_1041.MTA"
        damaged.write_bytes(damaged.read_bytes()[:1500])
        rc, out, err = run(logs, "diagnose", *base, "--format", "json")
        check(rc == 0 and "Microsoft-Windows-Backup_1041.MTA" in err, f"damaged MTA: exit {rc}, stderr {err!r}")
        check(findings_outline(json.loads(out)) == findings_outline(doc), "damaged MTA changed the diagnosis")
    if failures:
        print("\n".join(failures))
        return 1
    print("synth writes the MTA files; timeline and diagnose show their Japanese messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
