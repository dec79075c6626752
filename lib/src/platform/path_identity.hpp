#pragma once
// Whether two paths name the same file or folder: the operating-system part of the output rules
// (output/output_policy.cpp), so that no output can replace an input under another spelling of
// its name. POSIX file systems compare names byte for byte; NTFS compares them without letter
// case ("CASE\SYSTEM.EVTX" is the customer's case\System.evtx) and also knows 8.3 short names.
// path_identity_posix.cpp, path_identity_windows.cpp, path_identity_portable.cpp.
#include <filesystem>

namespace evtxdiag::platform {

/// The absolute path of an existing file or folder as the file system names it: links
/// resolved, and on Windows each name's letter case and long form as stored. Empty when it
/// does not exist or cannot be opened. Never throws.
std::filesystem::path stored_path(const std::filesystem::path& existing);

/// True when `a` and `b` are the same name within one folder: equal bytes on POSIX, equal
/// without letter case on Windows.
bool same_entry_name(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace evtxdiag::platform
