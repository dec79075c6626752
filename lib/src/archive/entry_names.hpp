#pragma once
// Archive entry names as UTF-8, whatever the archiver wrote: zip entries flagged UTF-8
// (Python, .NET, 7-Zip), unflagged UTF-8 (macOS, Info-ZIP on Linux), unflagged CP932 (the
// zip of Japanese Windows Explorer), 7z (UTF-16) and tar (bytes, usually UTF-8).
#include <string>
#include <string_view>

namespace evtxdiag::archive {

/// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates).
bool is_valid_utf8(std::string_view text) noexcept;

/// The raw bytes of a name as UTF-8: kept when they are valid UTF-8, else read as CP932, else
/// with every byte that is not ASCII replaced by U+FFFD (the name stays visible and unique
/// enough to report, and can never form "..").
std::string decode_entry_name(std::string_view raw);

}  // namespace evtxdiag::archive
