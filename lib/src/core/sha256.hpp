#pragma once
// SHA-256 (FIPS 180-4) of a byte range, for the provenance of a report (which exact files were
// analysed). Standard C++ on purpose: the core builds for Windows and the browser too, where a
// crypto library would be one more dependency to cross-build for about a hundred lines.
#include <cstddef>
#include <cstdint>
#include <string>

namespace evtxdiag::core {

/// The digest of `size` bytes at `data` as 64 lower-case hex digits.
std::string sha256_hex(const std::uint8_t* data, std::size_t size);

}  // namespace evtxdiag::core
