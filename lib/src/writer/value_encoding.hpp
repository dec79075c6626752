#pragma once
// Text -> binary encodings the writer needs for EVTX values ([MS-EVEN6] value types):
// UTF-16LE strings, GUIDs, SIDs and hex blobs.
// Each parser returns nullopt on malformed input so that callers can name the bad field.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evtxdiag::evtx {

/// UTF-8 -> UTF-16 code units; nullopt when `text` is not valid UTF-8 (overlong forms,
/// surrogates and code points above U+10FFFF are refused).
std::optional<std::u16string> utf8_to_utf16(std::string_view text);

/// "{01234567-89ab-cdef-0123-456789abcdef}" (braces optional, any case) -> the 16 bytes in
/// Windows' in-memory layout (Data1..3 little-endian, Data4 as is).
std::optional<std::array<std::uint8_t, 16>> parse_guid(std::string_view text);

/// "S-1-5-21-..." -> binary SID: revision, count, 6-byte big-endian authority, LE sub-authorities.
/// At most 15 sub-authorities, as Windows allows.
std::optional<std::vector<std::uint8_t>> parse_sid(std::string_view text);

/// Hex digits (any case, even count, no separators) -> bytes.
std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view text);

}  // namespace evtxdiag::evtx
