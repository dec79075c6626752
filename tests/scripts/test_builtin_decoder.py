#!/usr/bin/env python3
# ctest-labels: slow nosan
# ctest-timeout: 900
"""Differential test of the built-in binary-XML decoder.

For every live and every recovered (slack-space) record of every sample file and of every
synthetic file (evtxdiag synth on testdata/scenarios/*.yaml): where libevtx decodes the record, the built-in decoder's event
(ids, provider, times, every Data value, binary) must be identical; where libevtx fails,
python-evtx (when it can read the record) must agree with the built-in decoder on provider,
event id, record id and the Data values. Known libevtx 20181227 faults are counted, not
failed: negative signed integers printed wrongly, text it leaves unescaped in its XML
(so its own XML parse loses it), and string values made only of white space that it prints empty. On the MSExchange and CAPI2 samples every live record must
decode with the built-in decoder.
"""
import base64
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from skip import skip_part  # tests/support (PYTHONPATH)

EVTXDIAG = os.environ.get("EVTXDIAG")
SOURCE = os.environ.get("EVTXDIAG_SOURCE_DIR", "")
SAMPLES = os.environ.get("EVTXDIAG_SAMPLES_DIR", "")
FIELDS = ["record_number", "time_created", "written_time", "provider", "provider_guid", "event_source_name",
          "event_id", "qualifiers", "version", "level", "task", "opcode", "keywords", "event_record_id",
          "activity_id", "related_activity_id", "process_id", "thread_id", "channel", "computer", "user_sid",
          "binary"]
MUST_DECODE_ALL = ("omer__MSExchange_Management_wec.evtx", "CAPI2")


def dump(path, decoder, recovered=None):
    """offset -> event of the live records, or with recovered=dict the recovered ones, whose
    stderr lines (diagnostics) are stored in recovered["stderr"]."""
    args = [EVTXDIAG, "dump", "--decoder", decoder, "--format", "jsonl"] + (["--recovered", "--verbose"] if recovered is not None else [])
    run = subprocess.run(args + [path], capture_output=True, text=True, errors="replace")
    if run.returncode not in (0, 1):
        return None
    origin = "live" if recovered is None else "recovered"
    if recovered is not None:
        recovered["stderr"] = run.stderr
    return {e["offset"]: e for e in (json.loads(line) for line in run.stdout.splitlines() if line.strip())
            if e["origin"] == origin}


def compare_event(mine, theirs, stats, where, failures):
    """The built-in decoder's event against libevtx's: every System field and every Data value."""
    for field in FIELDS:
        if mine[field] != theirs[field]:
            failures.append(f"{where}: {field} {mine[field]!r} (builtin) vs {theirs[field]!r} (libevtx)")
    compare_data(mine["data"], theirs["data"], stats, where, failures)


def compare_recovered(path, stats, failures):
    """Recovered (slack-space) records: the carver gives both decoders the same real offsets.
    Where libevtx decodes a record, the built-in decoder's event must be identical, unless the
    built-in decoder shows that a template or name the record uses was overwritten (libevtx does
    not check, and renders whatever bytes are there now): such records are counted apart.
    python-evtx reads no slack space, so records only the built-in decoder reads have no
    independent check (counted)."""
    mine_info, theirs_info = {}, {}
    ours, theirs = dump(path, "builtin", mine_info), dump(path, "libevtx", theirs_info)
    if ours is None or theirs is None:
        failures.append(f"{path}: recovered dump failed")
        return
    name = os.path.basename(path)
    overwritten = {int(m.group(1), 16) for m in re.finditer(r"\(offset 0x([0-9a-f]+)\): recovered record: .* is overwritten",
                                                             mine_info["stderr"])}
    for offset, event in theirs.items():
        where = f"{name} recovered @{offset}"
        if offset < 0:
            failures.append(f"{where}: libevtx's recovered record was not located by the carver")
            continue
        mine = ours.get(offset)
        if mine is None:
            if offset in overwritten:
                stats["recovered_libevtx_used_overwritten_template"] += 1
            else:
                failures.append(f"{where}: libevtx decodes it, the built-in decoder does not")
            continue
        stats["recovered_compared_with_libevtx"] += 1
        compare_event(mine, event, stats, where, failures)
    stats["recovered_builtin_only_unchecked"] += len([o for o in ours if o not in theirs])
    # The default decoder keeps libevtx's event for such a record but must say it may be wrong.
    doubtful = {o for o, e in theirs.items() if o >= 0 and o not in ours and o in overwritten}
    if doubtful:
        auto_info = {}
        dump(path, "auto", auto_info)
        warned = {int(m.group(1), 16) for m in re.finditer(
            r"\(offset 0x([0-9a-f]+)\): recovered record decoded by libevtx, but its values may be wrong \(.*overwritten",
            auto_info["stderr"])}
        for offset in sorted(doubtful - warned):
            failures.append(f"{name} recovered @{offset}: libevtx read it through an overwritten template, no warning")
        for offset in sorted(warned - doubtful):
            failures.append(f"{name} recovered @{offset}: warned as doubtful, but the decoders agree")


def libevtx_negative_bug(ours, theirs):
    """libevtx 20181227 prints a negative n-bit integer v as -(2**(n-1) + v)."""
    try:
        v, w = int(ours), int(theirs)
    except ValueError:
        return False
    return v < 0 and any(w == -(2 ** (bits - 1) + v) for bits in (8, 16, 32, 64))


def libevtx_unescaped(ours, theirs):
    """libevtx leaves < and & raw in some values; its XML then splits them into markup."""
    return ours != theirs and ("<" in ours or "&" in ours)


def libevtx_dropped_white_space(ours, theirs):
    """libevtx prints a string value made only of white space (a lone LF, as Microsoft-Windows-
    Search 1008 logs its ExtraInfo) as an empty element; the built-in decoder keeps the text as
    logged."""
    return theirs == "" and ours != "" and not ours.strip(" \t\r\n")


def compare_data(ours, theirs, stats, where, failures):
    if len(ours) != len(theirs):
        failures.append(f"{where}: {len(ours)} data fields (builtin) vs {len(theirs)} (libevtx)")
        return
    for a, b in zip(ours, theirs):
        if a["name"] != b["name"]:
            failures.append(f"{where}: data name {a['name']!r} vs {b['name']!r}")
        elif a["value"] == b["value"]:
            continue
        elif libevtx_negative_bug(a["value"], b["value"]):
            stats["libevtx_negative_int"] += 1
        elif libevtx_unescaped(a["value"], b["value"]):
            stats["libevtx_unescaped_text"] += 1
        elif libevtx_dropped_white_space(a["value"], b["value"]):
            stats["libevtx_dropped_white_space"] += 1
        else:
            failures.append(f"{where}: Data {a['name']!r} {a['value'][:80]!r} (builtin) vs {b['value'][:80]!r} (libevtx)")


def python_evtx_records(path):
    """record id -> (provider, event id, [data texts]) for the records python-evtx can render."""
    try:
        import Evtx.Evtx as evtx
    except ImportError:
        return {}
    out = {}
    ns = "{http://schemas.microsoft.com/win/2004/08/events/event}"
    try:
        with evtx.Evtx(path) as log:
            for record in log.records():
                try:
                    root = ET.fromstring(record.xml())
                except Exception:  # noqa: BLE001 - python-evtx fails per record in many ways
                    continue
                system = root.find(ns + "System")
                provider = system.find(ns + "Provider").get("Name", "")
                event_id = int(system.find(ns + "EventID").text or 0)
                datas = [d.text or "" for d in root.iter(ns + "Data")]
                out[record.record_num()] = (provider, event_id, datas)
    except Exception:  # noqa: BLE001 - e.g. OverrunBufferException on some CAPI2 files
        pass
    return out


def python_value_matches(ours, theirs):
    if ours == theirs or ours.lower() == theirs.lower():
        return True
    if ours.endswith("Z") and len(ours) >= 19 and theirs[:19].replace(" ", "T") == ours[:19]:
        return True  # FILETIME: python-evtx prints "YYYY-MM-DD HH:MM:SS.ffffff"
    try:  # Binary: python-evtx prints base64
        return base64.b64decode(theirs).hex().upper() == ours
    except Exception:  # noqa: BLE001
        return False


def main():
    if not EVTXDIAG:
        print("FAIL: EVTXDIAG (the command under test) is not set; run through CTest")
        return 1
    files = sorted(glob.glob(os.path.join(SAMPLES, "*.evtx"))) if SAMPLES and os.path.isdir(SAMPLES) else []
    if not files:
        skip_part("samples", "the samples part: no samples directory; synthetic logs only")
    tmp = tempfile.mkdtemp(prefix="evtxdiag-builtin-")
    for scenario in sorted(glob.glob(os.path.join(SOURCE, "testdata", "scenarios", "*.yaml"))):
        out = os.path.join(tmp, os.path.splitext(os.path.basename(scenario))[0])
        if subprocess.run([EVTXDIAG, "synth", scenario, "--out", out], capture_output=True).returncode == 0:
            files += sorted(glob.glob(os.path.join(out, "*.evtx")))
    if not files:
        print("FAIL: no synthetic file was written (and no samples)")
        return 1
    stats = {"files": 0, "compared_with_libevtx": 0, "libevtx_failed": 0, "compared_with_python_evtx": 0,
             "python_evtx_unreadable": 0, "builtin_failed_where_libevtx_ok": 0,
             "libevtx_negative_int": 0, "libevtx_unescaped_text": 0, "libevtx_dropped_white_space": 0,
             "recovered_compared_with_libevtx": 0, "recovered_libevtx_used_overwritten_template": 0,
             "recovered_builtin_only_unchecked": 0}
    failures = []
    for path in files:
        ours, theirs = dump(path, "builtin"), dump(path, "libevtx")
        if ours is None:
            failures.append(f"{path}: builtin dump failed")
            continue
        stats["files"] += 1
        name = os.path.basename(path)
        theirs = theirs or {}
        for offset, event in theirs.items():
            where = f"{name} @{offset}"
            mine = ours.get(offset)
            if mine is None:
                stats["builtin_failed_where_libevtx_ok"] += 1
                failures.append(f"{where}: libevtx decodes it, the built-in decoder does not")
                continue
            stats["compared_with_libevtx"] += 1
            compare_event(mine, event, stats, where, failures)
        rest = [e for off, e in ours.items() if off not in theirs]
        if rest:
            stats["libevtx_failed"] += len(rest)
            reference = python_evtx_records(path)
            for event in rest:
                where = f"{name} @{event['offset']}"
                ref = reference.get(event["record_number"])
                if ref is None:
                    stats["python_evtx_unreadable"] += 1
                    continue
                stats["compared_with_python_evtx"] += 1
                provider, event_id, datas = ref
                if (event["provider"], event["event_id"]) != (provider, event_id):
                    failures.append(f"{where}: builtin ({event['provider']}, {event['event_id']}) vs python-evtx ({provider}, {event_id})")
                values = [d["value"] for d in event["data"]]
                if len(values) == len(datas):
                    for a, b in zip(values, datas):
                        if not python_value_matches(a, b.strip() if not a.strip() else b):
                            failures.append(f"{where}: Data {a[:60]!r} (builtin) vs {b[:60]!r} (python-evtx)")
        compare_recovered(path, stats, failures)
        if any(key in name for key in MUST_DECODE_ALL):
            # Every live record of the file must be decoded: compare with the structural walk count.
            info = subprocess.run([EVTXDIAG, "dump", "--decoder", "builtin", "--format", "jsonl", path],
                                  capture_output=True, text=True)
            if "undecodable" in info.stderr or info.returncode != 0:
                failures.append(f"{name}: built-in decoder leaves records undecodable: {info.stderr.strip()[:300]}")
    print(json.dumps(stats, indent=1))
    for failure in failures[:50]:
        print("FAIL", failure)
    if failures:
        print(f"{len(failures)} disagreements")
        return 1
    print("OK: built-in decoder agrees with libevtx and python-evtx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
