#pragma once
// SHA-256 (FIPS 180-4) of a byte range, for the provenance of a report (which exact files were
// analysed). Every input is hashed whole, so the digest's speed is a large part of a diagnosis:
// on Linux it is nettle's (Debian's libnettle, already a dependency of libarchive; it uses the
// CPU's SHA instructions where there are some), on Windows the system's (CNG, bcrypt.dll), and
// standard C++ in the browser build, where there is no crypto library to link.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace evtxdiag::platform {

/// Bytes hashed between two calls of a sha256_hex caller's `between_pieces`.
inline constexpr std::size_t kDigestPiece = std::size_t{8} << 20;

/// The digest of `size` bytes at `data` as 64 lower-case hex digits. `between_pieces`, when
/// given, is called after every kDigestPiece bytes (a caller hashing a mapped file releases the
/// pages read so far there, so that hashing does not make the whole file resident).
[[nodiscard]] std::string sha256_hex(const std::uint8_t* data, std::size_t size,
                                     const std::function<void()>& between_pieces = {});

}  // namespace evtxdiag::platform
