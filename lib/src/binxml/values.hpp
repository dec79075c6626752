#pragma once
// Substitution values as text, formatted as libevtx 20181227 (libfwevt/libfvalue) formats them
// in its event XML, so that both decoders produce equal events. One deliberate difference:
// libevtx prints negative signed integers wrongly (-5 as "-123"); here they are printed right.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace evtxdiag::binxml {

/// Appends the text of one scalar value of `type` (no array flag) to `out`. Returns false and
/// sets `error` for types that have no text form or a size that does not fit the type.
bool format_value(std::uint8_t type, const std::uint8_t* data, std::size_t size, std::string& out, std::string& error);

/// The number an integer value's text (format_value) reads as, without the text: UInt8..UInt64,
/// HexInt32/64 and SizeT, Int8..Int64 when not negative. False for any other type, a negative
/// value or a size that does not fit the type.
bool unsigned_value(std::uint8_t type, const std::uint8_t* data, std::size_t size, unsigned long long& value);

/// True when format_value would succeed for this value (type known, size fitting the type);
/// otherwise false with the same `error`. Costs no formatting.
bool value_has_text(std::uint8_t type, const std::uint8_t* data, std::size_t size, std::string& error);

/// Splits an array value (type with 0x80 set) into its items, each a (pointer, size) view.
/// String arrays are NUL-separated; the others are back-to-back fixed-size items.
/// Returns false and sets `error` when the type cannot be an array or the size does not divide.
bool split_array(std::uint8_t type, const std::uint8_t* data, std::size_t size,
                 std::vector<std::pair<const std::uint8_t*, std::size_t>>& items, std::string& error);

/// Windows-1252 bytes (AnsiString values) as UTF-8, stopping at the first NUL.
void append_cp1252(const std::uint8_t* data, std::size_t size, std::string& out);

}  // namespace evtxdiag::binxml
