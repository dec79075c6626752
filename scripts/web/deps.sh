#!/usr/bin/env bash
# Builds the C and C++ libraries evtxdiag links, for WebAssembly, from Debian's own source
# packages with Debian's emscripten, into a cache folder; prints that folder's prefix.
#   scripts/web/deps.sh [CACHE_DIR]      (default: ${XDG_CACHE_HOME:-~/.cache}/evtxdiag/web-deps)
#
# Debian ships these libraries for the host only. Their Debian sources (orig tarball + Debian
# patches, the same versions the native build links) are fetched with apt-get source through a
# private apt state (a deb-src line in a folder of its own: the system's apt configuration is
# not touched) and built static, without threads, with exceptions:
#   zlib        libarchive's deflate (zip) and gzip
#   libarchive  the archive reader the CLI uses (lib/src/archive/), so zip slip, bombs, sizes and
#               nested archives are refused by the same code; zip, 7z (stored/deflate), tar, gzip
#   howardhinnant-date  tz.cpp (time zones over the tz database, as natively: USE_OS_TZDB)
#   yaml-cpp, pugixml   as natively
#   nlohmann-json, CLI11  header-only: the installed Debian headers are copied
# The prefix is keyed by this script, emcc's version and the source versions: a change of any
# rebuilds, anything else reuses it (a cold build takes a few minutes on 2 cores).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/evtxdiag/web-deps}
jobs=${EVTXDIAG_WEB_JOBS:-2}
packages=(zlib libarchive howardhinnant-date yaml-cpp pugixml)
log() { echo "web-deps: $*" >&2; }
# emcc runs node scripts that need Debian's node modules (acorn); a node from elsewhere does not
# look in /usr/share/nodejs by itself.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

mkdir -p "$cache_root"
cache_root=$(cd "$cache_root" && pwd)
apt_dir=$cache_root/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
cat > "$apt_dir/sources.list" <<SOURCES
deb-src [signed-by=$keyring] http://deb.debian.org/debian bookworm main
deb-src [signed-by=$keyring] http://deb.debian.org/debian-security bookworm-security main
SOURCES
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/nonexistent
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User=root)

# The source versions decide the cache key. The lists are refreshed once a day at most, so a
# warm cache needs no network.
if [ -z "$(find "$apt_dir/lists" -maxdepth 1 -name '*Sources*' -mtime -1 2>/dev/null | head -1)" ]; then
  log "updating the source package lists"
  apt-get "${apt_opts[@]}" update -qq >&2 || [ -n "$(ls "$apt_dir/lists" | grep Sources)" ]
fi
versions=()
for pkg in "${packages[@]}"; do
  v=$(apt-cache "${apt_opts[@]}" showsrc "$pkg" 2>/dev/null | awk '/^Version:/ {print $2}' | sort -V | tail -1)
  [ -n "$v" ] || { log "no Debian source package $pkg"; exit 1; }
  versions+=("$pkg=$v")
done
emcc_version=$(emcc --version | head -1)
key=$( (cat "$0" "$here/../libarchive-static-only.sh"; echo "$emcc_version"; printf '%s\n' "${versions[@]}") | sha256sum | cut -c1-16)
prefix=$cache_root/$key/prefix
if [ -f "$cache_root/$key/done" ]; then
  echo "$prefix"
  exit 0
fi

log "building ${versions[*]} with $emcc_version into $cache_root/$key"
work=$cache_root/$key/src
rm -rf "$work" "$prefix"
mkdir -p "$work" "$prefix"
cd "$work"
for i in "${!packages[@]}"; do
  pkg=${packages[$i]}
  # The security archive sometimes lists a version its mirror does not hold yet: then the
  # release's version.
  if ! apt-get "${apt_opts[@]}" source -qq "${versions[$i]}" >/dev/null 2>&1; then
    rm -rf "$work/${pkg}"-* "$work/${pkg}"_*
    apt-get "${apt_opts[@]}" source -qq -t bookworm "$pkg/bookworm" >/dev/null
  fi
done

# Every library: static, no threads (a file:// page has no cross-origin isolation), exceptions
# on (evtxdiag reports bad input through them; yaml-cpp throws).
export CFLAGS="-O2 -fexceptions"
export CXXFLAGS="-O2 -fexceptions"
cmake_lib() {  # SOURCE_DIR [cmake args...]
  local src=$1; shift
  emcmake cmake -S "$src" -B "$src/_build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_ROOT_PATH="$prefix" -DCMAKE_CROSSCOMPILING_EMULATOR="$(command -v node)" "$@" >/dev/null
  cmake --build "$src/_build" -j "$jobs" >/dev/null
  cmake --install "$src/_build" >/dev/null
}

log "zlib"
(cd zlib-*/ && emconfigure ./configure --static --prefix="$prefix" >/dev/null && emmake make -j "$jobs" libz.a >/dev/null \
   && emmake make install >/dev/null)

# libarchive's configure makes some 300 checks, each a compile and an emcc link (about a second:
# five minutes on a cold cache). Their results depend only on emcc and libarchive's version, so
# they are kept in scripts/web/ per pair and given to CMake as its initial cache; a pair without
# one runs every check and leaves the file to add in $cache_root.
libarchive_src=$(ls -d "$work"/libarchive-*/)
libarchive_version=$(basename "$libarchive_src")
emcc_short=$(emcc -dumpversion)
checks_name=checks-$libarchive_version-emcc-$emcc_short.cmake
checks=$here/$checks_name
checks_args=()
[ -f "$checks" ] && checks_args=(-C "$checks")
log "libarchive${checks_args:+ (configure checks from scripts/web/$checks_name)}"
bash "$here/../libarchive-static-only.sh" "$libarchive_src"  # (emscripten has no shared libraries)
cmake_lib "$libarchive_src" "${checks_args[@]}" -DENABLE_ZLIB=ON -DZLIB_ROOT="$prefix" \
  -DENABLE_OPENSSL=OFF -DENABLE_MBEDTLS=OFF -DENABLE_NETTLE=OFF -DENABLE_CNG=OFF -DENABLE_LIBB2=OFF \
  -DENABLE_LZ4=OFF -DENABLE_LZO=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF -DENABLE_BZip2=OFF \
  -DENABLE_LIBXML2=OFF -DENABLE_EXPAT=OFF -DENABLE_PCREPOSIX=OFF -DENABLE_LIBGCC=OFF \
  -DENABLE_TAR=OFF -DENABLE_CPIO=OFF -DENABLE_CAT=OFF -DENABLE_XATTR=OFF -DENABLE_ACL=OFF \
  -DENABLE_ICONV=OFF -DENABLE_TEST=OFF -DPOSIX_REGEX_LIB=NONE

if [ ! -f "$checks" ]; then
  { echo "# $libarchive_version's configure results under emcc $emcc_short, written by scripts/web/deps.sh."
    grep -E '^[A-Za-z_][A-Za-z0-9_]*:INTERNAL=' "$libarchive_src/_build/CMakeCache.txt"; } \
    | grep -vE '^(CMAKE_|FIND_PACKAGE_|CTEST_|DART_|MEMORYCHECK_|COVERAGE_|ZLIB_)|-ADVANCED:' \
    | sed -E 's/^([^:]+):INTERNAL=(.*)$/set(\1 "\2" CACHE INTERNAL "")/' > "$cache_root/$checks_name"
  log "configure checks of $libarchive_version for emcc $emcc_short: $cache_root/$checks_name (add it to scripts/web/)"
fi

log "date/tz"
cmake_lib "$(ls -d "$work"/howardhinnant-date-*/)" -DBUILD_TZ_LIB=ON -DUSE_SYSTEM_TZ_DB=ON -DENABLE_DATE_TESTING=OFF

log "yaml-cpp"
cmake_lib "$(ls -d "$work"/yaml-cpp-*/)" -DYAML_CPP_BUILD_TESTS=OFF -DYAML_CPP_BUILD_TOOLS=OFF \
  -DYAML_CPP_BUILD_CONTRIB=OFF -DYAML_BUILD_SHARED_LIBS=OFF

log "pugixml"
cmake_lib "$(ls -d "$work"/pugixml-*/)"

# Header-only libraries need no build: Debian's headers and CMake package files, copied into the
# prefix (the emscripten toolchain searches only there; /usr/include would bring glibc's headers).
log "nlohmann-json, CLI11 (headers)"
for pkg in nlohmann-json3-dev libcli11-dev; do
  dpkg -L "$pkg" | while read -r file; do
    case "$file" in
      /usr/include/*|/usr/share/cmake/*|/usr/lib/cmake/*)
        [ -f "$file" ] || continue
        rel=${file#/usr/}; rel=${rel/#lib\/cmake/share\/cmake}
        mkdir -p "$prefix/$(dirname "$rel")"; cp "$file" "$prefix/$rel" ;;
    esac
  done
done

rm -rf "$work"  # sources and objects: ~150 MB
touch "$cache_root/$key/done"
echo "$prefix"
