# Cross-compiling evtxdiag (and its dependencies) for 64-bit Windows with Debian's mingw-w64
# (g++-mingw-w64-x86-64-posix: the POSIX thread model, so std::thread and std::mutex work).
# Used by scripts/windows/deps.sh and scripts/windows/build.sh (`scripts/run windows`):
#   cmake -S . -B build-windows -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake \
#         -DEVTXDIAG_WINDOWS_DEPS=.cache/windows-deps/<key>/prefix
# Programs built for the host are run under Wine (scripts/windows/wine-run): the knowledge
# precompiler is one of the build's own programs, so the build itself needs Wine.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(EVTXDIAG_MINGW_TRIPLE x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${EVTXDIAG_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${EVTXDIAG_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER ${EVTXDIAG_MINGW_TRIPLE}-windres)
set(CMAKE_AR ${EVTXDIAG_MINGW_TRIPLE}-gcc-ar-posix CACHE FILEPATH "")
set(CMAKE_RANLIB ${EVTXDIAG_MINGW_TRIPLE}-gcc-ranlib-posix CACHE FILEPATH "")

# The cross-built dependencies (a prefix made by scripts/windows/deps.sh); try_compile projects
# inherit it.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EVTXDIAG_WINDOWS_DEPS)
if(NOT EVTXDIAG_WINDOWS_DEPS AND DEFINED ENV{EVTXDIAG_WINDOWS_DEPS})
  set(EVTXDIAG_WINDOWS_DEPS "$ENV{EVTXDIAG_WINDOWS_DEPS}")
endif()

# Headers and libraries only from the mingw sysroot and that prefix, never the host's
# /usr/include or /usr/lib (a Linux pugixml would be found and fail at link time); programs
# (pkg-config, Wine) from the host.
set(CMAKE_FIND_ROOT_PATH /usr/${EVTXDIAG_MINGW_TRIPLE} ${EVTXDIAG_WINDOWS_DEPS})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
if(EVTXDIAG_WINDOWS_DEPS)
  set(ENV{PKG_CONFIG_LIBDIR} "${EVTXDIAG_WINDOWS_DEPS}/lib/pkgconfig")
  set(ENV{PKG_CONFIG_PATH} "")
endif()

get_filename_component(_evtxdiag_source_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(CMAKE_CROSSCOMPILING_EMULATOR "${_evtxdiag_source_root}/scripts/windows/wine-run")
