// cp932_to_utf8 with iconv (glibc ships the CP932 converter).
#include "platform/text_encoding.hpp"

#include <iconv.h>

#include <cerrno>
#include <vector>

namespace evtxdiag::platform {

std::optional<std::string> cp932_to_utf8(std::string_view bytes) {
  iconv_t converter = ::iconv_open("UTF-8", "CP932");
  if (converter == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::vector<char> out(bytes.size() * 3 + 4);  // a CP932 character is at most 3 bytes of UTF-8
  char* in_pointer = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* out_pointer = out.data();
  std::size_t out_left = out.size();
  const std::size_t result = ::iconv(converter, &in_pointer, &in_left, &out_pointer, &out_left);
  ::iconv_close(converter);
  if (result == static_cast<std::size_t>(-1) || in_left != 0) return std::nullopt;
  return std::string(out.data(), out.size() - out_left);
}

}  // namespace evtxdiag::platform
