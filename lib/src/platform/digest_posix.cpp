// SHA-256 through nettle (see digest.hpp).
#include "platform/digest.hpp"

#include <nettle/sha2.h>

#include <algorithm>

namespace evtxdiag::platform {

std::string sha256_hex(const std::uint8_t* data, std::size_t size, const std::function<void()>& between_pieces) {
  sha256_ctx context;
  sha256_init(&context);
  for (std::size_t done = 0; done < size; done += std::min(kDigestPiece, size - done)) {
    sha256_update(&context, std::min(kDigestPiece, size - done), data + done);
    if (between_pieces) between_pieces();
  }
  std::uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&context, sizeof digest, digest);
  static const char* digits = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * sizeof digest);
  for (const std::uint8_t byte : digest) {
    hex += digits[byte >> 4];
    hex += digits[byte & 0xF];
  }
  return hex;
}

}  // namespace evtxdiag::platform
