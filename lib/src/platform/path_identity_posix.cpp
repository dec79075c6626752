// Path identity on POSIX: the kernel resolves links (realpath); names are compared as bytes.
#include "platform/path_identity.hpp"

#include <system_error>

namespace evtxdiag::platform {

std::filesystem::path stored_path(const std::filesystem::path& existing) {
  std::error_code error;
  std::filesystem::path canonical = std::filesystem::canonical(existing, error);
  return error ? std::filesystem::path() : canonical;
}

bool same_entry_name(const std::filesystem::path& a, const std::filesystem::path& b) { return a == b; }

}  // namespace evtxdiag::platform
