#!/usr/bin/env python3
# ctest-labels: slow
# ctest-timeout: 600
"""Damaged-file test: the damaged copies scripts/make-damaged.py makes from a
synthetic multi-chunk log (and, when present, from real sample logs) are read without a crash
or a hang, and nothing is lost or invented:

- every live record whose bytes survive is returned exactly once (a record whose header
  survives but whose payload does not is returned with "payload_lost"), none twice;
- every record the damage destroyed is counted as missing, and the counts add up: records the
  headers promise = live records found + records missing, in `info` with and without --decode;
- the exit code follows the documented rule (0 nothing promised lost, 1 a live record lost,
  2 nothing readable), the same for `info`, `info --decode` and `dump`;
- a truncated copy says how many bytes are missing; every record libevtx's own evtxexport gets
  out of a file is also returned by `evtxdiag dump --recovered`.

What must be lost comes from the structure of the clean file (manifest.json), not from any
reader; for real samples the clean file's own `dump` is the reference of what is live."""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from skip import skip_part, skip_test  # tests/support (PYTHONPATH)

EVTXDIAG = os.environ["EVTXDIAG"]
SOURCE = Path(os.environ["EVTXDIAG_SOURCE_DIR"])
SAMPLES = Path(os.environ.get("EVTXDIAG_SAMPLES_DIR", "/nonexistent"))
SANITIZED = os.environ.get("EVTXDIAG_SANITIZE") == "1"
TIMEOUT = 120  # seconds per subprocess: a hang fails the test instead of stalling ctest
# Real logs damaged the same way (a System log as in the issue, and a Sysmon log).
SAMPLE_LOGS = ["museum-Belkasoft__System.evtx", "pyevtx__issue_43.evtx"]
# Kinds of damage run on the samples (every kind runs on the synthetic log).
SAMPLE_VARIANTS = ("truncated-mid-record", "truncated-in-last-chunk", "bad-chunk-magic", "zeroed-chunk",
                   "garbage-chunk-replacing", "duplicated-chunk", "duplicated-chunk-inserted", "random-after-header",
                   "huge-record-size", "size-copy-damaged", "garbage-across-records", "template-overwritten")
failures = []


def run(args):
    try:
        return subprocess.run([str(a) for a in args], capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        failures.append(f"HANG (>{TIMEOUT}s): {' '.join(map(str, args))}")
        return None


def crashed(proc):
    # Negative return codes are signals; sanitizers report through stderr and exit non-zero.
    return proc.returncode < 0 or b"Sanitizer" in proc.stderr or b"runtime error" in proc.stderr


def record_ids_from_evtxexport(path):
    proc = run(["evtxexport", "-m", "all", "-f", "xml", path])
    if proc is None:
        return None
    return {int(m) for m in re.findall(rb"<EventRecordID>(\d+)</EventRecordID>", proc.stdout)}


def dump_events(path):
    proc = run([EVTXDIAG, "dump", "--recovered", "--no-mta", path])
    events = [json.loads(line) for line in proc.stdout.splitlines()] if proc else []
    return proc, events


def check(label, variant, path, live_ids):
    """Checks one damaged file; `live_ids`: the live record ids of the clean file."""
    name = f"{label}/{variant['name']}"
    want_rc = variant["exit"]
    destroyed = set(variant["destroyed"])
    not_promised = set(variant.get("not_promised", []))
    lost_live = set(variant.get("payload_lost_live", []))
    lost_recovered = set(variant.get("payload_lost_recovered", []))
    survey = run([EVTXDIAG, "info", "--format", "json", path])
    info = run([EVTXDIAG, "info", "--decode", "--format", "json", path])
    dump, events = dump_events(path)
    if survey is None or info is None or dump is None:
        return None
    problems = []
    for what, proc, rc in (("info", survey, variant.get("survey_exit", want_rc)), ("info --decode", info, want_rc),
                           ("dump", dump, want_rc)):
        if crashed(proc):
            problems.append(f"{what} crashed (rc {proc.returncode}): {proc.stderr[-600:].decode(errors='replace')}")
        elif proc.returncode != rc:
            problems.append(f"{what} exit {proc.returncode}, expected {rc}: {proc.stderr[-400:]!r}")
    row = {"name": name, "rc": info.returncode}
    if want_rc != 2 and info.returncode != 2 and survey.returncode != 2:
        fast, facts = json.loads(survey.stdout), json.loads(info.stdout)
        want_live = set(live_ids) - destroyed - not_promised
        live = [e for e in events if e["origin"] == "live"]
        ids = [e["record_number"] for e in live]
        row.update(live=len(ids), missing=facts.get("records_missing"), promised=facts.get("records_promised"))
        if len(ids) != len(set(ids)):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            problems.append(f"{len(twice)} live records printed twice, e.g. {twice[:5]}")
        if set(ids) - want_live:
            problems.append(f"dump returned live ids that are gone or invented: {sorted(set(ids) - want_live)[:5]}")
        if want_live - set(ids):
            problems.append(f"{len(want_live - set(ids))} live records lost, e.g. {sorted(want_live - set(ids))[:5]}")
        flagged = {e["record_number"] for e in live if e.get("payload_lost")}
        if flagged != lost_live:
            problems.append(f"live records flagged payload_lost {sorted(flagged)[:5]}, expected {sorted(lost_live)[:5]}")
        # A record read whole from damaged bytes (a wrong size copy) says so, in its event and on
        # stderr, and is not called unreadable.
        repaired = {e["record_number"] for e in live if e.get("record_damage")}
        want_repaired = set(variant.get("read_despite_damage_live", []))
        if want_repaired - repaired:
            problems.append(f"live records read from damaged bytes without record_damage: {sorted(want_repaired - repaired)[:5]}")
        for record in want_repaired:
            said = [line for line in dump.stderr.decode(errors="replace").splitlines() if f"record {record}" in line]
            if not said or any("without a readable record" in line for line in said):
                problems.append(f"stderr about record {record} read from damaged bytes: {said[:2]}")
        recovered_flagged = {e["record_number"] for e in events if e["origin"] == "recovered" and e.get("payload_lost")}
        if lost_recovered - recovered_flagged:
            problems.append(f"recovered records without payload not returned: {sorted(lost_recovered - recovered_flagged)[:5]}")
        for e in events:
            if e.get("payload_lost") and not (e["record_number"] and e["written_time"] and e["time_created"]):
                problems.append(f"payload-lost record {e['record_number']} lacks its record id or time")
                break
        # The counts add up, with and without decoding (records no header promises cannot count).
        countable = destroyed - set(variant.get("unpromised", []))
        for what, j in (("info", fast), ("info --decode", facts)):
            if j.get("records_missing") != len(countable):
                problems.append(f"{what}: records_missing {j.get('records_missing')}, {len(countable)} destroyed "
                                "and promised")
            if j.get("records_promised") != j.get("live_records", -1) + j.get("records_missing", -1):
                problems.append(f"{what}: records_promised {j.get('records_promised')} != live_records "
                                f"{j.get('live_records')} + records_missing {j.get('records_missing')}")
            if j.get("live_records") != len(want_live):
                problems.append(f"{what}: live_records {j.get('live_records')}, expected {len(want_live)}")
        if facts.get("live_decoded", 0) + facts.get("live_payload_lost", 0) != len(want_live):
            problems.append(f"info --decode: live_decoded {facts.get('live_decoded')} + live_payload_lost "
                            f"{facts.get('live_payload_lost')} != {len(want_live)} live records")
        if facts.get("live_payload_lost") != len(lost_live):
            problems.append(f"info --decode: live_payload_lost {facts.get('live_payload_lost')}, expected {len(lost_live)}")
        if variant.get("duplicated") and (fast.get("duplicate_records", 0) == 0 or b"twice" not in survey.stderr):
            problems.append("the duplicated chunk is not reported")
        if "missing_bytes" in variant:
            if fast.get("missing_bytes") != variant["missing_bytes"]:
                problems.append(f"missing_bytes {fast.get('missing_bytes')}, expected {variant['missing_bytes']}")
            if f"{variant['missing_bytes']} bytes missing".encode() not in survey.stderr:
                problems.append(f"stderr does not say that {variant['missing_bytes']} bytes are missing")
        if destroyed and b"missing" not in info.stderr:
            problems.append("the missing records are not reported on stderr")
        libevtx_ids = record_ids_from_evtxexport(path)
        all_ids = {e["record_number"] for e in events}
        if libevtx_ids is not None and libevtx_ids - all_ids:
            missing = sorted(libevtx_ids - all_ids)
            problems.append(f"{len(missing)} records evtxexport reads are missing, e.g. {missing[:5]}")
    failures.extend(f"{name}: {p}" for p in problems)
    return row


def damaged_set(tmp, label, clean, live_ids, keep):
    out = tmp / label
    subprocess.run([sys.executable, SOURCE / "scripts/make-damaged.py", clean, out], check=True, timeout=TIMEOUT,
                   capture_output=True)
    manifest = json.loads((out / "manifest.json").read_text())
    variants = [v for v in manifest["variants"] if keep(v["name"])]
    if live_ids is None:
        live_ids = manifest["live_ids"]
    return [(label, v, out / v["file"], live_ids) for v in variants]


def main():
    if shutil.which("evtxexport") is None:
        skip_test("tool:evtxexport", "evtxexport (libevtx-utils) is not installed")
    with tempfile.TemporaryDirectory(prefix="evtxdiag-damaged-") as tmp:
        tmp = Path(tmp)
        subprocess.run([EVTXDIAG, "synth", SOURCE / "testdata/scenarios/basic-many-chunks.yaml", "--out",
                        tmp / "clean"], check=True, capture_output=True, timeout=TIMEOUT)
        # Under ASan reading 4,200 records takes seconds: cut at the first, a middle and the
        # last chunk boundary only (every boundary in the normal build).
        keep_synthetic = (lambda n: not n.startswith("truncated-at-chunk-") or n[-2:] in ("01", "13", "25")) \
            if SANITIZED else (lambda n: True)
        jobs = damaged_set(tmp, "synthetic", tmp / "clean/System.evtx", None, keep_synthetic)
        if SAMPLES.is_dir() and not SANITIZED:
            for sample in SAMPLE_LOGS:
                clean = SAMPLES / sample
                if not clean.exists():
                    skip_part(f"sample:{sample}", f"not in {SAMPLES}")
                    continue
                proc, events = dump_events(clean)
                live_ids = [e["record_number"] for e in events if e["origin"] == "live"]
                jobs += damaged_set(tmp, sample, clean, live_ids, lambda n: n in SAMPLE_VARIANTS)
        elif SANITIZED:
            skip_part("sanitizer", "the sample part is too slow under sanitizers")
        else:
            skip_part("samples", f"{SAMPLES} is absent")
        # Every kind of damage (under sanitizers with only three of the chunk-boundary cuts).
        assert len(jobs) >= (15 if SANITIZED else 40), f"basic-many-chunks gave only {len(jobs)} damaged copies"
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            rows = list(pool.map(lambda job: check(*job), jobs))
    for row in rows:
        if row:
            print(" ".join(f"{k}={v}" for k, v in row.items()))
    if failures:
        print("\n".join(["FAILED:"] + failures[:80]))
        return 1
    print(f"ok: {len(rows)} damaged files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
