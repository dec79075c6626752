#!/usr/bin/env python3
# ctest-labels: slow
# ctest-timeout: 900
"""Conformance of evtxdiag's reader with libevtx over the real samples.

For every .evtx under $EVTXDIAG_SAMPLES_DIR (recursively):
- `evtxdiag info --decoder libevtx` reports exactly the live / undecodable / recovered counts
  of tests/scripts/conformance_expected.json (reviewed against the samples README);
- every live record `evtxdiag dump --decoder libevtx` prints has the record id, event id,
  provider name and TimeCreated that `evtxexport -f xml` prints for it, in the same order
  (live records only evtxdiag's walk reaches, after damage, are ones evtxexport prints as
  recovered);
  where evtxexport gives up at the first bad record, evtxdiag still returns all the others;
- with the default decoder choice (the built-in decoder, libevtx for what it cannot read)
  nothing libevtx decoded is lost: every such record comes back at the same offset
  with the same record id, event id, provider and time (the values themselves are compared
  by test_builtin_decoder.py, which knows libevtx's faults);
- with the default decoder choice, the recovered (slack-space) counts are exactly those of the
  "default" block: libevtx's recovery scan joined with evtxdiag's own carver, fragments counted
  apart from undecodable records; and every recovered record left unread is reported with its
  real offset and a reason that names the damage (an overwritten template or name, or a
  fragment), never a bare decoder failure.
Under the sanitizer build only files up to 256 KiB and those with live records libevtx
rejects are checked (speed).
"""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys

from skip import skip_test  # tests/support (PYTHONPATH)

EVTXDIAG = os.environ.get("EVTXDIAG", "evtxdiag")
SAMPLES = os.environ.get("EVTXDIAG_SAMPLES_DIR", "")
SOURCE = os.environ.get("EVTXDIAG_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SANITIZE = os.environ.get("EVTXDIAG_SANITIZE", "0") in ("1", "ON", "TRUE", "true")
EXPECTED = os.path.join(SOURCE, "tests", "scripts", "conformance_expected.json")

# The reasons a slack record is really damaged (see lib/src/carve and lib/src/binxml).
DAMAGE = re.compile(r"recovered record: (fragment: |.*(template|name) at chunk offset 0x[0-9a-f]+ is overwritten)")
EVENT_RE = re.compile(r"<Event[ >].*?</Event>", re.S)
FIELDS = {
    "provider": re.compile(r'<Provider Name="([^"]*)"'),
    "event_id": re.compile(r"<EventID(?: [^>]*)?>(\d+)</EventID>"),
    "time": re.compile(r'<TimeCreated SystemTime="([^"]*)"'),
    "record_id": re.compile(r"<EventRecordID>(\d+)</EventRecordID>"),
}


def unescape(text):
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def seven_digits(iso):
    """evtxexport prints 9 fractional digits; evtxdiag 7 (100 ns): truncate and keep the Z."""
    m = re.match(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$", iso)
    if not m:
        return iso
    return "%s.%sZ" % (m.group(1), ((m.group(2) or "") + "0000000")[:7])


def evtxexport_records(path, mode="items"):
    proc = subprocess.run(["evtxexport", "-m", mode, "-f", "xml", path], capture_output=True, text=True,
                          errors="replace")
    records = []
    for block in EVENT_RE.findall(proc.stdout):
        values = {}
        for key, pattern in FIELDS.items():
            m = pattern.search(block)
            values[key] = m.group(1) if m else None
        records.append((int(values["record_id"] or 0), int(values["event_id"] or 0),
                        unescape(values["provider"] or ""), seven_digits(values["time"] or "")))
    return proc.returncode, records


def evtxdiag_json_lines(args):
    proc = subprocess.run([EVTXDIAG] + args, capture_output=True, text=True, errors="replace")
    if proc.returncode not in (0, 1):
        raise AssertionError("%s exited %d: %s" % (" ".join(args), proc.returncode, proc.stderr[-500:]))
    return proc.returncode, [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def key_of(event):
    return (event["event_record_id"], event["event_id"], event["provider"], event["time_created"])


def check_file(rel, path, expected):
    problems = []
    _, infos = evtxdiag_json_lines(["info", "--decode", "--format", "json", "--decoder", "libevtx", path])
    info = infos[0]
    got = {
        "live_records": info["live_records"],
        "live_undecodable": info["undecodable"] - info["recovered_undecodable"],
        "recovered_records": info["recovered_records"],
        "recovered_rendered": info["recovered_decoded"] + info["recovered_duplicates"],
    }
    if expected is None:
        problems.append("no expectation for %s (measured %s)" % (rel, json.dumps(got)))
    elif got != {k: v for k, v in expected.items() if k != "default"}:
        problems.append("%s: counts %s, expected %s" % (rel, json.dumps(got), json.dumps(expected)))

    dump_rc, events = evtxdiag_json_lines(["dump", "--decoder", "libevtx", path])
    ours = [key_of(e) for e in events]
    if len(ours) != got["live_records"] - got["live_undecodable"]:
        problems.append("%s: dump printed %d events, info counted %d decoded" %
                        (rel, len(ours), got["live_records"] - got["live_undecodable"]))
    if (dump_rc == 1) != (got["live_undecodable"] > 0 or info["records_missing"] > 0):
        problems.append("%s: dump exit code %d with %d undecodable live records and %d missing" %
                        (rel, dump_rc, got["live_undecodable"], info["records_missing"]))

    export_rc, theirs = evtxexport_records(path)
    if export_rc == 0:
        # Live records libevtx's live list lacks (issue 21) are live for evtxdiag: after a
        # damaged record or in a chunk whose signature is overwritten (libevtx lists them as
        # recovered), or in the cut last chunk of a truncated copy (libevtx skips it). Apart from
        # them, the lists are the same.
        listed = set(theirs)
        cut_chunk = 4096 + info["chunks_in_file"] * 65536
        extra = {key_of(e) for e in events if key_of(e) not in listed and e["offset"] < cut_chunk}
        if extra:
            _, recovered = evtxexport_records(path, "recovered")
            if not extra <= set(recovered):
                problems.append("%s: %d live records evtxexport lists neither as live nor as recovered, e.g. %s" %
                                (rel, len(extra - set(recovered)), sorted(extra - set(recovered))[:3]))
        ours = [k for k in ours if k in listed]
        if ours != theirs:
            diff = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
            problems.append("%s: differs from evtxexport at live record %d: %s vs %s (%d vs %d records)" %
                            (rel, diff, ours[diff:diff + 1], theirs[diff:diff + 1], len(ours), len(theirs)))
    else:
        # evtxexport stopped at the first bad record: what it printed is a prefix of ours, and
        # evtxdiag went on to the end of the file.
        if ours[:len(theirs)] != theirs:
            problems.append("%s: evtxexport's %d records are not a prefix of evtxdiag's" % (rel, len(theirs)))
        if len(ours) <= len(theirs) and got["live_records"] > len(theirs) + got["live_undecodable"]:
            problems.append("%s: evtxdiag stopped early like evtxexport" % rel)

    _, auto_infos = evtxdiag_json_lines(["info", "--decode", "--format", "json", path])
    auto = auto_infos[0]
    got["default"] = {
        "recovered_records": auto["recovered_records"],
        "recovered_rendered": auto["recovered_decoded"] + auto["recovered_duplicates"],
        "recovered_undecodable": auto["recovered_undecodable"],
        "recovered_fragments": auto["recovered_fragments"],
    }
    if expected is not None and got["default"] != expected.get("default"):
        problems.append("%s: default-decoder recovered counts %s, expected %s" %
                        (rel, json.dumps(got["default"]), json.dumps(expected.get("default"))))

    if got["live_undecodable"] > 0 or os.path.getsize(path) <= 3 * 1024 * 1024 or auto["recovered_records"] > 0:
        proc = subprocess.run([EVTXDIAG, "dump", "--recovered", "--verbose", path], capture_output=True, text=True, errors="replace")
        auto_events = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        auto_events = [e for e in auto_events if e["origin"] == "live"]
        unread = [line for line in proc.stderr.splitlines() if "recovered record: " in line]
        if len(unread) != auto["recovered_undecodable"] + auto["recovered_fragments"]:
            problems.append("%s: %d recovered-record warnings for %d undecodable + %d fragments" %
                            (rel, len(unread), auto["recovered_undecodable"], auto["recovered_fragments"]))
        for line in unread:
            if "(offset 0x" not in line or not DAMAGE.search(line):
                problems.append("%s: recovered record not located or not explained as damage: %s" % (rel, line[-300:]))
        decoded = {(e["offset"], key_of(e)) for e in auto_events}
        lost = [e for e in events if (e["offset"], key_of(e)) not in decoded]
        if lost:
            problems.append("%s: default decoding lost %d libevtx records" % (rel, len(lost)))
        if len(auto_events) < len(events):
            problems.append("%s: default decoding returned fewer events than libevtx alone" % rel)
    return rel, got, problems


def main():
    if not SAMPLES or not os.path.isdir(SAMPLES):
        skip_test("samples", "samples directory %r is absent" % SAMPLES)
    if shutil.which("evtxexport") is None:
        skip_test("tool:evtxexport", "evtxexport (libevtx-utils) is not installed")
    with open(EXPECTED, encoding="utf-8") as f:
        expected = json.load(f)
    files = []
    for root, _, names in os.walk(SAMPLES):
        for name in names:
            if name.lower().endswith(".evtx"):
                path = os.path.join(root, name)
                rel = os.path.relpath(path, SAMPLES)
                # Under the sanitizers only the small files and the files with records libevtx
                # rejects are checked (the sanitizer build is ~10x slower).
                if SANITIZE and os.path.getsize(path) > 256 * 1024 and \
                        expected.get(rel, {}).get("live_undecodable", 0) == 0:
                    print("skip under sanitizers (size): %s" % rel)
                    continue
                files.append((rel, path))
    files.sort()
    if not files:
        skip_test("samples", "no .evtx files under %s" % SAMPLES)
    problems = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for rel, got, found in pool.map(lambda f: check_file(f[0], f[1], expected.get(f[0])), files):
            print("%-90s %s %s" % (rel, json.dumps(got), "FAIL" if found else "ok"))
            problems += found
    if not SANITIZE:
        missing = sorted(k for k in set(expected) - {rel for rel, _ in files} if not k.startswith("_"))
        problems += ["expected sample missing: %s" % m for m in missing]
    for p in problems:
        print("FAIL:", p)
    print("%d files, %d problems" % (len(files), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
