#!/bin/sh
# evtxdiag benchmark: evtxexport -f xml versus evtxdiag dump / diagnose / batch on
# the large real samples (../shared/samples, files of 10 MB or more; skipped when absent) and a
# synthetic corpus written by `evtxdiag synth` into a private temporary directory.
# No root needed; nothing is written outside the temporary directory except --out DIR.
#
#   bench/run.sh [--quick] [--repeat N] [--out DIR] [--evtxdiag PATH] [--samples DIR]
#                [--input FILE ...] [--filler N]
#   defaults: build/tools/evtxdiag, ../shared/samples, best of 3, 3 x 60000 filler events
#   --quick: one run per command, a tiny corpus, at most one sample (a smoke test)
#
# Measure on a quiet machine (uptime load below ~2.5): the load average is printed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/bench.py" "$@"
