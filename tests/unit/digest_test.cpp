// The platform's SHA-256 (nettle on Linux, bcrypt on Windows) gives the known answers: it names
// the exact files a report was made from.
#include <doctest/doctest.h>

#include "digest_answers.hpp"
#include "platform/digest.hpp"

TEST_CASE("the platform's SHA-256 gives the FIPS 180-4 answers and hashlib's at block boundaries") {
  evtxdiag::test::check_sha256_answers(&evtxdiag::platform::sha256_hex);
}
