#!/usr/bin/env bash
# ctest-labels: nosan
# The installed shared library exports the public API and nothing of what it is built with:
# no yaml-cpp, pugixml, nlohmann-json, date, libevtx or libbfio symbol, and no function of an
# internal namespace (evtxdiag::diag::, evtxdiag::reader::, ...). Standard-library template
# instances the public API uses are allowed (the toolchain gives std:: default visibility).
set -euo pipefail
source "$EVTXDIAG_SOURCE_DIR/tests/consumer/install_tree.sh"
library=$(find "$libdir" -maxdepth 1 -name 'libevtxdiag.so.*.*' | head -n 1)
[ -n "$library" ] || fail "no installed libevtxdiag.so"
nm -DC --defined-only "$library" | awk '{$1=""; $2=""; sub(/^  /, ""); print}' > "$work/exports.txt"
count=$(wc -l < "$work/exports.txt")
third=$(grep -E 'YAML::|nlohmann::|pugi::|date::|libevtx_|libbfio_|CLI::|doctest::' "$work/exports.txt" || true)
[ -z "$third" ] || { echo "$third" | head; fail "third-party symbols exported"; }
internal=$(grep -E '^(typeinfo (name )?for |vtable for )?evtxdiag::(diag|reader|libevtx|cases|platform|tz|tz_data|evtx|binxml|scan|carve|report|batch|core|mta|xml|archive|knowledge_detail)::' "$work/exports.txt" || true)
[ -z "$internal" ] || { echo "$internal" | head; fail "internal symbols exported"; }
for needed in 'evtxdiag::diagnose_machines(' 'evtxdiag::EvtxReader::read(' 'evtxdiag::collect_inputs(' \
              'evtxdiag::write_output(' 'evtxdiag::KnowledgeBase::explain_code('; do
  grep -qF "$needed" "$work/exports.txt" || fail "public function not exported: $needed"
done
[ "$count" -lt 1000 ] || fail "$count exported symbols: visibility is not applied"
echo "exports: ok ($count symbols)"
