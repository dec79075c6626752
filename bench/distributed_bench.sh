#!/bin/sh
# Distributed batch benchmark: the corpus of bench/batch_bench.sh (real samples,
# scenario folders, zip archives), run by `evtxdiag batch -j 1` and `-j 2`, then by
# scripts/distributed-local with 1 and 2 worker processes (one case at a time each) on the same
# machine. Prints each run's "time:" line (cases/s, MB/s of uncompressed .evtx bytes; for the
# queue, from the first case sent to the last line back, without starting Redis and the
# workers, which is printed apart) and checks that the four JSONL files are identical.
#
#   bench/distributed_bench.sh [EVTXDIAG] [SAMPLES_DIR] [CASES]
#   defaults: build/tools/evtxdiag, ../shared/samples, 120
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
evtxdiag=${1:-$here/build/tools/evtxdiag}
samples=${2:-$here/../shared/samples}
cases=${3:-120}
[ -x "$evtxdiag" ] || { echo "distributed_bench: no evtxdiag at $evtxdiag (build first)" >&2; exit 2; }
[ -d "$samples" ] || { echo "distributed_bench: no samples directory $samples" >&2; exit 2; }
command -v redis-server >/dev/null || { echo "distributed_bench: redis-server is needed" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/evtxdiag-distributed-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

python3 "$here/bench/make_batch_corpus.py" "$evtxdiag" "$samples" "$work" "$cases"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for jobs in 1 2; do
  "$evtxdiag" batch "$work/corpus" -j "$jobs" --tz UTC --out "$work/batch-$jobs.jsonl" \
    --summary "$work/batch-$jobs.txt" >/dev/null 2>&1 || true
  printf -- 'batch -j %s:                %s\n' "$jobs" "$(grep '^time:' "$work/batch-$jobs.txt")"
done
for workers in 1 2; do
  start=$(date +%s.%N)
  EVTXDIAG="$evtxdiag" "$here/scripts/distributed-local" "$work/corpus" "$work/queue-$workers.jsonl" \
    --workers "$workers" --tz UTC --summary "$work/queue-$workers.txt" >/dev/null 2>"$work/queue-$workers.log" || true
  end=$(date +%s.%N)
  printf -- 'queue, %s worker(s):       %s (whole command %.1f s)\n' "$workers" \
    "$(grep '^time:' "$work/queue-$workers.txt")" "$(awk "BEGIN { print $end - $start }")"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work"/batch-1.jsonl "$work"/batch-2.jsonl "$work"/queue-1.jsonl "$work"/queue-2.jsonl <<'PY'
import json, sys
strip = lambda p: [{k: v for k, v in json.loads(l).items() if k != "elapsed_ms"} for l in open(p)]
runs = [strip(p) for p in sys.argv[1:]]
print(f"{len(runs[0])} lines; batch -j1/-j2 and the queue with 1/2 workers identical (elapsed_ms dropped):",
      all(r == runs[0] for r in runs))
PY
