#!/usr/bin/env python3
"""evtxdiag summarize (the reducer of distributed runs) against evtxdiag batch on the same cases:
the same summary, the same exit codes, the lines in case order byte for byte whatever order
they come in; and what a worker needs from batch: --list-cases names the cases as batch does,
and `batch CASE --as-case X` of each listed case prints exactly batch's line for it."""
import json
import os
import random
import subprocess
import sys
import tempfile
import zipfile

EVTXDIAG = os.environ["EVTXDIAG"]
SCENARIOS = os.path.join(os.environ["EVTXDIAG_SOURCE_DIR"], "testdata", "scenarios")
errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


def run(*args):
    p = subprocess.run([EVTXDIAG, *args], capture_output=True, timeout=300)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def synth(scenario, out):
    rc, _, err = run("synth", os.path.join(SCENARIOS, scenario), "--out", out)
    assert rc == 0, err


def build_corpus(tmp):
    corpus = os.path.join(tmp, "corpus")
    synth("seed-004-hyperv-spp-timeout.yaml", os.path.join(corpus, "a-cause"))
    synth("basic-classic.yaml", os.path.join(corpus, "b-nested", "logs", "deeper"))
    synth("red-herring-volsnap27-after-success.yaml", os.path.join(corpus, "c-herring"))
    synth("seed-001-ja-mta-source-volume-space.yaml", os.path.join(corpus, "d-mta"))
    synth("seed-003-vss-writer-timeout.yaml", corpus)  # the loose logs of the corpus folder
    os.makedirs(os.path.join(corpus, "e-empty"))
    os.makedirs(os.path.join(corpus, "f-junk"))
    with open(os.path.join(corpus, "f-junk", "System.evtx"), "wb") as f:
        f.write(b"junk")
    with zipfile.ZipFile(os.path.join(corpus, "g.zip"), "w") as z:
        z.writestr("../escape.evtx", b"x")  # refused
    return corpus


def write(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(tmp)
        jsonl, summary = os.path.join(tmp, "batch.jsonl"), os.path.join(tmp, "batch-summary.txt")
        rc_batch, _, err = run("batch", corpus, "--no-timings", "--out", jsonl, "--summary", summary)
        check(rc_batch == 1, f"batch of a corpus with bad cases exits 1, not {rc_batch}: {err}")
        batch_text = open(jsonl, encoding="utf-8").read()
        batch_summary = open(summary, encoding="utf-8").read()
        lines = batch_text.splitlines()
        parsed = [json.loads(line) for line in lines]
        check(len(lines) == 8, f"8 cases, got {len(lines)}")
        for line in parsed:
            for key in ("input_bytes", "failed_jobs_by_cause", "findings_by_verdict"):
                check(key in line, f"{line['case']}: line has no {key}")
        cause_case = next(p for p in parsed if p["case"].endswith("a-cause"))
        check(cause_case["failed_jobs_by_cause"] and cause_case["findings_by_verdict"].get("cause"),
              f"a-cause: counts by cause and verdict {cause_case['failed_jobs_by_cause']}")
        check(cause_case["input_bytes"] > 0, "a-cause: input bytes counted")

        # The lines in any order, over two files -> the same lines, summary and exit code.
        shuffled = lines[:]
        random.Random(26).shuffle(shuffled)
        part1, part2 = os.path.join(tmp, "p1.jsonl"), os.path.join(tmp, "p2.jsonl")
        write(part1, shuffled[:3])
        write(part2, [""] + shuffled[3:])  # a blank line is skipped
        reduced = os.path.join(tmp, "reduced.jsonl")
        rc, out, err = run("summarize", part1, part2, "--out", reduced)
        check(rc == rc_batch, f"summarize exit {rc} != batch's {rc_batch}: {err}")
        check(out == batch_summary, f"summary differs:\n--- batch\n{batch_summary}--- summarize\n{out}")
        check(open(reduced, encoding="utf-8").read() == batch_text, "reduced lines differ from batch's")
        rc_b3, _, _ = run("batch", corpus, "--no-timings", "--fail-on", "red-herring", "--out", os.path.join(tmp, "x.jsonl"))
        rc_s3, _, _ = run("summarize", part1, part2, "--fail-on", "red-herring")
        check(rc_b3 == 3 and rc_s3 == 3, f"--fail-on red-herring: batch {rc_b3}, summarize {rc_s3}")
        ok_only = os.path.join(tmp, "ok.jsonl")
        write(ok_only, [l for l, p in zip(lines, parsed) if p["status"] == "ok"])
        rc_ok, _, _ = run("summarize", ok_only)
        check(rc_ok == 0, f"only ok cases -> 0, got {rc_ok}")
        # Timings: lines with elapsed_ms are read; --elapsed adds batch's time line.
        timed = os.path.join(tmp, "timed.jsonl")
        run("batch", corpus, "--out", timed)
        rc, out, _ = run("summarize", timed, "--elapsed", "2")
        check(rc == 1 and "time: 2.0 s, 4.0 cases/s, " in out, f"--elapsed time line:\n{out}")
        check(out.replace(out.splitlines()[1] + "\n", "") == batch_summary, "timed lines: same counts")
        # Refusals: a case twice, a line that is not a case line, no line, an output over an input.
        rc, _, err = run("summarize", jsonl, part1)
        check(rc == 2 and "appears twice" in err and "p1.jsonl:1" in err, f"a case twice -> 2: {rc} {err}")
        bad = os.path.join(tmp, "bad.jsonl")
        write(bad, [lines[0], '{"case":"x","kind":"file"}'])
        rc, _, err = run("summarize", bad)
        check(rc == 2 and "bad.jsonl:2" in err and '"status"' in err, f"bad line -> 2 naming it: {rc} {err}")
        write(bad, ["not json"])
        check(run("summarize", bad)[0] == 2, "not JSON -> 2")
        empty = os.path.join(tmp, "empty.jsonl")
        write(empty, [])
        check(run("summarize", empty)[0] == 2, "no line -> 2")
        rc, _, err = run("summarize", part1, "--out", part1)
        check(rc == 2 and open(part1).read().count("\n") == 3, f"--out over an input refused: {rc} {err}")

        # --list-cases: batch's cases and names; each case alone (--as-case) gives batch's line.
        rc, out, err = run("batch", "--list-cases", corpus)
        listed = [json.loads(l) for l in out.splitlines()]
        check(rc == 0 and [l["case"] for l in listed] == [p["case"] for p in parsed], f"--list-cases: {out} {err}")
        scopes = {l["case"]: l["as_case"] for l in listed}
        check(scopes.get(corpus) == "top-level" and list(scopes.values()).count("top-level") == 1,
              f"the loose logs are the one top-level case: {scopes}")
        for entry, line in zip(listed, lines):
            rc, out, err = run("batch", entry["case"], "--as-case", entry["as_case"], "--no-timings")
            check(out == line + "\n", f"{entry['case']} alone differs from its batch line:\n{out[:300]}\n{line[:300]}")
        nested = os.path.join(corpus, "b-nested")
        tree = json.loads(run("batch", nested, "--as-case", "tree", "--no-timings")[1])
        top = json.loads(run("batch", nested, "--as-case", "top-level", "--no-timings")[1])
        check(tree["status"] == "ok" and tree["files"] > 0, f"tree case reads logs at any depth: {tree['status']}")
        check(top["status"] == "empty" and top["files"] == 0, f"top-level case reads none below: {top['status']}")
        rc, out, _ = run("batch", nested, "--no-timings")
        check(json.loads(out.splitlines()[0])["case"] == nested + "/logs", "without --as-case a folder is a corpus")
        check(run("batch", corpus, "--as-case", "sideways")[0] == 2, "bad --as-case -> 2")
    if errors:
        print("\n".join(errors))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
