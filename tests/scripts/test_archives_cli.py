#!/usr/bin/env python3
"""Customer zips work everywhere: diagnose, timeline, dump, info and batch read
archives like the folder they came from, with Japanese folder names written as Python/.NET/7-Zip
write them (UTF-8, flagged) and as Japanese Windows Explorer writes them (CP932, no flag), with
the LocaleMetaData .MTA files found beside their logs inside the archive, and archives inside
archives."""
import io
import json
import os
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
import zlib

EVTXDIAG = os.environ["EVTXDIAG"]
SOURCE = os.environ["EVTXDIAG_SOURCE_DIR"]
SCENARIO = os.path.join(SOURCE, "testdata", "scenarios", "seed-001-ja-mta-source-volume-space.yaml")
FOLDER = "東京サーバー/ログ"  # the Japanese folder names inside the archives


def run(*args):
    p = subprocess.run([EVTXDIAG, *args], capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode(errors="replace")


def case_files(case):
    """(relative path, bytes) of every file of the synthesised case."""
    out = []
    for root, _, names in os.walk(case):
        for name in sorted(names):
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                out.append((os.path.relpath(path, case).replace(os.sep, "/"), f.read()))
    return sorted(out)


def zip_without_utf8_flag(files, encoding):
    """A zip whose names are `encoding` bytes with general-purpose flag 0 (no UTF-8 flag), the
    way Explorer on Japanese Windows writes them; stored entries."""
    body, directory = b"", b""
    for name, data in files:
        raw = name.encode(encoding)
        crc = zlib.crc32(data) & 0xFFFFFFFF
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0x21, crc, len(data), len(data), len(raw), 0)
        body += raw + data
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0x21, crc, len(data), len(data),
                                 len(raw), 0, 0, 0, 0, 0, offset) + raw
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(files), len(files), len(directory), len(body), 0)
    return body + directory + end


def summary(diagnosis):
    """What must not depend on how the logs were packed."""
    return {
        "zone": diagnosis["zone"]["name"],
        "jobs": [(j["start_utc"], j["result"], [c.get("hex", c.get("code")) for c in j["codes"]]) for j in diagnosis["jobs"]],
        "findings": sorted((f["rule"], f["job"], f["verdict"]) for f in diagnosis["findings"]),
        "messages": sorted(e["message_source"] for f in diagnosis["findings"] for e in f["evidence"]),
        "inputs": sorted((os.path.basename(i["path"]), i["records"], bool(i["mta"])) for i in diagnosis["inputs"]),
    }


def main():
    errors = []

    def check(cond, what):
        if not cond:
            errors.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        case = os.path.join(tmp, "case")
        check(run("synth", SCENARIO, "--out", case)[0] == 0, "synth")
        files = [(f"{FOLDER}/{name}", data) for name, data in case_files(case)]
        check(any(name.endswith(".MTA") for name, _ in files), "the scenario writes MTA files")

        archives = {}
        utf8 = os.path.join(tmp, "python.zip")
        with zipfile.ZipFile(utf8, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in files:
                z.writestr(name, data)
        with open(utf8, "rb") as f:
            check(struct.unpack_from("<H", f.read(8), 6)[0] & 0x800, "python zip sets the UTF-8 flag")
        archives["utf8-flagged"] = utf8
        for label, encoding in (("cp932", "cp932"), ("utf8-unflagged", "utf-8")):
            path = os.path.join(tmp, f"{label}.zip")
            with open(path, "wb") as f:
                f.write(zip_without_utf8_flag(files, encoding))
            archives[label] = path
        tgz = os.path.join(tmp, "logs.tar.gz")
        with tarfile.open(tgz, "w:gz") as t:
            for name, data in files:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
        archives["tar.gz"] = tgz
        nested = os.path.join(tmp, "outer.zip")
        with zipfile.ZipFile(nested, "w") as z, open(utf8, "rb") as inner:
            z.writestr("受領/inner.zip", inner.read())
        archives["nested"] = nested

        rc, out, err = run("diagnose", case, "--format", "json")
        check(rc == 0, f"folder: rc {rc} {err}")
        expected = summary(json.loads(out))
        check(expected["jobs"] and any(m == "mta" for m in expected["messages"]), f"folder diagnosis: {expected}")
        for label, path in archives.items():
            rc, out, err = run("diagnose", path, "--format", "json")
            if rc != 0:
                errors.append(f"{label}: diagnose rc {rc}: {err[:300]}")
                continue
            got = json.loads(out)
            check(summary(got) == expected, f"{label}: {summary(got)} != {expected}")
            names = [i["path"] for i in got["inputs"]]
            check(all(FOLDER in n and "!/" in n for n in names), f"{label}: names {names}")
            check(all(i["mta"] and "LocaleMetaData" in i["mta"] for i in got["inputs"] if "Backup" in i["path"]),
                  f"{label}: MTA not found beside its log: {[i['mta'] for i in got['inputs']]}")

            rc, out, _ = run("timeline", path, "--format", "jsonl")
            check(rc == 0 and out.count("\n") > 5, f"{label}: timeline rc {rc}")
            rc, out, _ = run("dump", path)
            rc_folder, out_folder, _ = run("dump", case)
            check(rc == 0 and len(out.splitlines()) == len(out_folder.splitlines()), f"{label}: dump")
            check('"message_source":"mta"' in out, f"{label}: dump found no MTA message")
            rc, out, _ = run("info", path, "--format", "json")
            check(rc == 0 and len(out.splitlines()) == len([n for n, _ in files if n.endswith(".evtx")]), f"{label}: info")

        rc, out, err = run("batch", *archives.values(), "--no-timings")
        lines = [json.loads(line) for line in out.splitlines()]
        check(rc == 0 and all(line["status"] == "ok" for line in lines), f"batch: rc {rc} {[l['status'] for l in lines]} {err[:300]}")

        # Hostile archives are refused in every command, naming the entry, and change nothing.
        slip = os.path.join(tmp, "slip.zip")
        with zipfile.ZipFile(slip, "w") as z:
            z.writestr("../System.evtx", b"x")
        for command in ("diagnose", "dump", "info", "timeline"):
            rc, _, err = run(command, slip)
            check(rc == 2 and "'..'" in err, f"{command} of a zip-slip archive: rc {rc} {err[:200]}")
    if errors:
        print("\n".join(errors))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
