#!/usr/bin/env bash
# ctest-labels: nosan
# The C++ package works for another program, outside the source tree, installed and straight from
# the build tree: README's example
# (between "<!-- example: consumer.cpp -->" and "<!-- end example -->") is built against the
# install prefix with find_package (shared and static targets) and with pkg-config, then run
# on the golden case seed-004, where it must find the SPP timeout cause.
set -euo pipefail
source "$EVTXDIAG_SOURCE_DIR/tests/consumer/install_tree.sh"

src="$work/consumer"
mkdir -p "$src"
readme="$EVTXDIAG_SOURCE_DIR/README.md"
grep -q '^<!-- example: consumer.cpp -->$' "$readme" || fail "README.md lacks '<!-- example: consumer.cpp -->'"
grep -q '^<!-- end example -->$' "$readme" || fail "README.md lacks '<!-- end example -->'"
awk '/^<!-- example: consumer.cpp -->$/ {on=1; next} /^<!-- end example -->$/ {on=0} on && !/^```/' "$readme" \
  > "$src/consumer.cpp"
grep -q 'int main' "$src/consumer.cpp" || fail "README example has no main()"
cp "$EVTXDIAG_SOURCE_DIR/tests/consumer/CMakeLists.txt" "$src/"

check_output() {  # label output-file
  grep -q "^cause of job 1: $expected_cause\$" "$2" || { cat "$2"; fail "$1: SPP timeout cause not found"; }
  grep -q '^zone: Tokyo Standard Time$' "$2" || { cat "$2"; fail "$1: zone not inferred"; }
  grep -q '^job 5: 2012-01-20T12:00:02.9510000Z succeeded$' "$2" || { cat "$2"; fail "$1: jobs wrong"; }
  grep -q '^47 events, 0 undecodable$' "$2" || { cat "$2"; fail "$1: System.evtx not read"; }
}

# 1. CMake: find_package(evtxdiag CONFIG REQUIRED), evtxdiag::evtxdiag and evtxdiag::evtxdiag_static.
cmake -S "$src" -B "$work/build-cmake" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
  > "$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; fail "configuring the find_package consumer"; }
cmake --build "$work/build-cmake" -j2 > "$work/build.log" 2>&1 || { cat "$work/build.log"; fail "building it"; }
for exe in consumer consumer_static; do
  (cd "$work" && "$work/build-cmake/$exe" "$logs/System.evtx" "$logs") > "$work/$exe.out" || fail "$exe exited $?"
  check_output "find_package $exe" "$work/$exe.out"
done
# The shared consumer really uses the installed shared library, not a build-tree copy.
ldd "$work/build-cmake/consumer" > "$work/ldd.txt"; grep -q "$libdir/libevtxdiag.so" "$work/ldd.txt" \
  || { ldd "$work/build-cmake/consumer"; fail "consumer does not load the installed libevtxdiag.so"; }

# 1b. The build tree as a package (evtxdiag_DIR=<build dir>): the same target names.
cmake -S "$src" -B "$work/build-tree" -G Ninja -DCMAKE_BUILD_TYPE=Release -Devtxdiag_DIR="$EVTXDIAG_BUILD_DIR" \
  > "$work/cmake-tree.log" 2>&1 || { cat "$work/cmake-tree.log"; fail "configuring against the build tree"; }
cmake --build "$work/build-tree" -j2 > "$work/build-tree.log" 2>&1 || { cat "$work/build-tree.log"; fail "building against the build tree"; }
for exe in consumer consumer_static; do
  (cd "$work" && "$work/build-tree/$exe" "$logs/System.evtx" "$logs") > "$work/tree-$exe.out" || fail "build-tree $exe exited $?"
  check_output "build-tree $exe" "$work/tree-$exe.out"
done
# (ldd into a file: `ldd | grep -q` fails under pipefail when grep stops reading early.)
ldd "$work/build-tree/consumer" > "$work/ldd-tree.txt"; grep -q "$EVTXDIAG_BUILD_DIR/lib/libevtxdiag.so" "$work/ldd-tree.txt" \
  || { cat "$work/ldd-tree.txt"; fail "build-tree consumer does not load the build tree's libevtxdiag.so"; }

# 2. pkg-config (relocatable .pc: the prefix is not the one configured at build time).
export PKG_CONFIG_PATH="$libdir/pkgconfig"
[ "$(pkg-config --modversion evtxdiag)" = "$(sed -n 's/.*EVTXDIAG_VERSION_STRING "\(.*\)".*/\1/p' "$prefix/include/evtxdiag/version.hpp")" ] \
  || fail "pkg-config version differs from version.hpp"
# shellcheck disable=SC2046
c++ -std=c++17 -O1 "$src/consumer.cpp" -o "$work/consumer_pc" $(pkg-config --cflags --libs evtxdiag) \
  -Wl,-rpath,"$libdir" || fail "building with pkg-config"
(cd "$work" && "$work/consumer_pc" "$logs/System.evtx" "$logs") > "$work/pc.out" || fail "pkg-config consumer exited $?"
check_output "pkg-config" "$work/pc.out"

# 3. Knowledge data and the version file are installed.
[ -f "$prefix/share/evtxdiag/knowledge/README.md" ] || fail "knowledge data not installed"
[ -f "$libdir/cmake/evtxdiag/evtxdiagConfigVersion.cmake" ] || fail "no version file"
echo "package consumer: ok"
cat "$work/consumer.out"
