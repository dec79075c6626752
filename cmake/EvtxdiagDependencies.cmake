# Every dependency is a Debian 12 package; scripts/install-deps.sh installs them.
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
find_package(LibArchive REQUIRED)
if(EMSCRIPTEN)
  find_package(ZLIB REQUIRED)        # the static libarchive's deflate (lib/CMakeLists.txt)
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
find_file(EVTXDIAG_CLDR_WINDOWS_ZONES windowsZones.xml
  PATHS /usr/share/unicode/cldr/common/supplemental REQUIRED NO_DEFAULT_PATH)
