#!/usr/bin/env python3
# `evtxdiag dump` with LocaleMetaData MTA files, no samples needed: a log made by
# `evtxdiag synth`, and MTA files written here by a small writer that follows
# the layout in lib/src/mta/mta_layout.hpp independently of the C++ writer. Checks discovery
# (LocaleMetaData/ and beside the log), --lang choice and fallback, --mta, --no-mta,
# Japanese text, the record key (EventRecordID, not the header number), display names, the
# CSV columns, and damaged MTA files (truncated, looping page links) giving stderr
# diagnostics and exit 1 instead of a crash or hang.
import csv
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

EVTXDIAG = os.environ["EVTXDIAG"]
PAGE_HEADER = 0x378


def paged_list(payloads):
    """One section: pages of up to 100 entries (id, size, payload); offsets section-relative."""
    section = bytearray()
    chunks = [payloads[i:i + 100] for i in range(0, len(payloads), 100)] or [[]]
    first_id = 0
    for number, chunk in enumerate(chunks):
        page = len(section)
        last_id = first_id + len(chunk) - 1 if chunk else 0
        header = bytearray(PAGE_HEADER)
        struct.pack_into("<I14II", header, 0, 0xFFFFFFFF, *([last_id] * 14), 0xFFFFFFFF)
        struct.pack_into("<IIQQ", header, 0x40, number, 0, page, page)
        body = bytearray()
        for k, payload in enumerate(chunk):
            struct.pack_into("<Q", header, 0x58 + 8 * k, page + PAGE_HEADER + len(body))
            body += struct.pack("<II", first_id + k, len(payload)) + payload
        section += header + body
        if number + 1 < len(chunks):
            struct.pack_into("<Q", section, page + 0x48, len(section))
        first_id += len(chunk)
    return bytes(section)


def write_mta(path, messages, providers):
    """messages: {EventRecordID: text}; providers: [(name, levels, tasks, opcodes, keywords)]."""
    strings = []

    def string_id(text):
        strings.append(struct.pack("<I", len(text.encode("utf-16-le")) + 2) + text.encode("utf-16-le") + b"\0\0")
        return len(strings) - 1

    publishers = []
    for name, *tables in providers:
        payload = b""
        for table in tables:
            payload += struct.pack("<I", len(table))
            for value, text in table.items():
                payload += struct.pack("<II", value, string_id(text))
        encoded = name.encode("utf-16-le")
        publishers.append(payload + struct.pack("<I", len(encoded)) + encoded)
    events = [struct.pack("<QQ", rid, string_id(text)) for rid, text in sorted(messages.items())]
    sections = [("EVT", paged_list(events)), ("MSG", paged_list(strings)), ("PUB", paged_list(publishers))]
    table = b""
    offset = 0x18 + sum(20 + 2 * len(name) for name, _ in sections)
    for name, body in sections:
        table += struct.pack("<QQI", offset, len(body), 2 * len(name)) + name.encode("utf-16-le")
        offset += len(body)
    data = b"MTAFile\0" + struct.pack("<IIII", 1, 1, len(table), len(sections)) + table
    data += b"".join(body for _, body in sections)
    with open(path, "wb") as handle:
        handle.write(data)
    return data


def defaults(japanese):
    names = ("常に記録", "重大", "エラー", "警告", "情報", "詳細") if japanese else \
        ("Log Always", "Critical", "Error", "Warning", "Information", "Verbose")
    return ("DEFAULT_PUBLISHER", dict(enumerate(names)), {0x10000: "なし" if japanese else "None"},
            {0: "情報" if japanese else "Info", 1 << 16: "開始" if japanese else "Start"},
            {55: "クラシック" if japanese else "Classic"})


SCENARIO = """computer: SRV01
logs:
  - file: Backup.evtx
    channel: Microsoft-Windows-Backup
    events:
      - {time: 2024-03-01T01:00:00Z, provider: Microsoft-Windows-Backup, event_id: 1, level: 4, task: 1, opcode: 1, record_id: 5000}
      - {time: 2024-03-01T01:10:00Z, provider: Microsoft-Windows-Backup, event_id: 5, level: 2, task: 1, record_id: 5001}
      - {time: 2024-03-01T01:11:00Z, provider: Microsoft-Windows-Backup, event_id: 14, level: 0, task: 7, keywords: 0x80000000000000, record_id: 5002}
"""
JA = {5000: "バックアップ操作を開始しました。", 5001: "バックアップ操作は失敗しました。\r\nエラー: 0x80780119\t"}
EN = {5000: "The backup operation has started.", 5001: "The backup operation failed.\r\nError: 0x80780119\t"}
BACKUP_JA = ("Microsoft-Windows-Backup", {}, {1: "バックアップ"}, {}, {})
BACKUP_EN = ("Microsoft-Windows-Backup", {}, {1: "Backup"}, {}, {})

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def dump(*args, expect=0):
    # Bytes, decoded here: text mode would turn the CR LF inside a CSV cell into LF.
    result = subprocess.run([EVTXDIAG, "dump", *args], capture_output=True, timeout=60)
    result.stdout, result.stderr = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    check(result.returncode == expect, f"dump {args}: exit {result.returncode}, expected {expect}; {result.stderr}")
    return result


def events_of(result):
    return {e["event_record_id"]: e for e in map(json.loads, result.stdout.splitlines())}


work = tempfile.mkdtemp(prefix="evtxdiag-mta-")
try:
    scenario = os.path.join(work, "scenario.yaml")
    with open(scenario, "w", encoding="utf-8") as handle:
        handle.write(SCENARIO)
    logs = os.path.join(work, "logs")
    synth = subprocess.run([EVTXDIAG, "synth", scenario, "--out", logs], capture_output=True, text=True)
    if synth.returncode != 0:
        sys.exit(f"FAIL: synth: {synth.stderr}")
    log = os.path.join(logs, "Backup.evtx")
    os.makedirs(os.path.join(logs, "LocaleMetaData"))
    ja_path = os.path.join(logs, "LocaleMetaData", "Backup_1041.MTA")
    en_path = os.path.join(logs, "Backup_1033.MTA")  # beside the log, not in LocaleMetaData
    ja_bytes = write_mta(ja_path, JA, [defaults(True), BACKUP_JA])
    write_mta(en_path, EN, [defaults(False), BACKUP_EN])

    # --lang ja: the Japanese file; messages verbatim, keyed by EventRecordID.
    ja = events_of(dump(log, "--lang", "ja"))
    check(ja[5000]["message"] == JA[5000], "ja message of 5000")
    check(ja[5001]["message"] == JA[5001] and ja[5001]["message_source"] == "mta", "ja message of 5001, verbatim")
    check(ja[5001]["level_name"] == "エラー" and ja[5001]["task_name"] == "バックアップ", "ja level/task names")
    check(ja[5000]["opcode_name"] == "開始", "ja opcode name")
    # No MTA entry: the knowledge base's template for Backup 14 fills the message instead.
    check(ja[5002]["message"] != "" and ja[5002]["message_source"] == "knowledge", "no MTA entry -> knowledge template")
    check(ja[5002]["level_name"] == "情報" and ja[5002]["task_name"] == "(7)", "level 0 -> Information, task (7)")
    check(ja[5002]["keyword_names"] == ["クラシック"], "keyword names")

    # Default language en: the English file beside the log.
    en = events_of(dump(log))
    check(en[5001]["message"] == EN[5001] and en[5001]["level_name"] == "Error", "en from the log's folder")
    # Explicit --mta wins over --lang; --no-mta turns it off.
    explicit = events_of(dump(log, "--mta", ja_path, "--lang", "en"))
    check(explicit[5000]["message"] == JA[5000], "--mta FILE")
    off = events_of(dump(log, "--no-mta"))
    check(all(e["message_source"] != "mta" and e["level_name"] == "" for e in off.values()), "--no-mta")
    check(off[5001]["message_source"] == "knowledge" and off[5001]["message"].startswith("The backup operation"),
          "--no-mta: knowledge template for Backup 5")
    # Fallback: only Japanese present, English asked.
    os.remove(en_path)
    fallback = events_of(dump(log, "--lang", "en"))
    check(fallback[5000]["message"] == JA[5000], "fallback to the other language")

    # CSV: the message and name columns, CR LF kept inside a quoted cell.
    rows = {int(r["event_record_id"]): r for r in csv.DictReader(io.StringIO(dump(log, "--lang", "ja", "--format", "csv").stdout, newline=""))}
    check(rows[5001]["message"] == JA[5001] and rows[5001]["message_source"] == "mta", "CSV message column")
    check(rows[5001]["level_name"] == "エラー" and rows[5001]["task_name"] == "バックアップ", "CSV name columns")

    # Damaged files: truncated (diagnostics, messages before the cut kept, exit 1) ...
    damaged = os.path.join(work, "damaged_1041.MTA")
    with open(damaged, "wb") as handle:
        handle.write(ja_bytes[:-10])
    result = dump(log, "--mta", damaged, expect=1)
    check("evtxdiag: error: " in result.stderr and "truncated" in result.stderr, "truncated MTA diagnostic")
    check(events_of(result)[5001]["message"] == JA[5001], "messages before the cut survive")
    # ... a page link that loops back (more than 100 events: two EVT pages) ...
    many = {rid: f"message {rid}" for rid in range(5000, 5150)}
    looped = bytearray(write_mta(damaged, many, [defaults(False)]))
    evt, = struct.unpack_from("<Q", looped, 0x18)
    second, = struct.unpack_from("<Q", looped, evt + 0x48)
    struct.pack_into("<Q", looped, evt + second + 0x48, 0)
    with open(damaged, "wb") as handle:
        handle.write(looped)
    result = dump(log, "--mta", damaged, expect=1)
    check("loop" in result.stderr, "page-link loop diagnostic")
    check(events_of(result)[5001]["message"] == "message 5001", "messages of a looping MTA still read")
    # ... not an MTA at all, and a missing file.
    with open(damaged, "wb") as handle:
        handle.write(b"not an MTA file, but long enough for a header" * 2)
    result = dump(log, "--mta", damaged, expect=1)
    check("no MTA signature" in result.stderr and len(events_of(result)) == 3, "garbage MTA")
    result = dump(log, "--mta", os.path.join(work, "missing_1041.MTA"), expect=1)
    check("cannot open MTA file" in result.stderr and len(events_of(result)) == 3, "missing MTA")
finally:
    shutil.rmtree(work, ignore_errors=True)

print("mta dump:", "ok" if not failures else f"{len(failures)} failures")
sys.exit(1 if failures else 0)
