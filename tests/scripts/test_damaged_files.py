#!/usr/bin/env python3
# ctest-labels: slow
# ctest-timeout: 300
"""Damaged-file test (issue 11): the damaged copies scripts/make-damaged.py makes from a
synthetic multi-chunk log are read without a crash or a hang, with exactly the expected numbers
of decoded, undecodable and recovered records, and every record libevtx's own evtxexport gets
out of a file is also returned by `evtxdiag dump --recovered`.

The expected numbers come from the chunk headers of the clean file (manifest.json), not from
any reader, so a reader that silently loses or invents records fails here."""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from skip import skip_test  # tests/support (PYTHONPATH)

EVTXDIAG = os.environ["EVTXDIAG"]
SOURCE = Path(os.environ["EVTXDIAG_SOURCE_DIR"])
SANITIZED = os.environ.get("EVTXDIAG_SANITIZE") == "1"
TIMEOUT = 60  # seconds per subprocess: a hang fails the test instead of stalling ctest
failures = []


def run(args):
    try:
        return subprocess.run(args, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        failures.append(f"HANG (>{TIMEOUT}s): {' '.join(map(str, args))}")
        return None


def crashed(proc):
    # Negative return codes are signals; sanitizers report through stderr and exit non-zero.
    return proc.returncode < 0 or b"Sanitizer" in proc.stderr or b"runtime error" in proc.stderr


def record_ids_from_evtxexport(path):
    proc = run(["evtxexport", "-m", "all", "-f", "xml", str(path)])
    if proc is None:
        return None
    return {int(m) for m in re.findall(rb"<EventRecordID>(\d+)</EventRecordID>", proc.stdout)}


def expected_counts(variant, chunks):
    """(exit code, live decoded, recovered decoded, undecodable, ids that must be missing)."""
    sizes = [c["last_id"] - c["first_id"] + 1 for c in chunks]
    total = sum(sizes)
    kind = variant["kind"]
    if kind == "empty" or (kind == "truncated" and variant["whole_chunks"] == 0):
        return 2, None, None, None, set()
    if kind == "truncated":
        return 0, sum(sizes[:variant["whole_chunks"]]), 0, 0, set()
    if kind in ("checksums", "intact"):
        # Checksums only raise libevtx's "corrupted" flag; the records themselves are fine.
        return 0, total, 0, 0, set()
    chunk = variant.get("chunk")
    if variant["name"] == "bad-chunk-magic":
        # libevtx gives up on the chunk as a chunk but its slack scan finds every record.
        return 0, total - sizes[chunk], sizes[chunk], 0, set()
    if variant["name"] == "garbage-chunk-replacing":
        lost = set(range(chunks[chunk]["first_id"], chunks[chunk]["last_id"] + 1))
        return 0, total - sizes[chunk], 0, 0, lost
    if kind == "inserted-chunk":
        # The header still says N chunks, so the last real chunk (now N+1st) is read as recovered.
        return 0, total - sizes[-1], sizes[-1], 0, set()
    if kind == "huge-record":
        # Records before the bad one stay live; libevtx's scan recovers the ones after it. The
        # record with the absurd size cannot be delimited and is lost (no reader can place it);
        # check() asserts that this loss is reported on stderr, never silent.
        bad_id = chunks[chunk]["first_id"] + variant["record_index"]
        after = chunks[chunk]["last_id"] - bad_id
        return 0, total - sizes[chunk] + variant["record_index"], after, 0, {bad_id}
    raise AssertionError(f"no expectation for {variant['name']}")


def check(variant, directory, chunks):
    path = directory / variant["file"]
    name = variant["name"]
    want_rc, want_live, want_recovered, want_undecodable, must_miss = expected_counts(variant, chunks)
    info = run([EVTXDIAG, "info", "--decode", "--format", "json", str(path)])
    dump = run([EVTXDIAG, "dump", "--recovered", "--no-mta", str(path)])
    if info is None or dump is None:
        return None
    problems = []
    for label, proc in (("info", info), ("dump", dump)):
        if crashed(proc):
            problems.append(f"{label} crashed (rc {proc.returncode}): {proc.stderr[-600:].decode(errors='replace')}")
    if info.returncode != want_rc:
        problems.append(f"info exit {info.returncode}, expected {want_rc}: {info.stderr[-300:]!r}")
    row = {"name": name, "rc": info.returncode}
    if want_rc == 0 and info.returncode == 0:
        facts = json.loads(info.stdout)
        got = (facts["live_decoded"], facts["recovered_decoded"], facts["undecodable"])
        row.update(live=got[0], recovered=got[1], undecodable=got[2])
        if got != (want_live, want_recovered, want_undecodable):
            problems.append(f"(live, recovered, undecodable) = {got}, expected "
                            f"{(want_live, want_recovered, want_undecodable)}")
        ids = set()
        for line in dump.stdout.splitlines():
            ids.add(json.loads(line)["record_number"])
        all_ids = {i for c in chunks for i in range(c["first_id"], c["last_id"] + 1)}
        if ids - all_ids:
            problems.append(f"dump invented record ids {sorted(ids - all_ids)[:5]}")
        if must_miss & ids:
            problems.append(f"dump returned ids that are gone {sorted(must_miss & ids)[:5]}")
        libevtx_ids = record_ids_from_evtxexport(path)
        if libevtx_ids is not None and libevtx_ids - ids:
            missing = sorted(libevtx_ids - ids)
            problems.append(f"{len(missing)} records evtxexport reads are missing, e.g. {missing[:5]}")
        row["evtxexport"] = None if libevtx_ids is None else len(libevtx_ids)
        if variant.get("kind") == "huge-record" and b"damaged record" not in info.stderr:
            problems.append("the lost record with the absurd size is not reported on stderr")
    elif dump.returncode != want_rc:
        problems.append(f"dump exit {dump.returncode}, expected {want_rc}")
    failures.extend(f"{name}: {p}" for p in problems)
    return row


def main():
    if shutil.which("evtxexport") is None:
        skip_test("tool:evtxexport", "evtxexport (libevtx-utils) is not installed")
    with tempfile.TemporaryDirectory(prefix="evtxdiag-damaged-") as tmp:
        tmp = Path(tmp)
        subprocess.run([EVTXDIAG, "synth", str(SOURCE / "testdata/scenarios/basic-many-chunks.yaml"),
                        "--out", str(tmp / "clean")], check=True, capture_output=True, timeout=TIMEOUT)
        subprocess.run([sys.executable, str(SOURCE / "scripts/make-damaged.py"),
                        str(tmp / "clean/System.evtx"), str(tmp / "damaged")], check=True, timeout=TIMEOUT)
        manifest = json.loads((tmp / "damaged/manifest.json").read_text())
        if SANITIZED:
            # Reading 4,200 records under ASan takes seconds: cut at the first, a middle and the
            # last chunk boundary only (every boundary in the normal build).
            manifest["variants"] = [v for v in manifest["variants"]
                                    if not v["name"].startswith("truncated-at-chunk-")
                                    or v["name"][-2:] in ("01", "13", f"{len(manifest['chunks']) - 1:02d}")]
        chunks = manifest["chunks"]
        assert len(chunks) >= 10, "basic-many-chunks should span many chunks"
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            rows = list(pool.map(lambda v: check(v, tmp / "damaged", chunks), manifest["variants"]))
    for row in rows:
        if row:
            print(" ".join(f"{k}={v}" for k, v in row.items()))
    if failures:
        print("\n".join(["FAILED:"] + failures))
        return 1
    print(f"ok: {len(rows)} damaged files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
