# Sourced by the package / C API / Python tests: installs the build tree into a fresh temporary
# prefix and synthesises the golden case seed-004 (Hyper-V host, SPP creation timeout), so every
# consumer works outside the source tree, on the installed files only.
# Sets: work (temp dir, removed on exit), prefix, libdir, logs (dir of .evtx files), fail().
source "$EVTXDIAG_SOURCE_DIR/tests/support/skip.sh"
if [ "${EVTXDIAG_SANITIZE:-0}" = "1" ]; then
  skip_test sanitizer "consumers of the install tree are not built with the sanitizer runtime"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
logs="$work/logs"
cmake --install "$EVTXDIAG_BUILD_DIR" --prefix "$prefix" > "$work/install.log" \
  || { cat "$work/install.log"; echo "FAIL: cmake --install"; exit 1; }
"$EVTXDIAG" synth "$EVTXDIAG_SOURCE_DIR/testdata/scenarios/seed-004-hyperv-spp-timeout.yaml" --out "$logs" 2>/dev/null \
  || { echo "FAIL: synth seed-004"; exit 1; }
libdir=$(dirname "$(find "$prefix" -name 'libevtxdiag.so' | head -n 1)")
# The cause the diagnosis must find for seed-004 (tests/golden/seed-004-hyperv-spp-timeout.txt).
expected_cause="Shared protection point (SPP) creation timed out under the load of running VMs"
fail() { echo "FAIL: $*"; exit 1; }
