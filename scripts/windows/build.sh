#!/usr/bin/env bash
# Cross-builds the Windows program and its release zip (`scripts/run windows` runs this):
#   scripts/windows/build.sh            # -> build-windows/evtxdiag.exe, out/evtxdiag-<v>-windows-x86_64.zip
#   scripts/windows/build.sh --no-zip   # the program only (the tests use this)
#
# 1. Debian packages: the mingw-w64 cross compiler (POSIX threads), Wine (to run the build's own
#    knowledge precompiler, and the tests), mingw zlib, dpkg-dev (apt-get source).
# 2. The dependencies, cross-built once into a cache (scripts/windows/deps.sh).
# 3. evtxdiag.exe: static (libstdc++, winpthreads, libevtx, libarchive... inside), the knowledge
#    and the compiled time zones embedded: it needs no file beside it. Imports only Windows' own
#    DLLs (KERNEL32, msvcrt, ...).
# 4. The zip: the program, README, a knowledge overlay example, the licences of everything in
#    the program, the dependency versions.
# Heavy steps run niced with $JOBS (default 2) jobs, under flock $EVTXDIAG_HEAVY_LOCK when set.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
jobs=${JOBS:-2}
build=${EVTXDIAG_WINDOWS_BUILD:-build-windows}
make_zip=1
[ "${1:-}" = "--no-zip" ] && make_zip=0
heavy() {
  if [ -n "${EVTXDIAG_HEAVY_LOCK:-}" ]; then flock "$EVTXDIAG_HEAVY_LOCK" nice -n 5 "$@"; else nice -n 5 "$@"; fi
}

# --- 1. packages (idempotent; asks apt only when something is missing)
wanted=(g++-mingw-w64-x86-64-posix wine64 wine libz-mingw-w64-dev dpkg-dev zip)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "windows: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- 2. dependencies
prefix=$(bash scripts/windows/deps.sh | tail -1)

# --- 3. the program
export WINEPREFIX=${WINEPREFIX:-$root/$build/wine}
# A new dependency prefix (a Debian update, a changed recipe) gets a fresh configure: the cache
# of the last one holds the old prefix's paths (find_library, pkg-config), gone or stale.
fresh=()
if [ -f "$build/CMakeCache.txt" ] && [ "$(cat "$build/windows-deps-prefix" 2>/dev/null)" != "$prefix" ]; then
  fresh=(--fresh)
fi
# The configure preset "windows" of CMakePresets.json (toolchain cmake/mingw-w64-x86_64.cmake,
# Release, static), with the dependency prefix from the environment.
EVTXDIAG_WINDOWS_DEPS=$prefix cmake "${fresh[@]}" --preset windows -B "$build" >/dev/null
echo "$prefix" >"$build/windows-deps-prefix"
status=0
heavy cmake --build "$build" --target evtxdiag_cli evtxdiag_zone_probe -j "$jobs" || status=$?
bash scripts/windows/wine-stop  # the precompiler ran under Wine: leave no wineserver behind
[ $status -eq 0 ] || exit $status
exe="$build/tools/evtxdiag.exe"
x86_64-w64-mingw32-strip -o "$build/evtxdiag.exe" "$exe"
# One file that runs on any Windows: it may import Windows' own DLLs only (a zlib1.dll or
# libstdc++-6.dll import would run here under Wine and fail on a customer's machine).
foreign=$(x86_64-w64-mingw32-objdump -p "$build/evtxdiag.exe" | sed -n 's/^\s*DLL Name: //p' |
          grep -viE '^(kernel32|msvcrt|advapi32|shell32|user32|bcrypt|ws2_32|ole32|shlwapi|crypt32)\.dll$' || true)
if [ -n "$foreign" ]; then
  echo "windows: evtxdiag.exe needs DLLs that Windows does not have: $foreign" >&2
  exit 1
fi
echo "windows: $build/evtxdiag.exe ($(stat -c %s "$build/evtxdiag.exe") bytes)" >&2
[ $make_zip -eq 1 ] || exit 0

# --- 4. the release zip
version=$(sed -n 's/.*EVTXDIAG_VERSION_STRING "\([0-9.]*\)".*/\1/p' lib/include/evtxdiag/version.hpp)
name="evtxdiag-$version-windows-x86_64"
stage="$build/package/$name"
rm -rf "$build/package"
mkdir -p "$stage/licenses" out
cp "$build/evtxdiag.exe" "$stage/"
cp README.md "$stage/README.md"
cp scripts/windows/README-windows.txt "$stage/README-windows.txt"
cp -r scripts/windows/knowledge-overlay-example "$stage/knowledge-overlay-example"
mkdir -p "$stage/knowledge-reference"
cp knowledge/README.md knowledge/schema/knowledge.schema.yaml "$stage/knowledge-reference/"
cp knowledge/rules/README.md "$stage/knowledge-reference/rules-README.md"
cp -r "$prefix/share/licenses/." "$stage/licenses/"
# Compiled into the program as data: the time zones (tzdata) and CLDR's Windows zone names.
for pkg in tzdata unicode-cldr-core; do
  mkdir -p "$stage/licenses/$pkg"
  cp "/usr/share/doc/$pkg/copyright" "$stage/licenses/$pkg/copyright"
done
{
  echo "evtxdiag $version for Windows x86_64, cross-built on Debian $(cat /etc/debian_version) with mingw-w64."
  echo "Bundled libraries (Debian source package and version):"
  sed 's/^/  /' "$(dirname "$prefix")/versions.txt"
  echo "Time zones: tzdata $(dpkg-query -W -f='${Version}' tzdata) (compiled zones embedded)"
  echo "Windows zone names: unicode-cldr-core $(dpkg-query -W -f='${Version}' unicode-cldr-core)"
} >"$stage/VERSIONS.txt"
# Deterministic archive: fixed order and times.
find "$stage" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}" {} +
rm -f "out/$name.zip"
(cd "$build/package" && find "$name" -print | LC_ALL=C sort | zip -q -X -@ "$root/out/$name.zip")
echo "windows: out/$name.zip ($(stat -c %s "out/$name.zip") bytes)" >&2
