#!/usr/bin/env bash
# ctest-labels: nosan
# evtxdiag used as a subproject (add_subdirectory / FetchContent), as fmt is: the parent gets
# evtxdiag::evtxdiag and evtxdiag::evtxdiag_static, and none of evtxdiag's developer options are
# switched on for it - no test targets, no Python module, no install rules, no mimalloc. Configure
# only (the library build itself is covered by every other test).
set -euo pipefail
fail() { echo "FAIL: $*"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/parent"
cat > "$work/parent/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.22)
project(parent LANGUAGES C CXX)
add_subdirectory("$EVTXDIAG_SOURCE_DIR" evtxdiag)
foreach(target evtxdiag::evtxdiag evtxdiag::evtxdiag_static)
  if(NOT TARGET \${target})
    message(FATAL_ERROR "no target \${target}")
  endif()
endforeach()
foreach(option EVTXDIAG_BUILD_TESTS EVTXDIAG_BUILD_PYTHON EVTXDIAG_INSTALL EVTXDIAG_MIMALLOC)
  message(STATUS "option \${option}=\${\${option}}")
endforeach()
get_target_property(kind evtxdiag::evtxdiag TYPE)
message(STATUS "evtxdiag::evtxdiag is \${kind}")
CMAKE
cmake -S "$work/parent" -B "$work/build" -G Ninja > "$work/configure.log" 2>&1 \
  || { cat "$work/configure.log"; fail "configuring a parent project that adds evtxdiag"; }
for option in EVTXDIAG_BUILD_TESTS EVTXDIAG_BUILD_PYTHON EVTXDIAG_INSTALL EVTXDIAG_MIMALLOC; do
  grep -q "option $option=OFF" "$work/configure.log" || { cat "$work/configure.log"; fail "$option is not OFF in a subproject"; }
done
grep -q "evtxdiag::evtxdiag is SHARED_LIBRARY" "$work/configure.log" || fail "evtxdiag::evtxdiag is not the shared library"
if grep -q "evtxdiag_unit_tests\|evtxdiag_python" "$work/build/build.ninja"; then
  fail "a subproject build contains evtxdiag's test or Python targets"
fi
if [ -f "$work/build/cmake_install.cmake" ] && grep -q "libevtxdiag" "$work/build/evtxdiag/cmake_install.cmake" 2>/dev/null; then
  fail "a subproject build installs evtxdiag"
fi
echo "subproject: ok"
