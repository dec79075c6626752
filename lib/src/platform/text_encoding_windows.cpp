// cp932_to_utf8 with the code page 932 converter every Windows has (MultiByteToWideChar, with
// MB_ERR_INVALID_CHARS so that bytes that are not CP932 are refused rather than guessed).
#include <windows.h>

#include "platform/text_encoding.hpp"
#include "platform/windows_support.hpp"

namespace evtxdiag::platform {

std::optional<std::string> cp932_to_utf8(std::string_view bytes) {
  if (bytes.empty()) return std::string();
  const int size = static_cast<int>(bytes.size());
  const int needed = ::MultiByteToWideChar(932, MB_ERR_INVALID_CHARS, bytes.data(), size, nullptr, 0);
  if (needed <= 0) return std::nullopt;
  std::wstring wide(static_cast<std::size_t>(needed), L'\0');
  if (::MultiByteToWideChar(932, MB_ERR_INVALID_CHARS, bytes.data(), size, wide.data(), needed) != needed)
    return std::nullopt;
  return windows::narrow(wide);
}

}  // namespace evtxdiag::platform
