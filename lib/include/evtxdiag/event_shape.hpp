#pragma once
// How an event is laid out in binary XML beyond its text: the payload's elements, attributes
// and value types (UInt32, HexInt32, GUID, FILETIME, arrays, NULL, ...), and which System
// fields are literal text. Event::data is the flat text view every reader gives; the shape is
// what a writer needs to log the event the way Windows did (scenario files fill it, and the
// built-in decoder reports it with ReadOptions::keep_shape).
//
//   evtxdiag::PayloadElement root{"EventData"};
//   evtxdiag::PayloadElement code{"Data"};
//   code.attributes.push_back({"Name", "HRESULT", std::nullopt});
//   code.value = evtxdiag::PayloadValue{evtxdiag::ValueType::hex_int32, false, {"0x807800A1"}};
//   root.children.push_back(code);   // <Data Name="HRESULT">0x807800a1</Data>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evtxdiag/event.hpp"
#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// The type named `name` (the names of to_string(), any case); nullopt for anything else.
[[nodiscard]] std::optional<ValueType> parse_value_type(std::string_view name) noexcept;

/// One substituted value. Items are text in the forms scenarios accept for the type (see
/// check_value_text); a reader shows them in its own form (HexInt32 0x807800A1 as "0x807800a1").
struct PayloadValue {
  ValueType type = ValueType::string;
  bool array = false;              ///< an array value: the enclosing element is repeated once per item
  std::vector<std::string> items;  ///< one item for a scalar, any number for an array, none for Null
};

/// An attribute: literal text (as `xmlns` and `Name` of Data are) or one substituted value.
struct PayloadAttribute {
  std::string name;
  std::string text;                   ///< the literal text, when there is no value
  std::optional<PayloadValue> value;  ///< a substituted scalar value
};

/// An element of the payload. Its content is written in this order: child elements, literal
/// text, one substituted value (each part optional).
struct PayloadElement {
  std::string name;
  std::vector<PayloadAttribute> attributes;
  std::vector<PayloadElement> children;
  std::string text;                   ///< literal text content
  std::optional<PayloadValue> value;  ///< substituted content
};

/// The binary-XML shape of one event.
struct EventShape {
  /// The payload element (EventData, UserData, ...) with its structure and value types. When
  /// set, the writer writes it instead of Event::data and Event::binary_hex.
  std::optional<PayloadElement> payload;
  /// Provider/@Guid is literal text, exactly as Event::provider_guid spells it, instead of a
  /// GUID value (which every reader shows in upper case). Windows logs the Guid of classic
  /// sources registered beside a manifest this way, e.g. Service Control Manager's
  /// "{555908d1-a6d7-4695-8e1e-26931d2012f4}".
  bool provider_guid_text = false;
};

/// Checks that `text` is an item of `type` and returns the text evtxdiag's reader shows for
/// it (libevtx's form: HexInt32 "0x807800a1", GUID upper case in braces, FILETIME with nine
/// fraction digits, Binary upper-case hex, Boolean "true"/"false"). Accepted input:
/// integers in decimal or 0x hex (signed types also negative decimal; HexInt32/HexInt64 also
/// negative decimal, taken as two's complement); Real32/Real64 decimal; Boolean true, false,
/// 1, 0; Binary hex digits; GUID with or without braces; FILETIME and SYSTEMTIME as ISO UTC
/// ("2012-01-18T07:26:31.310Z"; FILETIME also raw ticks); SID "S-1-5-18"; String any UTF-8
/// text; AnsiString text of Windows-1252. Returns nullopt and sets `why` otherwise (and for
/// Null, which has no items).
[[nodiscard]] std::optional<std::string> check_value_text(ValueType type, std::string_view text, std::string& why);

/// The fields and Binary hex a reader gives for `payload` (Event::data with names, values, types
/// and paths as DataField documents, Event::binary_hex): one field per array item, <Binary> of
/// EventData as hex. Elements whose value is Null are left out, as readers drop them.
/// Items are shown as check_value_text shows them. Items that do not fit their type are
/// shown as given.
void flatten_payload(const PayloadElement& payload, std::vector<DataField>& data, std::string& binary_hex);

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
