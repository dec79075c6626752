#!/usr/bin/env bash
# ctest-labels: nosan
# The Python package as installed by `cmake --install`: pytest (Debian's /usr/bin/python3) runs
# bindings/python/tests from a temporary directory with only the install prefix on PYTHONPATH,
# against the golden case seed-004.
set -euo pipefail
source "$EVTXDIAG_SOURCE_DIR/tests/support/skip.sh"
source "$EVTXDIAG_SOURCE_DIR/tests/consumer/install_tree.sh"
python=/usr/bin/python3
site=$(find "$prefix" -type d \( -name site-packages -o -name dist-packages \) | head -n 1)
[ -n "$site" ] && [ -d "$site/evtxdiag" ] || skip_test path:/usr/include/pybind11 "the Python package was not built (pybind11-dev or python3-dev missing)"
"$python" -c 'import pytest' 2>/dev/null || skip_test python:pytest "python3-pytest missing"
# The default install places of the usual prefixes are on Debian's python3 path (it does not
# search site-packages): `cmake --install build --prefix /usr/local` then needs no PYTHONPATH.
for usual in /usr/local /usr; do
  [ "$("$python" "$EVTXDIAG_SOURCE_DIR/bindings/python/install_dir.py" "$usual" | tail -n 1)" = searched ] \
    || { echo "FAIL: the install dir for prefix $usual is not on $python's path"; exit 1; }
done
cp -r "$EVTXDIAG_SOURCE_DIR/bindings/python/tests" "$work/pytests"
cd "$work"
PYTHONPATH="$site" EVTXDIAG_TEST_LOGS="$logs" EVTXDIAG_TEST_PREFIX="$prefix" \
  EVTXDIAG_TEST_SCENARIO="$EVTXDIAG_SOURCE_DIR/testdata/scenarios/seed-004-hyperv-spp-timeout.yaml" \
  "$python" -m pytest -q -p no:cacheprovider "$work/pytests"
