// SHA-256 through nettle (see digest.hpp).
#include "platform/digest.hpp"

#include <nettle/sha2.h>

#include <algorithm>

namespace evtxdiag::platform {

std::string sha256_hex(const std::uint8_t* data, std::size_t size) {
  sha256_ctx context;
  sha256_init(&context);
  // nettle takes a size_t; fed in pieces all the same, so that nothing depends on how large a
  // single update may be.
  constexpr std::size_t kPiece = std::size_t{1} << 30;
  for (std::size_t done = 0; done < size; done += std::min(kPiece, size - done))
    sha256_update(&context, std::min(kPiece, size - done), data + done);
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
