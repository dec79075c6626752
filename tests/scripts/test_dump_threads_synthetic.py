"""`dump` prints byte-identical output (stdout, stderr, exit code) with 1, 2 and 3 threads on
synthetic logs of many chunks, in every format, with and without --recovered. The decoding
threads render each event's message and output line and the calling thread only writes them in
order, so a rendering that depends on the thread, a batch merged out of order or an event
rendered twice or not at all shows here, without the samples (test_parallel_samples.py reads
those). Inputs: the many-chunk scenario, the Japanese export with LocaleMetaData (MTA messages,
--lang ja), a log of awkward strings (quotes, backslashes, control characters, Japanese, markup)
and a copy of it with bytes damaged in the middle of a chunk (records decoded on the calling
thread by libevtx or delivered with their payload lost, between records decoded on workers)."""
# ctest-labels: nosan
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

SOURCE = Path(os.environ.get("EVTXDIAG_SOURCE_DIR", Path(__file__).resolve().parents[2]))
EVTXDIAG = os.environ.get("EVTXDIAG", "evtxdiag")
CHUNK = 65536
HEADER = 4096
failures = []


def run(*args):
    res = subprocess.run([EVTXDIAG, *map(str, args)], capture_output=True, check=False, timeout=300)
    return res.returncode, res.stdout, res.stderr


def awkward_scenario():
    """A System log of 3 x 1500 events whose values need every kind of escaping."""
    texts = ['say "hi" \\ C:\\Temp\\new', "tab\there\r\nnext line", "bell\x07 and \x01 and \x1f",
             "日本語のテキスト「バックアップ」", "<b>&amp; 'markup' </b>", "trailing space ", ""]
    events = []
    for i, shape in enumerate([
        {"provider": "Service Control Manager", "guid": "{555908d1-a6d7-4695-8e1e-26931d2012f4}",
         "event_source_name": "Service Control Manager", "event_id": 7036, "qualifiers": 16384,
         "keywords": "0x8080000000000000", "data": {"param1": texts[0], "param2": texts[3]}},
        {"provider": "Microsoft-Windows-Backup", "guid": "{1db28f2e-8f80-4027-8c5a-a11f7f10f62d}", "event_id": 5,
         "level": 2, "keywords": "0x4000000000000000",
         "data": {"BackupTime": "2020-02-03T04:00:00.000000000Z", "ErrorCode": "0x80780119",
                  "ErrorMessage": texts[1] + texts[4]}},
        {"provider": "TestSource", "event_id": 1, "level": 3, "keywords": "0x80000000000000",
         "data": [texts[2], texts[5], texts[6], texts[3]]},
    ]):
        entry = dict(shape, time=f"2021-05-0{i + 1}T00:00:00.1234567Z", repeat={"count": 1500, "interval_ms": 1250})
        events.append(entry)
    return {"description": "awkward strings over many chunks", "computer": "テスト-PC.example.local",
            "expect": {}, "logs": [{"file": "System.evtx", "channel": "System", "events": events}]}


def japanese_scenario():
    """The Japanese export with LocaleMetaData, its System log grown to many chunks by repeats of
    an event the MTA has a message for."""
    path = SOURCE / "testdata" / "scenarios" / "seed-001-ja-mta-source-volume-space.yaml"
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    system = next(log for log in scenario["logs"] if log.get("channel") == "System")
    service = next(e for e in system["events"] if e.get("event_id") == 7036)
    last = max(e["time"] for e in system["events"])
    filler = {k: v for k, v in service.items() if k != "record_id"}
    filler.update(time=last, repeat={"count": 3000, "interval_ms": 1000})
    system["events"].append(filler)
    return scenario


def synth(scenario, out):
    res = subprocess.run([EVTXDIAG, "synth", str(scenario), "--out", str(out)], capture_output=True, text=True)
    if res.returncode != 0:
        failures.append(f"synth {scenario.name}: exit {res.returncode}: {res.stderr}")
        return []
    return sorted(out.glob("*.evtx"))


with tempfile.TemporaryDirectory(prefix="evtxdiag-dump-threads-") as tmp:
    tmp = Path(tmp)
    awkward = tmp / "awkward.yaml"
    awkward.write_text(yaml.safe_dump(awkward_scenario(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    many = synth(SOURCE / "testdata" / "scenarios" / "basic-many-chunks.yaml", tmp / "many")
    ja_yaml = tmp / "japanese.yaml"
    ja_yaml.write_text(yaml.safe_dump(japanese_scenario(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    japanese = synth(ja_yaml, tmp / "ja")
    strings = synth(awkward, tmp / "awkward")
    damaged_dir = tmp / "damaged"
    damaged_dir.mkdir()
    damaged = []
    if strings:
        damaged = [damaged_dir / "System.evtx"]
        shutil.copyfile(strings[0], damaged[0])
        with open(damaged[0], "r+b") as f:  # the middle of the second chunk's records
            f.seek(HEADER + CHUNK + 20000)
            f.write(b"\xAA" * 700)

    cases = [("many-chunks", many, []), ("japanese-mta", japanese, ["--lang", "ja"]),
             ("awkward-strings", strings, []), ("damaged", damaged, [])]
    for name, files, extra in cases:
        if not files:
            continue
        biggest = max(files, key=os.path.getsize)
        if os.path.getsize(biggest) < HEADER + 3 * CHUNK:
            failures.append(f"{name}: {biggest.name} has fewer than 3 chunks; the test needs many batches")
        for fmt in ("jsonl", "csv", "xml"):
            for recovered in ([], ["--recovered"]):
                command = ["dump", *files, "--format", fmt, "--tz", "Asia/Tokyo", *recovered, *extra]
                one = run(*command, "-j", "1")
                label = f"{name} {fmt} {' '.join(recovered)}".strip()
                if one[0] == 2 or not one[1]:
                    failures.append(f"{label}: exit {one[0]}, {len(one[1])} bytes of output: {one[2][-300:]!r}")
                    continue
                for threads in ("2", "3"):
                    other = run(*command, "-j", threads)
                    if other != one:
                        what = [part for part, a, b in zip(("exit code", "stdout", "stderr"), one, other) if a != b]
                        failures.append(f"{label}: -j1 and -j{threads} differ in {', '.join(what)}")
                if fmt == "jsonl" and not recovered:
                    # Every line is one whole JSON object, each record once, in file order per file.
                    lines = one[1].decode("utf-8").splitlines()
                    records = [json.loads(line) for line in lines]
                    for path in files:
                        ids = [r["record_number"] for r in records if r["file"] == str(path)]
                        if ids != sorted(set(ids)):
                            failures.append(f"{label}: {path.name}: records out of order or repeated")
                    with_message = sum(1 for r in records if r["message"])
                    if with_message < len(records) // 3:
                        failures.append(f"{label}: only {with_message} of {len(records)} events with a message")

for failure in failures:
    print("FAIL: " + failure)
print(f"dump -j1/-j2/-j3 on synthetic many-chunk logs: {'FAILED' if failures else 'identical'}")
sys.exit(1 if failures else 0)
