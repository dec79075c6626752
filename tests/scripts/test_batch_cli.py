#!/usr/bin/env python3
"""evtxdiag batch over a corpus built here from the scenarios: directories, archives (good,
broken and hostile), per-case results, -j 1 == -j 2, exit codes, --fail-on, --case-timeout,
and that nothing is written outside the batch's own outputs."""
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile

EVTXDIAG = os.environ["EVTXDIAG"]
SCENARIOS = os.path.join(os.environ["EVTXDIAG_SOURCE_DIR"], "testdata", "scenarios")


def run(*args):
    p = subprocess.run([EVTXDIAG, *args], capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def synth(scenario, out):
    rc, _, err = run("synth", os.path.join(SCENARIOS, scenario), "--out", out)
    assert rc == 0, err


def evtx_files(directory):
    return sorted(os.path.join(directory, n) for n in os.listdir(directory) if n.endswith(".evtx"))


def make_zip(path, members, symlinks=()):
    """members: [(name in archive, bytes)]; symlinks: [(name, target)] stored as unix links."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name)  # ZipInfo keeps '..' and '/' that writestr() would strip
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
        for name, target in symlinks:
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = 0o120777 << 16
            z.writestr(info, target)


def tree_digest(root):
    h = hashlib.sha256()
    for d, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for n in sorted(files):
            p = os.path.join(d, n)
            h.update(p.encode())
            with open(p, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


def build_corpus(tmp):
    corpus = os.path.join(tmp, "corpus")
    os.makedirs(corpus)
    synth("seed-004-hyperv-spp-timeout.yaml", os.path.join(corpus, "case-a"))
    synth("basic-classic.yaml", os.path.join(corpus, "case-b", "logs", "deeper"))
    os.makedirs(os.path.join(corpus, "case-empty"))
    with open(os.path.join(corpus, "case-empty", "notes.txt"), "w") as f:
        f.write("no logs here\n")
    os.makedirs(os.path.join(corpus, "case-junk"))
    with open(os.path.join(corpus, "case-junk", "System.evtx"), "wb") as f:
        f.write(b"not an evtx file at all")
    seed4 = [(os.path.basename(p), open(p, "rb").read()) for p in evtx_files(os.path.join(corpus, "case-a"))]
    arch = os.path.join(corpus, "archives")  # holds only archives: a container, not a case
    os.makedirs(arch)
    make_zip(os.path.join(arch, "good.zip"), [("deep/er/" + n, d) for n, d in seed4])
    make_zip(os.path.join(arch, "mixed.zip"), [("logs/" + n, d) for n, d in seed4] + [("readme.txt", b"hello")])
    with tarfile.open(os.path.join(arch, "good.tar.gz"), "w:gz") as t:
        for n, d in seed4:
            info = tarfile.TarInfo("logs/" + n)
            info.size = len(d)
            t.addfile(info, io.BytesIO(d))
    make_zip(os.path.join(arch, "slip.zip"), [("../x.evtx", seed4[0][1])])
    make_zip(os.path.join(arch, "absolute.zip"), [(os.path.join(tmp, "abs-escape.evtx"), seed4[0][1])])
    make_zip(os.path.join(arch, "link.zip"), [(seed4[0][0], seed4[0][1])], symlinks=[("link.evtx", "/etc/passwd")])
    make_zip(os.path.join(arch, "bomb.zip"), [("bomb.evtx", bytes(100 << 20))])  # ~1000:1
    good = open(os.path.join(arch, "good.zip"), "rb").read()
    with open(os.path.join(arch, "truncated.zip"), "wb") as f:
        f.write(good[: len(good) // 2])
    with open(os.path.join(arch, "junk.zip"), "wb") as f:
        f.write(b"this is not an archive\n" * 100)
    make_zip(os.path.join(arch, "empty.zip"), [])
    return corpus


def main():
    errors = []

    def check(cond, what):
        if not cond:
            errors.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(tmp)
        before = tree_digest(corpus)
        listing_before = sorted(os.listdir(tmp))
        out1, out2 = os.path.join(tmp, "j1.jsonl"), os.path.join(tmp, "j2.jsonl")
        summary = os.path.join(tmp, "summary.txt")
        rc1, _, err1 = run("batch", corpus, "-j", "1", "--out", out1, "--no-timings", "--tz", "UTC", "--summary", summary)
        rc2, _, _ = run("batch", corpus, "-j", "2", "--out", out2, "--no-timings", "--tz", "UTC")
        text1, text2 = open(out1).read(), open(out2).read()
        check(text1 == text2, "-j 1 and -j 2 give different output")
        check(rc1 == 1 and rc2 == 1, f"corpus with bad cases -> exit 1 (got {rc1}, {rc2}: {err1})")
        lines = [json.loads(line) for line in text1.splitlines()]
        by_case = {os.path.relpath(l["case"], corpus): l for l in lines}
        check([l["case"] for l in lines] == sorted(l["case"] for l in lines), "cases in sorted order")
        check("archives" not in by_case, "a folder of archives is not a case")
        expected = {
            "case-a": "ok", "case-b": "ok", "case-empty": "empty", "case-junk": "unreadable",
            "archives/good.zip": "ok", "archives/mixed.zip": "ok", "archives/good.tar.gz": "ok",
            "archives/slip.zip": "refused", "archives/absolute.zip": "refused", "archives/link.zip": "refused",
            "archives/bomb.zip": "refused", "archives/truncated.zip": "broken", "archives/junk.zip": "broken",
            "archives/empty.zip": "empty",
        }
        check(sorted(by_case) == sorted(expected), f"cases listed: {sorted(by_case)}")
        for case, status in expected.items():
            got = by_case.get(case, {})
            check(got.get("status") == status, f"{case}: status {got.get('status')} != {status} ({got.get('error')})")
            check("elapsed_ms" not in got, f"{case}: --no-timings still has elapsed_ms")
        for case, words in {"archives/slip.zip": "'..'", "archives/absolute.zip": "absolute path",
                            "archives/link.zip": "symbolic link", "archives/bomb.zip": "compression bomb",
                            "archives/truncated.zip": "broken archive"}.items():
            check(words in by_case.get(case, {}).get("error", ""), f"{case}: error lacks {words!r}")
        # Every diagnosed case matches a plain `diagnose` of the same logs; archives of the same
        # logs give the same jobs and findings as the directory.
        direct = json.loads(run("diagnose", os.path.join(corpus, "case-a"), "--format", "json", "--tz", "UTC")[1])
        rules = [f["rule"] for f in direct["findings"]]
        check(any(f["verdict"] == "cause" for f in direct["findings"]), "seed-004 has a cause")
        for case in ("case-a", "archives/good.zip", "archives/mixed.zip", "archives/good.tar.gz"):
            d = by_case.get(case, {}).get("diagnosis") or {}
            check([f.get("rule") for f in d.get("findings", [])] == rules, f"{case}: findings differ from diagnose")
            check(len(d.get("jobs", [])) == len(direct["jobs"]), f"{case}: jobs differ from diagnose")
            check(by_case.get(case, {}).get("failed_jobs", 0) >= 1, f"{case}: failed job counted")
        check(by_case["case-a"]["diagnosis"] == direct, "directory case == diagnose --format json")
        zip_inputs = [i["path"] for i in by_case["archives/mixed.zip"]["diagnosis"]["inputs"]]
        check(zip_inputs and all("mixed.zip!/logs/" in p for p in zip_inputs), f"member names {zip_inputs}")
        check(by_case["archives/mixed.zip"]["files"] == len(zip_inputs), "readme.txt is not an input")
        # Summary file: counts, causes, red herrings, problems.
        s = open(summary).read()
        check(f"cases: {len(expected)} (" in s and "refused 4" in s and "broken 2" in s, f"summary counts:\n{s}")
        check("failed jobs by cause:" in s and "red herrings:" in s and "undecodable" in s, "summary sections")
        check("time:" not in s, "--no-timings summary has no time")
        # Nothing was modified or written anywhere else (zip slip target, absolute path).
        check(tree_digest(corpus) == before, "the corpus was modified")
        check(sorted(os.listdir(tmp)) == sorted(listing_before + ["j1.jsonl", "j2.jsonl", "summary.txt"]),
              f"unexpected files in {tmp}: {os.listdir(tmp)}")
        # Timings by default; --fail-on; timeout; usage errors.
        rc, out, err = run("batch", os.path.join(corpus, "case-a"), os.path.join(corpus, "archives", "good.zip"))
        lines = [json.loads(line) for line in out.splitlines()]
        check(rc == 0 and len(lines) == 2 and all("elapsed_ms" in l for l in lines), f"timings by default ({rc} {err})")
        check("time:" in err and "cases/s" in err, "summary on stderr with throughput")
        rc, _, _ = run("batch", os.path.join(corpus, "case-a"), "--fail-on", "cause")
        check(rc == 3, f"--fail-on cause -> 3 (got {rc})")
        rc, _, _ = run("batch", os.path.join(corpus, "case-b"), "--fail-on", "cause")
        check(rc == 0, f"--fail-on cause without a cause -> 0 (got {rc})")
        # A case of 4,200 events (26 chunks) takes far longer than a millisecond to diagnose; the
        # small cases of the corpus can finish within one since the knowledge is precompiled.
        slow = os.path.join(tmp, "slow-corpus", "many")
        synth("basic-many-chunks.yaml", slow)
        rc, out, _ = run("batch", slow, "--case-timeout", "0.001")
        statuses = {json.loads(l)["status"] for l in out.splitlines()}
        check(rc == 1 and statuses == {"timeout"}, f"--case-timeout cuts cases off: {statuses}")
        check(run("batch", os.path.join(tmp, "missing"))[0] == 2, "missing corpus -> 2")
        os.makedirs(os.path.join(tmp, "nothing"))
        check(run("batch", os.path.join(tmp, "nothing"))[0] == 2, "no case -> 2")
        check(run("batch", corpus, "--fail-on", "bogus")[0] == 2, "bad --fail-on -> 2")
    if errors:
        print("\n".join(errors))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
