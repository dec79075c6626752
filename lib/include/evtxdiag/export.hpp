#pragma once
// What the shared library exports: exactly the declarations of the public headers. The library
// is compiled with hidden visibility (CMake CXX_VISIBILITY_PRESET hidden), so nothing internal
// (and nothing of yaml-cpp, pugixml, nlohmann-json, libevtx or date it is built with) becomes
// part of its ABI; every public header brackets its declarations with these two macros.
// tests/scripts/test_exports.sh checks the exported symbols of the built library.
#if defined(__GNUC__) && !defined(_WIN32)
#  define EVTXDIAG_PUBLIC_BEGIN _Pragma("GCC visibility push(default)")
#  define EVTXDIAG_PUBLIC_END _Pragma("GCC visibility pop")
#else
// Windows builds are static; a DLL would need __declspec(dllexport) here.
#  define EVTXDIAG_PUBLIC_BEGIN
#  define EVTXDIAG_PUBLIC_END
#endif
