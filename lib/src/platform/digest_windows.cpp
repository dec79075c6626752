// SHA-256 through Windows' own CNG (see digest.hpp).
#include <windows.h>

#include <bcrypt.h>

#include <algorithm>

#include "platform/digest.hpp"

namespace evtxdiag::platform {

std::string sha256_hex(const std::uint8_t* data, std::size_t size, const std::function<void()>& between_pieces) {
  std::uint8_t digest[32];
  // BCryptHashData takes a ULONG size: the data in pieces.
  BCRYPT_ALG_HANDLE algorithm = nullptr;
  BCRYPT_HASH_HANDLE hash = nullptr;
  bool ok = BCryptOpenAlgorithmProvider(&algorithm, BCRYPT_SHA256_ALGORITHM, nullptr, 0) == 0 &&
            BCryptCreateHash(algorithm, &hash, nullptr, 0, nullptr, 0, 0) == 0;
  for (std::size_t done = 0; ok && done < size; done += std::min(kDigestPiece, size - done)) {
    ok = BCryptHashData(hash, const_cast<PUCHAR>(data + done), static_cast<ULONG>(std::min(kDigestPiece, size - done)),
                        0) == 0;
    if (between_pieces) between_pieces();
  }
  ok = ok && BCryptFinishHash(hash, digest, sizeof digest, 0) == 0;
  if (hash) BCryptDestroyHash(hash);
  if (algorithm) BCryptCloseAlgorithmProvider(algorithm, 0);
  if (!ok) return {};  // no digest: the report says the file's digest is unknown
  static const char* digits = "0123456789abcdef";
  std::string hex;
  hex.reserve(64);
  for (const std::uint8_t byte : digest) {
    hex += digits[byte >> 4];
    hex += digits[byte & 0xF];
  }
  return hex;
}

}  // namespace evtxdiag::platform
