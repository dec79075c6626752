#pragma once
// UTF-8 encoding of one code point, shared by the binary-XML decoder and the MTA reader
// (both turn UTF-16LE from Windows files into the UTF-8 of the event model).
#include <string>

namespace evtxdiag::core {

/// Appends the UTF-8 encoding of `code_point` (at most U+10FFFF; callers replace invalid
/// surrogates with U+FFFD before) to `out`.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace evtxdiag::core
