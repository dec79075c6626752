#pragma once
// Legacy code pages, for file names that arrive without a declared encoding (zip entries
// written by Japanese Windows Explorer are CP932, with no UTF-8 flag). One implementation per
// platform (text_encoding_posix.cpp: iconv).
#include <optional>
#include <string>
#include <string_view>

namespace evtxdiag::platform {

/// `bytes` in Windows code page 932 (Shift_JIS with Microsoft's extensions) as UTF-8;
/// nullopt when they are not valid CP932.
std::optional<std::string> cp932_to_utf8(std::string_view bytes);

}  // namespace evtxdiag::platform
