#pragma once
// SHA-256 (FIPS 180-4) of a byte range, for the provenance of a report (which exact files were
// analysed). Every input is hashed whole, so the digest's speed is a large part of a diagnosis:
// on Linux it is nettle's (Debian's libnettle, already a dependency of libarchive; it uses the
// CPU's SHA instructions where there are some), on Windows the system's (CNG, bcrypt.dll), and
// standard C++ in the browser build, where there is no crypto library to link.
#include <cstddef>
#include <cstdint>
#include <string>

namespace evtxdiag::platform {

/// The digest of `size` bytes at `data` as 64 lower-case hex digits.
[[nodiscard]] std::string sha256_hex(const std::uint8_t* data, std::size_t size);

}  // namespace evtxdiag::platform
