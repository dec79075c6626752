# Every dependency is a Debian 12 package; scripts/install-deps.sh installs them. The Windows
# build (cmake/mingw-w64-x86_64.cmake) finds the same libraries cross-built from Debian's source
# packages by scripts/windows/deps.sh, static, in EVTXDIAG_WINDOWS_DEPS.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
if(EVTXDIAG_WITH_LIBEVTX)
  pkg_check_modules(LIBEVTX REQUIRED IMPORTED_TARGET libevtx)
  pkg_check_modules(LIBBFIO REQUIRED IMPORTED_TARGET libbfio)
endif()
find_package(pugixml REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(date REQUIRED)          # HowardHinnant date + tz (libhowardhinnant-date-dev)
if(EVTXDIAG_BUILD_TOOLS)
  find_package(CLI11 REQUIRED)       # the command's argument parser only
endif()
if(EVTXDIAG_LIBARCHIVE STREQUAL "linked")
  # The static libarchive of scripts/windows/deps.sh or scripts/web/deps.sh and the compressors
  # it was built with.
  find_path(EVTXDIAG_LIBARCHIVE_INCLUDE archive.h REQUIRED)
  find_library(EVTXDIAG_LIBARCHIVE_STATIC NAMES archive_static archive REQUIRED)
  add_library(evtxdiag_libarchive INTERFACE IMPORTED)
  target_include_directories(evtxdiag_libarchive INTERFACE ${EVTXDIAG_LIBARCHIVE_INCLUDE})
  target_compile_definitions(evtxdiag_libarchive INTERFACE LIBARCHIVE_STATIC)  # no dllimport
  set(_libarchive_libraries ${EVTXDIAG_LIBARCHIVE_STATIC})
  foreach(_compressor lzma bz2 zstd z)
    # The static archive first: mingw's zlib also has libz.dll.a, whose program needs zlib1.dll.
    find_library(EVTXDIAG_LIB_${_compressor} NAMES lib${_compressor}.a ${_compressor}_static ${_compressor})
    if(EVTXDIAG_LIB_${_compressor})
      list(APPEND _libarchive_libraries ${EVTXDIAG_LIB_${_compressor}})
    endif()
  endforeach()
  if(WIN32)
    list(APPEND _libarchive_libraries bcrypt)  # libarchive's Windows code (random numbers)
  endif()
  target_link_libraries(evtxdiag_libarchive INTERFACE ${_libarchive_libraries})
  set(EVTXDIAG_LIBARCHIVE_TARGET evtxdiag_libarchive)
else()
  find_package(LibArchive REQUIRED)
endif()
if(EVTXDIAG_BUILD_TESTS)
  find_package(doctest REQUIRED)
endif()
if(EVTXDIAG_MIMALLOC AND NOT EVTXDIAG_SANITIZE AND EVTXDIAG_BUILD_TOOLS)
  find_package(mimalloc 2.0 QUIET)  # Debian's build overrides malloc/free for the whole process
  if(NOT mimalloc_FOUND)
    message(STATUS "evtxdiag: libmimalloc-dev not found; the command uses the system allocator (slower dumps)")
    set(EVTXDIAG_MIMALLOC OFF)
  endif()
endif()

# Unicode CLDR's Windows-to-IANA zone map (unicode-cldr-core), read at build time.
# A data file of the build machine, also when cross-compiling.
find_file(EVTXDIAG_CLDR_WINDOWS_ZONES windowsZones.xml
  PATHS /usr/share/unicode/cldr/common/supplemental REQUIRED NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
# SHA-256 of the inputs (lib/src/platform/digest.hpp): nettle on Linux, Windows' bcrypt,
# standard C++ in the browser.
if(EVTXDIAG_PLATFORM STREQUAL "posix")
  pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET nettle)
  set(EVTXDIAG_DIGEST_LINK PkgConfig::NETTLE)
elseif(EVTXDIAG_PLATFORM STREQUAL "windows")
  set(EVTXDIAG_DIGEST_LINK bcrypt)
endif()
