#!/usr/bin/env python3
"""The Windows program with Japanese names everywhere a user meets them: a case folder, a single
log file, zips named in Japanese whose entries are named in Japanese (UTF-8 flagged, as Windows
10+ and 7-Zip write them, and CP932 without the flag, as Japanese Windows Explorer writes them),
a tar, a report written to a Japanese file name, a --tz given as Japanese Windows writes it, a
knowledge overlay in a Japanese folder. Every result must be the Linux program's, byte for byte.
Also --help: UTF-8, "\\n" line ends, the same text as Linux.

Wine runs with a UTF-8 Unix locale and the Windows code page 1252, where no narrow (ANSI)
API can name these files: only the UTF-16 paths of the platform layer reach them.
"""
import os
import shutil
import sys
import tarfile
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wine_support import SOURCE, Checks, linux, skip_unless_ready, synth, windows  # noqa: E402

CASE = "東京バックアップ"


class UnflaggedName(zipfile.ZipInfo):
    """An entry whose name is written as the bytes it holds (read as CP437), without the UTF-8
    flag: zipfile itself flags every name that is not ASCII."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("cp437"), self.flag_bits & ~0x800


def zip_folder(folder, archive, unflagged=None, top="サーバー01"):
    """Every file of `folder` into `archive` under '<top>/<name>': names flagged UTF-8 (Windows
    10+, 7-Zip, .NET), or unflagged in the encoding `unflagged` ("cp932" as Japanese Windows
    Explorer writes them, "utf-8" as macOS and Info-ZIP on Linux do)."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                path = os.path.join(root, name)
                inner = top + "/" + os.path.relpath(path, folder).replace(os.sep, "/")
                with open(path, "rb") as f:
                    data = f.read()
                if unflagged:
                    info = UnflaggedName(inner.encode(unflagged).decode("cp437"), date_time=(2024, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    z.writestr(info, data)
                else:
                    z.write(path, inner)


def main():
    skip_unless_ready()
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix="evtxdiag-wine-ja-") as tmp:
        case = os.path.join(tmp, CASE)
        synth("seed-001-ja-mta-source-volume-space.yaml", case)  # with LocaleMetaData .MTA files
        checks.check(any(f.lower().endswith(".mta") for _, _, fs in os.walk(case) for f in fs),
                     "the Japanese case has message files (.MTA)")

        # A folder with a Japanese name, in every format; its .MTA files are found beside the logs.
        for extra in ([], ["--lang", "ja"], ["--format", "json"], ["--format", "json", "--lang", "ja"]):
            args = ["diagnose", CASE, "--tz", "Asia/Tokyo", *extra]
            checks.same(" ".join(args), linux(*args, cwd=tmp), windows(*args, cwd=tmp))
        rc, out, _ = windows("diagnose", CASE, "--tz", "Asia/Tokyo", "--format", "json", cwd=tmp)
        checks.check(rc == 0 and f'"{CASE}/'.encode() in out, "the JSON names the files under the Japanese folder")

        # A single log with a Japanese name; info, dump and timeline read it.
        system = next(os.path.join(r, f) for r, _, fs in os.walk(case) for f in fs if f == "System.evtx")
        shutil.copy(system, os.path.join(tmp, CASE + ".evtx"))
        for args in (["info", CASE + ".evtx", "--format", "json", "--decode"],
                     ["dump", CASE + ".evtx", "--tz", "Asia/Tokyo"],
                     ["timeline", CASE, "--tz", "Asia/Tokyo", "--format", "csv"]):
            checks.same(" ".join(args), linux(*args, cwd=tmp), windows(*args, cwd=tmp))

        # Archives named in Japanese, with Japanese entry names as every archiver stores them:
        # zip names flagged UTF-8, unflagged CP932 and unflagged UTF-8; pax and GNU tar (the
        # latter holds the name's bytes). And a flagged name in Latin-1 only, which libarchive
        # on Windows holds in a form that bytes also take (archive_reader.cpp, EntryNames).
        zip_folder(case, os.path.join(tmp, CASE + ".zip"))
        zip_folder(case, os.path.join(tmp, "エクスプローラー.zip"), unflagged="cp932")
        zip_folder(case, os.path.join(tmp, "マック.zip"), unflagged="utf-8")
        zip_folder(case, os.path.join(tmp, "café.zip"), top="Café-Düsseldorf")
        with tarfile.open(os.path.join(tmp, CASE + ".tar.gz"), "w:gz") as t:
            t.add(case, arcname="サーバー01")
        with tarfile.open(os.path.join(tmp, "グヌー.tar"), "w", format=tarfile.GNU_FORMAT) as t:
            t.add(case, arcname="サーバー01")
        for archive, top in ((CASE + ".zip", "サーバー01"), ("エクスプローラー.zip", "サーバー01"),
                             ("マック.zip", "サーバー01"), ("café.zip", "Café-Düsseldorf"),
                             (CASE + ".tar.gz", "サーバー01"), ("グヌー.tar", "サーバー01")):
            args = ["diagnose", archive, "--tz", "Asia/Tokyo", "--format", "json"]
            result = windows(*args, cwd=tmp)
            checks.same(" ".join(args), linux(*args, cwd=tmp), result)
            checks.check(f"{archive}!/{top}/".encode() in result[1], f"{archive}: entry names come out as {top}")

        # A report written to a Japanese file name: the same bytes as Linux writes.
        os.makedirs(os.path.join(tmp, "linux"))
        os.makedirs(os.path.join(tmp, "windows"))
        for side, run in (("linux", linux), ("windows", windows)):
            rc, _, err = run("diagnose", os.path.join("..", CASE), "--tz", "Asia/Tokyo", "--format", "html",
                             "-o", "報告書.html", cwd=os.path.join(tmp, side))
            checks.check(rc == 0, f"{side}: -o 報告書.html failed ({rc}): {err[-300:]!r}")
        for side in ("linux", "windows"):
            checks.check(os.listdir(os.path.join(tmp, side)) == ["報告書.html"],
                         f"{side}: the folder holds {os.listdir(os.path.join(tmp, side))}, not just 報告書.html")
        with open(os.path.join(tmp, "linux", "報告書.html"), "rb") as a, open(os.path.join(tmp, "windows", "報告書.html"), "rb") as b:
            checks.check(a.read() == b.read(), "報告書.html differs between Linux and Windows")

        # The zone as Japanese Windows names it (EventLog 6013), given on the command line.
        args = ["diagnose", CASE, "--tz", "東京 (標準時)", "--format", "json"]
        checks.same(" ".join(args), linux(*args, cwd=tmp), windows(*args, cwd=tmp))

        # The knowledge overlay example of the release zip, from a folder with a Japanese name.
        overlay = os.path.join(tmp, "ナレッジ")
        shutil.copytree(os.path.join(SOURCE, "scripts", "windows", "knowledge-overlay-example"), overlay)
        for lang in ("en", "ja"):
            args = ["explain", "0xE0010001", "--knowledge", "ナレッジ", "--lang", lang]
            result = windows(*args, cwd=tmp)
            checks.same(" ".join(args), linux(*args, cwd=tmp), result)
            checks.check(result[0] == 0, f"the overlay example explains its code ({lang})")

    # --help: UTF-8 with "\n" line ends (stdout in binary mode), the Linux text.
    for args in (["--help"], ["diagnose", "--help"], ["batch", "--help"]):
        lrc, lout, _ = linux(*args)
        wrc, wout, _ = windows(*args)
        checks.same(" ".join(args), (lrc, lout, b""), (wrc, wout, b""))
        try:
            wout.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            utf8 = False
        checks.check(utf8 and b"\r\n" not in wout and len(wout) > 200, f"{' '.join(args)}: not UTF-8 text with \\n")
    return checks.finish("Japanese folder, file, zip (UTF-8 and CP932), tar, output and zone names: evtxdiag.exe == Linux")


if __name__ == "__main__":
    sys.exit(main())
