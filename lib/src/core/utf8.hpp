#pragma once
// UTF-8 encoding of one code point, shared by the binary-XML decoder and the MTA reader
// (both turn UTF-16LE from Windows files into the UTF-8 of the event model).
#include <cstddef>
#include <string>
#include <string_view>

namespace evtxdiag::core {

/// Appends the UTF-8 encoding of `code_point` (at most U+10FFFF; callers replace invalid
/// surrogates with U+FFFD before) to `out`.
void append_utf8(std::string& out, char32_t code_point);

/// Decodes the UTF-8 sequence at text[at]: stores its code point and returns its length, or
/// returns 0 when the bytes there are not UTF-8 (overlong, truncated, beyond U+10FFFF).
/// Encoded surrogates (ED A0..BF ..) are decoded as such.
std::size_t decode_utf8(std::string_view text, std::size_t at, char32_t& code_point);

/// `text` with every byte that is not part of a UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

}  // namespace evtxdiag::core
