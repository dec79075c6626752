// Path identity on Windows. std::filesystem (libstdc++ on mingw-w64) neither normalises letter
// case nor expands 8.3 short names, so an existing file or folder is opened and named by the
// file system itself (GetFinalPathNameByHandleW); names are compared without case, as NTFS does
// (CompareStringOrdinal with ignore-case is the comparison the file system uses).
#include <windows.h>

#include "platform/path_identity.hpp"
#include "platform/windows_support.hpp"

namespace evtxdiag::platform {
namespace {

namespace fs = std::filesystem;

// The final path of an existing file or folder, without the "\\?\" prefix; empty when it cannot
// be opened (does not exist, no access).
std::wstring final_path(const fs::path& existing) {
  // No access rights asked: only the name is wanted, so locked and read-protected files open too.
  HANDLE handle = CreateFileW(windows::wide_path(existing.u8string()).c_str(), 0,
                              FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                              FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (handle == INVALID_HANDLE_VALUE) return {};
  std::wstring name(MAX_PATH, L'\0');
  DWORD length = GetFinalPathNameByHandleW(handle, name.data(), static_cast<DWORD>(name.size()), FILE_NAME_NORMALIZED);
  if (length >= name.size()) {  // too small: the length asked for includes the terminating NUL
    name.resize(length);
    length = GetFinalPathNameByHandleW(handle, name.data(), static_cast<DWORD>(name.size()), FILE_NAME_NORMALIZED);
  }
  CloseHandle(handle);
  if (length == 0 || length >= name.size()) return {};
  name.resize(length);
  if (name.rfind(L"\\\\?\\UNC\\", 0) == 0) return L"\\\\" + name.substr(8);
  if (name.rfind(L"\\\\?\\", 0) == 0) return name.substr(4);
  return name;
}

}  // namespace

fs::path stored_path(const fs::path& existing) { return fs::path(final_path(existing)); }

bool same_entry_name(const fs::path& a, const fs::path& b) {
  const std::wstring& x = a.native();
  const std::wstring& y = b.native();
  return CompareStringOrdinal(x.c_str(), static_cast<int>(x.size()), y.c_str(), static_cast<int>(y.size()), TRUE) ==
         CSTR_EQUAL;
}

}  // namespace evtxdiag::platform
