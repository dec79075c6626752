#pragma once
// The libarchive functions archive_reader.cpp calls, as a table of function pointers filled in
// one of two ways chosen at build time (EVTXDIAG_LIBARCHIVE, cmake/EvtxdiagPlatform.cmake):
//  - libarchive_dlopen.cpp: the shared library is loaded on first use (platform/
//    dynamic_library.hpp): it and the ten libraries it pulls in (libxml2, ICU, nettle, lzma,
//    zstd, ...) would cost every evtxdiag process about 5 ms of dynamic linking at start-up,
//    and only archive inputs need them;
//  - libarchive_linked.cpp: libarchive is linked into the program (the static Windows build).
// Only these files and archive_reader.cpp include archive.h.
#include <archive.h>
#include <archive_entry.h>

namespace evtxdiag::archive {

// X(member, libarchive function)
#define EVTXDIAG_LIBARCHIVE_FUNCTIONS(X)                       \
  X(read_new, archive_read_new)                                \
  X(read_free, archive_read_free)                              \
  X(support_format_zip, archive_read_support_format_zip)       \
  X(support_format_tar, archive_read_support_format_tar)       \
  X(support_format_gnutar, archive_read_support_format_gnutar) \
  X(support_format_7zip, archive_read_support_format_7zip)     \
  X(support_filter_gzip, archive_read_support_filter_gzip)     \
  X(support_filter_bzip2, archive_read_support_filter_bzip2)   \
  X(support_filter_xz, archive_read_support_filter_xz)         \
  X(support_filter_zstd, archive_read_support_filter_zstd)     \
  X(read_open_memory, archive_read_open_memory)                \
  X(read_set_options, archive_read_set_options)                \
  X(error_string, archive_error_string)                        \
  X(read_next_header, archive_read_next_header)                \
  X(read_data, archive_read_data)                              \
  X(entry_pathname, archive_entry_pathname)                    \
  X(entry_pathname_utf8, archive_entry_pathname_utf8)          \
  X(entry_pathname_w, archive_entry_pathname_w)                \
  X(entry_hardlink, archive_entry_hardlink)                    \
  X(entry_filetype, archive_entry_filetype)                    \
  X(entry_is_encrypted, archive_entry_is_encrypted)            \
  X(entry_size_is_set, archive_entry_size_is_set)              \
  X(entry_size, archive_entry_size)

struct LibArchive {
#define EVTXDIAG_LIBARCHIVE_MEMBER(member, function) decltype(&::function) member = nullptr;
  EVTXDIAG_LIBARCHIVE_FUNCTIONS(EVTXDIAG_LIBARCHIVE_MEMBER)
#undef EVTXDIAG_LIBARCHIVE_MEMBER
};

/// The functions, ready to call. Throws Error(io) when the library cannot be loaded (the next
/// call tries again), Error(internal) when it lacks a function.
const LibArchive& libarchive();

}  // namespace evtxdiag::archive
