#!/usr/bin/env bash
# Cross-builds evtxdiag's dependencies for Windows (x86_64, static) from Debian's source
# packages, once, into a cache folder keyed by what went into them:
#   scripts/windows/deps.sh          # builds what is missing, prints the prefix folder
#
# Debian 12 ships mingw builds of zlib only (libz-mingw-w64-dev); every other library is built
# here from the Debian source package of the version the Linux build uses (the installed
# package's source version when the archive still has it, else the archive's newest), with
# Debian's patches applied. Sources come through `apt-get source` with a private sources list
# (deb-src lines for bookworm main, -updates, -security): the system's apt configuration is not
# changed.
#
# The cache: ${EVTXDIAG_WINDOWS_DEPS_CACHE:-.cache/windows-deps}/<key>/prefix, where <key> is a
# hash of the source versions, this script, the shims, the toolchain file and the compiler
# version: the same inputs are built once (per CI run, or once per machine), anything changed
# builds a new prefix. Downloads are kept in .../sources.
#
# Heavy steps run with nice -n 5 and $JOBS (default 2) jobs; when EVTXDIAG_HEAVY_LOCK names a
# file, each build step holds flock on it (machines shared by several builders).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${EVTXDIAG_WINDOWS_DEPS_CACHE:-$root/.cache/windows-deps}
jobs=${JOBS:-2}
triple=x86_64-w64-mingw32
toolchain=$root/cmake/mingw-w64-x86_64.cmake

log() { echo "windows-deps: $*" >&2; }
heavy() {  # runs a build step niced, under the shared lock when one is configured
  if [ -n "${EVTXDIAG_HEAVY_LOCK:-}" ]; then flock "$EVTXDIAG_HEAVY_LOCK" nice -n 5 "$@"; else nice -n 5 "$@"; fi
}

# Source package, and the installed binary package whose source version the Linux build uses.
packages=(
  "libbfio libbfio-dev"
  "libevtx libevtx-dev"
  "pugixml libpugixml-dev"
  "yaml-cpp libyaml-cpp-dev"
  "howardhinnant-date libhowardhinnant-date-dev"
  "cli11 libcli11-dev"
  "nlohmann-json3 nlohmann-json3-dev"
  "xz-utils liblzma5"
  "bzip2 libbz2-1.0"
  "libzstd libzstd1"
  "libarchive libarchive-dev"
)

# --- private apt: deb-src indexes for bookworm, nothing outside $cache/apt ---------------------
apt_dir=$cache/apt
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User=root
          -o Debug::NoLocking=1)
apt_ready() {
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  cat >"$apt_dir/sources.list" <<EOF
deb-src [signed-by=$keyring] http://deb.debian.org/debian bookworm main
deb-src [signed-by=$keyring] http://deb.debian.org/debian bookworm-updates main
deb-src [signed-by=$keyring] http://deb.debian.org/debian-security bookworm-security main
EOF
  # Refreshed once a day at most: the key below then follows Debian's updates.
  if [ -z "$(find "$apt_dir/lists" -maxdepth 1 -name '*Sources*' -mmin -1440 2>/dev/null | head -1)" ]; then
    log "updating the private deb-src index"
    apt-get "${apt_opts[@]}" -qq update >&2
  fi
}
available_versions() { apt-cache "${apt_opts[@]}" showsrc "$1" 2>/dev/null | awk '/^Version:/ {print $2}'; }
pick_version() {  # source package, binary package -> version to build
  local want
  want=$(dpkg-query -W -f='${source:Version}' "$2" 2>/dev/null || true)
  local versions
  versions=$(available_versions "$1")
  if [ -n "$want" ] && grep -qxF "$want" <<<"$versions"; then echo "$want"; return; fi
  sort -V <<<"$versions" | tail -1
}

apt_ready
declare -A version
manifest=""
for entry in "${packages[@]}"; do
  read -r src bin <<<"$entry"
  version[$src]=$(pick_version "$src" "$bin")
  [ -n "${version[$src]}" ] || { log "no source package $src in the archive"; exit 1; }
  manifest+="$src ${version[$src]}"$'\n'
done
zlib_version=$(dpkg-query -W -f='${Version}' libz-mingw-w64-dev)
manifest+="libz-mingw-w64-dev $zlib_version (Debian binary package)"$'\n'
compiler=$("$triple-g++-posix" --version | head -1)
recorded_checks=$(find "$here" -maxdepth 1 -name 'checks-*.cmake' | sort)
# shellcheck disable=SC2086  # (file names without spaces: this script's own folder)
key=$( { printf '%s' "$manifest"; echo "$compiler"; cat "$0" "$here/../libarchive-static-only.sh" "$toolchain" "$here"/shims/* $recorded_checks; } | sha256sum | cut -c1-16)
dir=$cache/$key
prefix=$dir/prefix
if [ -f "$dir/complete" ]; then
  echo "$prefix"
  exit 0
fi
log "building into $dir"
mkdir -p "$prefix/lib/pkgconfig" "$prefix/share/licenses" "$dir/work" "$dir/stamps" "$cache/sources"

# --- fetching and unpacking -------------------------------------------------------------------
unpack() {  # source package [dpkg-source options] -> prints the unpacked tree (Debian patches applied)
  local src=$1 ver=${version[$1]}
  shift
  local dsc
  dsc="$cache/sources/${src}_${ver#*:}.dsc"
  if [ ! -f "$dsc" ]; then
    (cd "$cache/sources" && apt-get "${apt_opts[@]}" -qq source --download-only "$src=$ver" >&2)
  fi
  local tree=$dir/work/$src
  rm -rf "$tree"
  dpkg-source --no-check "$@" -x "$dsc" "$tree" >/dev/null
  mkdir -p "$prefix/share/licenses/$src"
  cp "$tree/debian/copyright" "$prefix/share/licenses/$src/copyright"
  echo "$tree"
}

# Dependencies are compiled -O2 without debug information (Release would be -O3): the same code
# Debian ships, compiled in less time.
release_flags=(-DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG")

cmake_dep() {  # tree, cmake args...: configure, build and install one CMake project
  local tree=$1; shift
  cmake -S "$tree" -B "$tree/_build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DEVTXDIAG_WINDOWS_DEPS="$prefix" \
        -DCMAKE_BUILD_TYPE=Release "${release_flags[@]}" -DCMAKE_INSTALL_PREFIX="$prefix" -DBUILD_SHARED_LIBS=OFF \
        "$@" >"$tree/_configure.log"
  heavy cmake --build "$tree/_build" -j "$jobs" >"$tree/_build.log"
  cmake --install "$tree/_build" >/dev/null
}

autotools_env=(CC="$triple-gcc-posix" CXX="$triple-g++-posix" AR="$triple-gcc-ar-posix" RANLIB="$triple-gcc-ranlib-posix"
               PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig" PKG_CONFIG_PATH="")

# libyal (libbfio, libevtx): their configure finds libbfio in the prefix only when libbfio is
# built first (libevtx then declares libevtx_file_open_file_io_handle). libyal's Windows code
# includes <Synchapi.h> etc. with Microsoft's capitalisation; mingw's headers are lower-case,
# so $here/shims holds one-line forwarders. Built from the orig tarballs without Debian's
# patches: those change only the test suite and configure.ac (used by Debian's autoreconf, which
# this build does not run: a patched configure.ac would only make `make` try to regenerate).
libyal_dep() {
  local src=$1; shift
  local tree
  tree=$(unpack "$src" --skip-patches)
  (cd "$tree" && env "${autotools_env[@]}" CPPFLAGS="-I$here/shims -I$prefix/include" LDFLAGS="-L$prefix/lib" CFLAGS=-O2 \
     ./configure --host=$triple --build="$(dpkg-architecture -qDEB_BUILD_GNU_TYPE 2>/dev/null || echo x86_64-linux-gnu)" \
     --prefix="$prefix" --enable-static --disable-shared --enable-winapi=yes --disable-nls --disable-rpath \
     --enable-python=no --without-libintl-prefix --without-libiconv-prefix "$@" >"$tree/_configure.log")
  # The library and the libyal convenience libraries it is made of (those its Makefile.am links,
  # @LIBXXX_LIBADD@); not the tools or the libraries only they use (libexe, libregf, libwrc...),
  # tests, Python bindings or translations.
  local subdirs="" dir
  for dir in $(printf 'print-subdirs:\n\t@echo $(SUBDIRS)\n' | make -s -C "$tree" -f Makefile -f - print-subdirs); do
    case $dir in
      po|manuals|tests|ossfuzz|msvscpp|dpkg|*tools|py*|setup*) continue ;;
      "$src"|include|common) ;;
      lib*) grep -q "@${dir^^}_LIBADD@" "$tree/$src/Makefile.am" || continue ;;
    esac
    subdirs+="$dir "
  done
  heavy make -C "$tree" -j "$jobs" SUBDIRS="$subdirs" >"$tree/_build.log"
  make -C "$tree/$src" install >/dev/null
  make -C "$tree/include" install >/dev/null
  install -m 644 "$tree/$src.pc" "$prefix/lib/pkgconfig/$src.pc"
}

build_libbfio() { libyal_dep libbfio; }
# Cross-compiling, libevtx's configure does not look for an installed libbfio unless told where
# (pkg-config is not asked when cross-compiling), and builds its own copy instead: then its
# header does not declare libevtx_file_open_file_io_handle, and evtxdiag's libbfio handles
# would be handed to another libbfio.
build_libevtx() {
  libyal_dep libevtx --with-libbfio="$prefix"
  grep -q '^libbfio support: *yes' <(sed 's/^ *//' "$dir/work/libevtx/_configure.log") || {
    log "libevtx was not configured with the libbfio of $prefix"
    exit 1
  }
}

build_pugixml() {
  tree=$(unpack pugixml)
  cmake_dep "$tree" -DPUGIXML_BUILD_TESTS=OFF
}

build_yaml-cpp() {
  tree=$(unpack yaml-cpp)
  cmake_dep "$tree" -DYAML_CPP_BUILD_TESTS=OFF -DYAML_CPP_BUILD_TOOLS=OFF -DYAML_CPP_BUILD_CONTRIB=OFF \
    -DYAML_BUILD_SHARED_LIBS=OFF
}

# date: the headers only. The Windows build reads no tz database at run time (the compiled
# zones are embedded into the program, see cmake/EvtxdiagEmbeddedZones.cmake), so date's tz.cpp
# (which cannot use the OS database on Windows) is not built. Without it date's install leaves
# out tz.h, whose plain structs (sys_info, local_info) the zone rules still use: installed here.
build_howardhinnant-date() {
  tree=$(unpack howardhinnant-date)
  cmake_dep "$tree" -DBUILD_TZ_LIB=OFF -DENABLE_DATE_TESTING=OFF
  install -m 644 "$tree/include/date/tz.h" "$prefix/include/date/tz.h"
}

build_cli11() {
  tree=$(unpack cli11)
  cmake_dep "$tree" -DCLI11_BUILD_TESTS=OFF -DCLI11_BUILD_EXAMPLES=OFF -DCLI11_BUILD_DOCS=OFF
}

build_nlohmann-json3() {
  tree=$(unpack nlohmann-json3)
  cmake_dep "$tree" -DJSON_BuildTests=OFF -DJSON_Install=ON
}

# The compressors libarchive uses on Linux (.tar.xz/.7z, .tar.bz2, .tar.zst), so that the
# Windows program opens the same archives.
build_xz-utils() {
  tree=$(unpack xz-utils)
  cmake_dep "$tree" -DBUILD_TESTING=OFF
}

build_bzip2() {
  tree=$(unpack bzip2)
  (cd "$tree" && heavy make -j "$jobs" libbz2.a CC="$triple-gcc-posix" AR="$triple-gcc-ar-posix" \
     RANLIB="$triple-gcc-ranlib-posix" CFLAGS="-O2 -D_FILE_OFFSET_BITS=64" >"$tree/_build.log")
  install -m 644 "$tree/libbz2.a" "$prefix/lib/libbz2.a"
  install -m 644 "$tree/bzlib.h" "$prefix/include/bzlib.h"
}

build_libzstd() {
  tree=$(unpack libzstd)
  cmake -S "$tree/build/cmake" -B "$tree/_build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DEVTXDIAG_WINDOWS_DEPS="$prefix" \
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" -DZSTD_BUILD_SHARED=OFF -DZSTD_BUILD_STATIC=ON \
        -DZSTD_BUILD_PROGRAMS=OFF -DZSTD_BUILD_TESTS=OFF -DZSTD_MULTITHREAD_SUPPORT=OFF >"$tree/_configure.log"
  heavy cmake --build "$tree/_build" -j "$jobs" >"$tree/_build.log"
  cmake --install "$tree/_build" >/dev/null
}

# libarchive: reading only (no tools, no crypto, no XML, no iconv: entry names are decoded by
# evtxdiag itself), with zlib from Debian's mingw package and the compressors above. No regular
# expressions either (only bsdtar's -s uses them): 3.6.2's configure stops with "libgcc not
# found" when it looks for a POSIX regex library that mingw does not have.
build_libarchive() {
  tree=$(unpack libarchive)
  bash "$here/../libarchive-static-only.sh" "$tree"  # (the shared library would compile it all twice)
  # libarchive's configure runs some 300 checks, each a mingw compile and link (40 s): the results
  # for this libarchive and this compiler are kept in scripts/windows/ (written by the first
  # build, below) and given to CMake; any other version or compiler runs the checks. (Checks
  # against a library file, *_WITH_LIB, name this machine's prefix: left out, they run again.)
  local checks_name="checks-libarchive-${version[libarchive]%%-*}-mingw-gcc$("$triple-gcc-posix" -dumpversion).cmake"
  local checks_args=()
  [ -f "$here/$checks_name" ] && checks_args=(-C "$here/$checks_name") && log "libarchive: configure checks from scripts/windows/$checks_name"
  cmake_dep "$tree" "${checks_args[@]}" -DENABLE_TAR=OFF -DENABLE_CPIO=OFF -DENABLE_CAT=OFF -DENABLE_TEST=OFF -DENABLE_OPENSSL=OFF \
    -DENABLE_MBEDTLS=OFF -DENABLE_NETTLE=OFF -DENABLE_CNG=OFF -DENABLE_LIBB2=OFF -DENABLE_LZ4=OFF -DENABLE_LZO=OFF \
    -DENABLE_LIBXML2=OFF -DENABLE_EXPAT=OFF -DENABLE_PCREPOSIX=OFF -DENABLE_LIBGCC=OFF -DPOSIX_REGEX_LIB=NONE \
    -DENABLE_ICONV=OFF -DENABLE_ACL=OFF -DENABLE_XATTR=OFF -DENABLE_LZMA=ON -DENABLE_ZSTD=ON -DENABLE_BZip2=ON \
    -DENABLE_ZLIB=ON -DZLIB_LIBRARY=/usr/$triple/lib/libz.a -DZLIB_INCLUDE_DIR=/usr/$triple/include
  if [ ${#checks_args[@]} -eq 0 ]; then
    { echo "# libarchive ${version[libarchive]}'s configure results under $("$triple-gcc-posix" --version | head -1), written by scripts/windows/deps.sh."
      grep -E '^[A-Za-z_][A-Za-z0-9_]*:INTERNAL=' "$tree/_build/CMakeCache.txt"; } \
      | grep -vE '^(CMAKE_|FIND_PACKAGE_|CTEST_|DART_|MEMORYCHECK_|COVERAGE_|ZLIB_|LIBLZMA_|ZSTD_|BZIP2_)|-ADVANCED:|_WITH_LIB:' \
      | sed -E 's/^([^:]+):INTERNAL=(.*)$/set(\1 "\2" CACHE INTERNAL "")/' >"$cache/$checks_name"
    log "configure checks of libarchive for this compiler: $cache/$checks_name (add it to scripts/windows/)"
  fi
}

# In dependency order. Each package is stamped once installed: a build stopped half-way (a
# restart, a failing package being fixed by hand) resumes after the last finished package.
for src in libbfio libevtx pugixml yaml-cpp howardhinnant-date cli11 nlohmann-json3 xz-utils bzip2 libzstd libarchive; do
  [ -f "$dir/stamps/$src" ] && continue
  log "$src ${version[$src]}"
  started=$SECONDS
  "build_$src"
  touch "$dir/stamps/$src"
  log "$src: $((SECONDS - started)) s"
done

# Licences of what is linked into evtxdiag.exe besides the Debian source packages above:
# zlib, the mingw-w64 runtime and winpthreads, GCC's runtime libraries.
for pkg in libz-mingw-w64-dev mingw-w64-x86-64-dev gcc-mingw-w64-base; do
  mkdir -p "$prefix/share/licenses/$pkg"
  cp "/usr/share/doc/$pkg/copyright" "$prefix/share/licenses/$pkg/copyright"
done

printf '%s' "$manifest" >"$dir/versions.txt"
echo "$compiler" >>"$dir/versions.txt"
rm -rf "$dir/work"
touch "$dir/complete"
log "done: $prefix"
echo "$prefix"
