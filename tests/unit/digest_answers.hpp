#pragma once
// SHA-256 answers for the digest tests (digest_test.cpp on the platform's digest,
// tests/platform/portable_test.cpp on the standard C++ one): the FIPS 180-4 examples and
// patterned inputs of the lengths around block boundaries (byte i = 7 * i + 1), whose digests
// came from Python's hashlib.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "platform/digest.hpp"

namespace evtxdiag::test {

struct DigestAnswer {
  std::size_t length;
  const char* sha256;
};

inline const DigestAnswer kPatternedDigests[] = {
    {0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {1, "4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a"},
    {55, "16fa57a0a3423a715d594516339f36189d6b5f93754a9714fef202616a9fabfe"},
    {56, "c37b44e5f1b18554b36966f4f8e08bfbf3164c4b6c10374d12d89850892073c5"},
    {63, "bbba992d2c85af960fb2987a1fd05e0aa82a3db3c740dd8982a9e273b75e36a3"},
    {64, "66bd4633ed6f71c4ecfa4763bf7ba1c8ec7612de9aa6c0578a7b675207c71e0b"},
    {65, "9f7dc47107b750a1f3d35db5d9547f24ef40da5b731b9540d4f43710a154f6c9"},
    {119, "a3ed307b730fa77c07531300c6e4a282330011d4d4caf6bb7b63ae05950f4b66"},
    {120, "8e3b15d9fea7472655aa069620b7f8c2e55ee1499f763200a7515fe826e99d20"},
    {127, "44480fb9672845177f5368a08b69ea263275f2a5ec42e06a933370fe0d2968a4"},
    {128, "e462c130fef8c97e34f7dc3ff3ad2f8b3533ab849af21c10531552a2852387a4"},
    {1000, "095ecb62e30793ab4b954cd6a0586d0cc91f7ea5b1332694d8da780e98676d78"},
    {65553, "75972d2b39535d50b95c5bd51f7a902ba07eaea27b144e8de2afc6022e8b4b70"},
};

inline std::vector<std::uint8_t> patterned_bytes(std::size_t length) {
  std::vector<std::uint8_t> bytes(length);
  for (std::size_t i = 0; i < length; ++i) bytes[i] = static_cast<std::uint8_t>(i * 7 + 1);
  return bytes;
}

// FIPS 180-4 examples: "abc", the two-block message, and a million "a".
inline const char* const kAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
inline const char* const kTwoBlocks = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
inline const char* const kMillionA = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

using Sha256 = std::string (*)(const std::uint8_t*, std::size_t, const std::function<void()>&);

inline void check_sha256_answers(Sha256 sha256) {
  const auto text = [sha256](const std::string& s) {
    return sha256(reinterpret_cast<const std::uint8_t*>(s.data()), s.size(), {});
  };
  CHECK(text("abc") == kAbc);
  CHECK(text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == kTwoBlocks);
  CHECK(text(std::string(1000000, 'a')) == kMillionA);
  for (const DigestAnswer& answer : kPatternedDigests) {
    const std::vector<std::uint8_t> bytes = patterned_bytes(answer.length);
    CAPTURE(answer.length);
    CHECK(sha256(bytes.data(), bytes.size(), {}) == answer.sha256);
  }
  // Hashed in pieces with a call between them (a caller releases pages there): the same digest.
  const std::vector<std::uint8_t> large = patterned_bytes(2 * platform::kDigestPiece + 100);
  int calls = 0;
  const std::string pieces = sha256(large.data(), large.size(), [&calls] { ++calls; });
  CHECK(calls >= 2);
  CHECK(calls <= 3);
  CHECK(pieces == sha256(large.data(), large.size(), {}));
  CHECK(pieces != sha256(large.data(), large.size() - 1, {}));
}

}  // namespace evtxdiag::test
