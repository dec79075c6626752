#!/bin/sh
# Batch benchmark (issue 9): builds a corpus of a few hundred cases in a private temporary
# directory from the real samples (../shared/samples, never copied into the repository) and
# the synthesised scenarios, as directories and zip archives, then runs `evtxdiag batch` with
# -j 1 and -j 2 and reports cases/s, MB/s (uncompressed .evtx bytes) and peak memory
# (/usr/bin/time -v: the largest resident set of the parent or any one case process).
#
#   bench/batch_bench.sh [EVTXDIAG] [SAMPLES_DIR] [CASES]
#   defaults: build/tools/evtxdiag, ../shared/samples, 300
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
evtxdiag=${1:-$here/build/tools/evtxdiag}
samples=${2:-$here/../shared/samples}
cases=${3:-300}
[ -x "$evtxdiag" ] || { echo "batch_bench: no evtxdiag at $evtxdiag (build first)" >&2; exit 2; }
[ -d "$samples" ] || { echo "batch_bench: no samples directory $samples" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "batch_bench: /usr/bin/time is needed for peak memory" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/evtxdiag-batch-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# One synthesised log set per scenario, reused by many cases.
mkdir -p "$work/scenarios" "$work/corpus"
for s in "$here"/testdata/scenarios/*.yaml; do
  "$evtxdiag" synth "$s" --out "$work/scenarios/$(basename "$s" .yaml)" >/dev/null 2>&1
done

# Cases: a third real-sample directories (2 samples each), a third scenario directories, a third
# zip archives of scenarios plus a sample. Hard links when possible: the corpus costs no space.
python3 - "$work" "$samples" "$cases" <<'EOF'
import os, shutil, sys, zipfile
work, samples, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
sample_files = sorted(os.path.join(samples, n) for n in os.listdir(samples) if n.endswith(".evtx"))
scenario_dirs = sorted(os.path.join(work, "scenarios", n) for n in os.listdir(os.path.join(work, "scenarios")))
def link(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)
for i in range(total):
    case = os.path.join(work, "corpus", "case-%04d" % i)
    kind = i % 3
    if kind == 0 and sample_files:
        for k in range(2):
            s = sample_files[(i + k * 7) % len(sample_files)]
            link(s, os.path.join(case, "logs", os.path.basename(s)))
    else:
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
EOF

size=$(du -sh "$work/corpus" | cut -f1)
echo "corpus: $cases cases ($(ls -d "$work"/corpus/case-* | grep -vc '\.zip$') directories, $(ls "$work"/corpus/*.zip | wc -l) zip archives), $size on disk; $(nproc) cores"
for jobs in 1 2; do
  /usr/bin/time -v "$evtxdiag" batch "$work/corpus" -j "$jobs" --tz UTC --out "$work/results-$jobs.jsonl" \
    --summary "$work/summary-$jobs.txt" 2>"$work/time-$jobs.txt" >/dev/null || true
  peak_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/time-$jobs.txt")
  printf -- '-j %s: %s; peak memory %s MiB\n' "$jobs" "$(grep '^time:' "$work/summary-$jobs.txt")" "$((peak_kb / 1024))"
done
sed -n '1p;3,$p' "$work/summary-2.txt" | sed -n '1,12p'
python3 - "$work/results-1.jsonl" "$work/results-2.jsonl" <<'EOF'
import json, sys
strip = lambda p: [{k: v for k, v in json.loads(l).items() if k != "elapsed_ms"} for l in open(p)]
print("-j 1 and -j 2 results identical (elapsed_ms dropped):", strip(sys.argv[1]) == strip(sys.argv[2]))
EOF
