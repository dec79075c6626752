#!/usr/bin/env python3
"""evtxdiag benchmark; run it through bench/run.sh (see there for the options).

Times, on the same inputs, `evtxexport -f xml` (libevtx's own tool, the reference) and evtxdiag
`dump` (JSON Lines, every record decoded), `diagnose` (the pre-filtered read) and `batch` (the
input as one case), dump and diagnose with -j1 and -j2. Per input and command it prints records,
best-of-N seconds, records/s, MB/s (input bytes, 10^6), peak RSS (wait4 of the command: the
largest of the process and its waited-for children) and the speed-up over evtxexport.
Writes only to a private temporary directory (and the results to --out DIR when given).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TIME = "/usr/bin/time"
LARGE_SAMPLE_BYTES = 10 * 1000 * 1000
# The synthetic corpus: a scenario with a real diagnosis (a failed WSB job), its System log
# padded with routine events the diagnosis has no use for (time sync, updates, DNS: no rule or
# knowledge entry names them), as most of a real System log is. Three shapes: three templates.
SCENARIO = os.path.join(REPO, "testdata", "scenarios", "seed-001-wsb-source-volume-space.yaml")
FILLER = [
    {"time": "2020-06-01T00:00:00Z", "provider": "Microsoft-Windows-Time-Service",
     "guid": "{06edcfeb-0fd0-4e53-acca-a6f8bbf81bcb}", "event_id": 37, "level": 4,
     "keywords": "0x8000000000000000", "process_id": 1180, "thread_id": 2260, "user_sid": "S-1-5-19",
     "data": {"TimeSource": "dc01.example.local,0x8 (ntp.m|0x8|0.0.0.0:123->10.0.0.1:123)"}},
    {"time": "2020-06-01T00:00:00.5Z", "provider": "Microsoft-Windows-WindowsUpdateClient",
     "guid": "{945a8954-c147-4acd-923f-40c45405a658}", "event_id": 19, "level": 4, "task": 1,
     "keywords": "0x8000000000000018", "process_id": 3312, "thread_id": 4400, "user_sid": "S-1-5-18",
     "data": {"updateTitle": "Security Intelligence Update for Microsoft Defender Antivirus - KB2267602",
              "updateGuid": "{3c4b5b1e-2f0b-4d43-9b5e-000000000000}", "updateRevisionNumber": "200"}},
    {"time": "2020-06-01T00:00:00.75Z", "provider": "Microsoft-Windows-DNS-Client",
     "guid": "{1c95126e-7eea-49a9-a3fe-a378b03ddb4d}", "event_id": 1014, "level": 3, "task": 1014,
     "keywords": "0x4000000010000000", "process_id": 2044, "thread_id": 3660, "user_sid": "S-1-5-20",
     "data": {"QueryName": "wpad.example.local", "AddressLength": "128"}},
]


def run_measured(argv, work):
    """Runs argv; returns (exit code, seconds, peak RSS in KiB). The peak comes from GNU time
    (wait4, so it covers batch's case processes too): a child forked from Python would carry
    Python's own peak across exec."""
    report = os.path.join(work, "time.txt")
    with open(os.devnull, "wb") as sink:
        start = time.perf_counter()
        code = subprocess.run([TIME, "-f", "%M", "-o", report, *argv], stdout=sink, stderr=sink, check=False).returncode
        seconds = time.perf_counter() - start
    with open(report, encoding="utf-8") as f:
        rss_kib = int(f.read().split()[-1])
    return code, seconds, rss_kib


def best_of(argv, repeat, work):
    runs = [run_measured(argv, work) for _ in range(repeat)]
    codes = {code for code, _, _ in runs}
    return min(s for _, s, _ in runs), max(rss for _, _, rss in runs), codes


def live_records(evtxdiag, files):
    total = 0
    for path in files:
        res = subprocess.run([evtxdiag, "info", path], capture_output=True, text=True, check=False)
        for line in res.stdout.splitlines():
            if line.strip().startswith("live_records:"):
                total += int(line.split(":")[1])
    return total


def synthetic_corpus(evtxdiag, work, per_shape):
    with open(SCENARIO, encoding="utf-8") as f:
        scenario = yaml.safe_load(f)
    system = next(log for log in scenario["logs"] if log["channel"] == "System")
    for i, shape in enumerate(FILLER):
        entry = dict(shape, repeat={"count": per_shape, "interval_ms": 500 + 250 * i})
        system["events"].append(entry)
    scenario["description"] = f"benchmark corpus: {os.path.basename(SCENARIO)} + {3 * per_shape} filler events"
    path = os.path.join(work, "corpus.yaml")
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(scenario, f, allow_unicode=True, sort_keys=False)
    out = os.path.join(work, "synthetic")
    subprocess.run([evtxdiag, "synth", path, "--out", out], check=True, capture_output=True)
    return sorted(os.path.join(out, n) for n in os.listdir(out) if n.endswith(".evtx"))


def commands(evtxdiag, evtxexport, name, files, work):
    """(label, threads, argv) for one input (one file or one synthesised log set)."""
    case_root = os.path.join(work, "cases-" + name)
    case = os.path.join(case_root, "case")
    os.makedirs(case, exist_ok=True)
    for path in files:  # batch does not follow symbolic links: hard link, else copy (temp dir only)
        target = os.path.join(case, os.path.basename(path))
        if not os.path.exists(target):
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)
    export = ["sh", "-c", 'for f; do "$0" -f xml "$f" || exit $?; done', evtxexport, *files]
    rows = [("evtxexport -f xml", "1", export)]
    for j in ("1", "2"):
        rows.append(("evtxdiag dump (jsonl)", j, [evtxdiag, "dump", *files, "--tz", "UTC", "-j", j]))
    for j in ("1", "2"):
        rows.append(("evtxdiag info", j, [evtxdiag, "info", *files, "--tz", "UTC", "-j", j]))
    for j in ("1", "2"):
        rows.append(("evtxdiag diagnose", j, [evtxdiag, "diagnose", *files, "--tz", "UTC", "-j", j]))
    rows.append(("evtxdiag batch (1 case)", "1", [evtxdiag, "batch", case_root, "--tz", "UTC", "-j", "1",
                                                   "--out", os.path.join(work, "batch-" + name + ".jsonl")]))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--evtxdiag", default=os.path.join(REPO, "build", "tools", "evtxdiag"))
    parser.add_argument("--evtxexport", default=shutil.which("evtxexport") or "evtxexport")
    parser.add_argument("--samples", default=os.path.join(REPO, "..", "shared", "samples"))
    parser.add_argument("--input", action="append", default=[], help="time these .evtx files instead")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the best time counts")
    parser.add_argument("--filler", type=int, default=60000, help="filler events per shape in the corpus")
    parser.add_argument("--quick", action="store_true", help="smoke test: one run, tiny corpus")
    parser.add_argument("--out", help="also write the table to OUT/results.txt")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.filler = 1, 500
    for tool in (args.evtxdiag, args.evtxexport, TIME):
        if not shutil.which(tool):
            print(f"bench: {tool} not found (build evtxdiag first; evtxexport is in libevtx-utils, /usr/bin/time in time)", file=sys.stderr)
            return 2

    lines = []

    def emit(text=""):
        print(text, flush=True)
        lines.append(text)

    with tempfile.TemporaryDirectory(prefix="evtxdiag-bench-") as work:
        inputs = []  # (name, files)
        if args.input:
            inputs = [(os.path.basename(p), [p]) for p in args.input]
        else:
            if os.path.isdir(args.samples):
                large = sorted(n for n in os.listdir(args.samples)
                               if n.endswith(".evtx") and os.path.getsize(os.path.join(args.samples, n)) >= LARGE_SAMPLE_BYTES)
                inputs = [(n, [os.path.join(args.samples, n)]) for n in large[:1 if args.quick else None]]
            else:
                emit(f"no samples directory {args.samples}: synthetic corpus only")
            inputs.append(("synthetic corpus", synthetic_corpus(args.evtxdiag, work, args.filler)))

        emit(f"best of {args.repeat}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start")
        header = (f"{'command':<24} {'-j':>2} {'records':>8} {'seconds':>8} {'records/s':>10} {'MB/s':>7} "
                  f"{'peak RSS MiB':>12} {'vs evtxexport':>13}")
        for name, files in inputs:
            size = sum(os.path.getsize(p) for p in files)
            records = live_records(args.evtxdiag, files)
            emit()
            emit(f"input: {name} ({len(files)} file{'s' if len(files) > 1 else ''}, {size / 1e6:.1f} MB, {records} records)")
            emit(header)
            reference = None
            for label, threads, argv in commands(args.evtxdiag, args.evtxexport, name.replace(" ", "-"), files, work):
                seconds, rss_kib, codes = best_of(argv, args.repeat, work)
                if reference is None:
                    reference = seconds
                note = "" if codes <= {0, 1} else f"  (exit {sorted(codes)})"
                emit(f"{label:<24} {threads:>2} {records:>8} {seconds:>8.3f} {records / seconds:>10.0f} "
                     f"{size / 1e6 / seconds:>7.1f} {rss_kib / 1024:>12.1f} {reference / seconds:>12.2f}x{note}")
        emit()
        emit(f"load average {os.getloadavg()[0]:.2f} at the end")
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "results.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
