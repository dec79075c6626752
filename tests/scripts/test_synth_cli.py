#!/usr/bin/python3
"""`evtxdiag synth` as a user meets it: reproducible bytes, no overwrite without --force, atomic
writes (no temporary files left), and bad scenarios refused with exit 2, a file:line:key message
and nothing written. And `evtxdiag scenario`, its way back: the exported scenario of a written log
writes the same events again, --record/--event-id pick, bad options and empty picks are reported."""
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCE = Path(os.environ.get("EVTXDIAG_SOURCE_DIR", Path(__file__).resolve().parents[2]))
EVTXDIAG = os.environ.get("EVTXDIAG", "evtxdiag")
SCENARIOS = sorted((SOURCE / "testdata" / "scenarios").glob("*.yaml"))
failures = []


def synth(*args):
    return subprocess.run([EVTXDIAG, "synth", *map(str, args)], capture_output=True, text=True)


def check(condition, message):
    if not condition:
        failures.append(message)


with tempfile.TemporaryDirectory(prefix="evtxdiag-synth-") as tmp:
    tmp = Path(tmp)
    # Same scenario twice -> byte-identical files, for every scenario.
    for scenario in SCENARIOS:
        first, second = tmp / "a" / scenario.stem, tmp / "b" / scenario.stem
        for out in (first, second):
            run = synth(scenario, "--out", out)
            check(run.returncode == 0, f"{scenario.name}: exit {run.returncode}: {run.stderr}")
            check(run.stdout == "", f"{scenario.name}: synth printed data on stdout")
        # Files in subfolders too: LocaleMetaData/*.MTA of logs with `mta:`.
        def files(root):
            return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        names = files(first) if first.is_dir() else []
        check(names and names == files(second), f"{scenario.name}: different file sets")
        for name in names:
            check(filecmp.cmp(first / name, second / name, shallow=False), f"{scenario.name}/{name}: not reproducible")
            check(not Path(name).name.startswith("."), f"{scenario.name}: temporary file {name} left behind")

    basic = SOURCE / "testdata" / "scenarios" / "basic-classic.yaml"
    out = tmp / "overwrite"
    check(synth(basic, "--out", out).returncode == 0, "first synth into a new directory failed")
    target = out / "System.evtx"
    target.write_bytes(b"user data")
    run = synth(basic, "--out", out)
    check(run.returncode == 2 and "allow overwriting it with --force" in run.stderr,
          f"existing file not refused: exit {run.returncode} {run.stderr!r}")
    check(target.read_bytes() == b"user data", "the existing file was changed without --force")
    run = synth(basic, "--out", out, "--force")
    check(run.returncode == 0 and target.read_bytes()[:8] == b"ElfFile\0", "--force did not overwrite")
    check(sorted(p.name for p in out.iterdir()) == ["System.evtx"], f"stray files: {list(out.iterdir())}")

    # Bad scenarios: exit 2, the message names file:line:column and the key path, nothing written.
    head = "computer: X\nlogs:\n  - file: S.evtx\n    channel: System\n    events:\n"
    bad_cases = {  # name: (events text starting at line 6, expected "LINE:COLUMN: KEY: problem")
        "unknown-key": ("      - time: 2012-01-18T07:26:31Z\n        provider: volsnap\n        event_id: 27\n"
                        "        colour: red\n", "9:9: logs[0].events[0]: unknown key 'colour'"),
        "bad-time": ("      - time: 2012-01-18T07:26:31\n        provider: volsnap\n        event_id: 27\n",
                     "6:15: logs[0].events[0].time: expected an ISO time in UTC with Z"),
        "no-provider": ("      - time: 2012-01-18T07:26:31Z\n        event_id: 27\n",
                        "6:9: logs[0].events[0]: missing required key 'provider'"),
        "wrong-type": ("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: [1]}\n",
                       "6:61: logs[0].events[0].event_id: expected an integer, found a list"),
        "duplicate-id": ("      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: 1, record_id: 5}\n"
                         "      - {time: 2012-01-18T07:26:32Z, provider: a, event_id: 1, record_id: 5}\n",
                         "7:75: logs[0].events[1].record_id: record_id 5 is already used by the event at line 6"),
    }
    for name, (text, where) in bad_cases.items():
        scenario = tmp / f"{name}.yaml"
        scenario.write_text(head + text, encoding="utf-8")
        out = tmp / f"out-{name}"
        run = synth(scenario, "--out", out)
        expected = f"evtxdiag: {scenario}:{where}"
        check(run.returncode == 2, f"{name}: exit {run.returncode}, expected 2")
        check(expected in run.stderr, f"{name}: expected {expected!r} in stderr, got {run.stderr!r}")
        check(not out.exists(), f"{name}: output directory created for a bad scenario")

    # `evtxdiag scenario`: a written log back to YAML, written again, dumps the same; bad options
    # and empty selections say so.
    typed = SOURCE / "testdata" / "scenarios" / "basic-typed.yaml"
    first, again = tmp / "typed-first", tmp / "typed-again"
    check(synth(typed, "--out", first).returncode == 0, "synth of basic-typed.yaml failed")
    exported = tmp / "exported.yaml"
    run = subprocess.run([EVTXDIAG, "scenario", str(first / "Application.evtx"), "-o", str(exported)],
                         capture_output=True, text=True)
    check(run.returncode == 0 and exported.is_file(), f"scenario: exit {run.returncode}: {run.stderr}")
    check(synth(exported, "--out", again).returncode == 0, "synth of the exported scenario failed")
    dumps = [subprocess.run([EVTXDIAG, "dump", "--format", "xml", str(d / "Application.evtx")],
                            capture_output=True, text=True).stdout for d in (first, again)]
    check(dumps[0] and dumps[0] == dumps[1], "the exported scenario does not write back the same events")
    picked = subprocess.run([EVTXDIAG, "scenario", str(first / "Application.evtx"), "--record", "2-3",
                             "--event-id", "18012"], capture_output=True, text=True)
    check(picked.returncode == 0 and picked.stdout.count("      - time:") == 1 and "user_data:" in picked.stdout,
          f"scenario --record 2-3 --event-id 18012 picked wrongly: {picked.stdout[:300]!r}")
    bad = subprocess.run([EVTXDIAG, "scenario", str(first / "Application.evtx"), "--record", "3-x"],
                         capture_output=True, text=True)
    check(bad.returncode == 2 and "--record 3-x: expected a record id or a range like 12-20" in bad.stderr,
          f"scenario --record 3-x: exit {bad.returncode} {bad.stderr!r}")
    none = subprocess.run([EVTXDIAG, "scenario", str(first / "Application.evtx"), "--event-id", "9999"],
                          capture_output=True, text=True)
    check(none.returncode == 1 and "no live event matched" in none.stderr and not none.stdout,
          f"scenario with no match: exit {none.returncode} {none.stderr!r}")

for f in failures:
    print("FAIL:", f)
if failures:
    sys.exit(1)
print(f"synth cli: {len(SCENARIOS)} scenarios reproducible byte for byte; overwrite, atomic write and errors ok; "
      "scenario export writes back the same events")
