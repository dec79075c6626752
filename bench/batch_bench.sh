#!/bin/sh
# Batch benchmark: builds a corpus of a few hundred cases in a private temporary
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

python3 "$here/bench/make_batch_corpus.py" "$evtxdiag" "$samples" "$work" "$cases"
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
