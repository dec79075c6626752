#!/usr/bin/env bash
# The quick-start example: write the bundled Hyper-V case (field report 004) from its scenario
# into build/example/, then diagnose it the way a support engineer would.
set -euo pipefail
evtxdiag=${1:-build/tools/evtxdiag}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build/example"
"$evtxdiag" synth "$root/testdata/scenarios/seed-004-hyperv-spp-timeout.yaml" --out "$out" --force
echo "== evtxdiag info $out/*.evtx"
"$evtxdiag" info "$out"/*.evtx
echo
echo "== evtxdiag diagnose $out"
"$evtxdiag" diagnose "$out"
