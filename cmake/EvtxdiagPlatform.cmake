# What the build is for, decided once before the dependencies are looked for:
#   EVTXDIAG_PLATFORM    posix | windows | portable: lib/src/platform/*_<name>.cpp, the operating
#                        system (files, processes, dynamic loading, console, code pages);
#   EVTXDIAG_TZDB        system | embedded: zone rules from the system's tz database at run time
#                        (date/tz), or the build machine's compiled zones inside the library
#                        (lib/src/timezone/zone_rules.hpp, cmake/EvtxdiagEmbeddedZones.cmake);
#   EVTXDIAG_LIBARCHIVE  dlopen | linked: libarchive loaded on first use (on Linux it and its ten
#                        dependencies would cost every process ~5 ms of dynamic linking), or
#                        linked like any library (lib/src/archive/libarchive_api.hpp).
# Defaults: Linux posix/system/dlopen; Windows (mingw-w64, cmake/mingw-w64-x86_64.cmake)
# windows/embedded/linked, a static evtxdiag.exe that needs no file beside it; the browser
# (emscripten) portable/system/linked; other systems portable/system/dlopen.
if(WIN32)
  set(_platform windows)
  set(_tzdb embedded)
  set(_libarchive linked)
elseif(EMSCRIPTEN)
  set(_platform portable)
  set(_tzdb system)
  set(_libarchive linked)  # WebAssembly has no shared libraries (scripts/web/deps.sh builds it)
elseif(UNIX)
  set(_platform posix)
  set(_tzdb system)
  set(_libarchive dlopen)
else()
  set(_platform portable)
  set(_tzdb system)
  set(_libarchive dlopen)
endif()
set(EVTXDIAG_PLATFORM ${_platform} CACHE STRING "Platform layer implementation: posix, windows or portable")
set(EVTXDIAG_TZDB ${_tzdb} CACHE STRING "Zone rules: system (tz database at run time) or embedded")
set(EVTXDIAG_LIBARCHIVE ${_libarchive} CACHE STRING "libarchive: dlopen (on first use) or linked")
set_property(CACHE EVTXDIAG_PLATFORM PROPERTY STRINGS posix windows portable)
set_property(CACHE EVTXDIAG_TZDB PROPERTY STRINGS system embedded)
set_property(CACHE EVTXDIAG_LIBARCHIVE PROPERTY STRINGS dlopen linked)
