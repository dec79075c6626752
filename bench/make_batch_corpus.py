#!/usr/bin/env python3
"""The corpus of the batch benchmarks (bench/batch_bench.sh, bench/distributed_bench.sh):
CASES cases in WORK/corpus, a third real-sample directories (2 samples each, from SAMPLES_DIR,
never copied into the repository: hard links when possible), a third scenario directories, a
third zip archives of a scenario plus a sample. The scenarios are synthesised once into
WORK/scenarios by EVTXDIAG synth. Prints one line describing the corpus.

    bench/make_batch_corpus.py EVTXDIAG SAMPLES_DIR WORK CASES
"""
import os
import shutil
import subprocess
import sys
import zipfile


def link(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    evtxdiag, samples, work, total = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    scenarios_src = os.path.join(here, "testdata", "scenarios")
    os.makedirs(os.path.join(work, "scenarios"), exist_ok=True)
    os.makedirs(os.path.join(work, "corpus"), exist_ok=True)
    for name in sorted(os.listdir(scenarios_src)):
        if name.endswith(".yaml"):
            subprocess.run([evtxdiag, "synth", os.path.join(scenarios_src, name), "--out",
                            os.path.join(work, "scenarios", name[:-5])], capture_output=True)
    sample_files = sorted(os.path.join(samples, n) for n in os.listdir(samples) if n.endswith(".evtx"))
    scenario_dirs = sorted(os.path.join(work, "scenarios", n) for n in os.listdir(os.path.join(work, "scenarios")))
    for i in range(total):
        case = os.path.join(work, "corpus", "case-%04d" % i)
        kind = i % 3
        if kind == 0 and sample_files:
            for k in range(2):
                s = sample_files[(i + k * 7) % len(sample_files)]
                link(s, os.path.join(case, "logs", os.path.basename(s)))
            continue
        scen = scenario_dirs[i % len(scenario_dirs)]
        files = [os.path.join(scen, n) for n in sorted(os.listdir(scen))]
        if kind == 1:
            for f in files:
                link(f, os.path.join(case, os.path.basename(f)))
        else:
            with zipfile.ZipFile(case + ".zip", "w", zipfile.ZIP_DEFLATED) as z:
                for f in files:
                    z.write(f, "export/" + os.path.basename(f))
                if sample_files:
                    s = sample_files[i % len(sample_files)]
                    z.write(s, "export/" + os.path.basename(s))
    corpus = os.path.join(work, "corpus")
    entries = os.listdir(corpus)
    archives = sum(n.endswith(".zip") for n in entries)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(corpus) for f in fs)
    print(f"corpus: {total} cases ({len(entries) - archives} directories, {archives} zip archives), "
          f"{size / 1e6:.0f} MB; {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
