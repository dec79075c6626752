#pragma once
// Text -> the bytes of a typed substitution value ([MS-EVEN6] value types): the writer's
// side of event_shape.hpp. The accepted text
// forms are documented at evtxdiag::check_value_text.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evtxdiag/event_shape.hpp"

namespace evtxdiag::evtx {

/// The bytes of one item of `type`; nullopt and `why` when the text does not fit the type.
std::optional<std::vector<std::uint8_t>> encode_item(ValueType type, std::string_view text, std::string& why);

/// The bytes of a whole value: a scalar's one item, an array's items back to back (String and
/// AnsiString items each NUL-terminated, as Windows writes string arrays), nothing for Null.
/// Refuses a scalar without exactly one item, items on Null, and arrays of Binary or Null
/// (their items could not be told apart).
std::optional<std::vector<std::uint8_t>> encode_value(const PayloadValue& value, std::string& why);

/// The type byte stored in the value descriptor: the type, with 0x80 set for an array.
std::uint8_t stored_type(const PayloadValue& value) noexcept;

/// The text the built-in decoder (and libevtx) shows for one item of `type` given as `bytes`.
std::string rendered_item(ValueType type, const std::vector<std::uint8_t>& bytes);

}  // namespace evtxdiag::evtx
