# Dependencies of the static library evtxdiag::evtxdiag_static, found for a consumer of the
# package (installed or build tree). The shared library evtxdiag::evtxdiag hides them; a static
# consumer still needs them at link time.
include(CMakeFindDependencyMacro)
find_dependency(Threads)
find_dependency(PkgConfig)
pkg_check_modules(LIBEVTX REQUIRED IMPORTED_TARGET libevtx)
pkg_check_modules(LIBBFIO REQUIRED IMPORTED_TARGET libbfio)
pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET nettle)  # SHA-256 (platform/digest_posix.cpp)
find_dependency(pugixml)
find_dependency(yaml-cpp)
find_dependency(date)
