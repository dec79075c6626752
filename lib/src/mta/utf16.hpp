#pragma once
// UTF-16LE <-> UTF-8 for MTA strings. Bad surrogates become U+FFFD rather than an error:
// an MTA string is shown to people, so a damaged one should still show what it can.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace evtxdiag::mta {

/// Converts `units` UTF-16LE code units starting at `data` to UTF-8.
std::string utf16le_to_utf8(const std::uint8_t* data, std::size_t units);

/// Appends the UTF-16LE encoding of UTF-8 `text` to `out` (no terminator). Invalid UTF-8
/// bytes become U+FFFD.
void append_utf16le(std::vector<std::uint8_t>& out, std::string_view text);

/// Number of UTF-16 code units of UTF-8 `text` (as append_utf16le would write them).
std::size_t utf16_length(std::string_view text);

}  // namespace evtxdiag::mta
