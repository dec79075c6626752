#include "evtxdiag/event.hpp"

#include <cctype>

#include "evtxdiag/event_shape.hpp"

namespace evtxdiag {
namespace {

struct TypeName {
  ValueType type;
  const char* name;
};

constexpr TypeName kTypeNames[] = {
    {ValueType::null, "Null"},
    {ValueType::string, "String"},
    {ValueType::ansi_string, "AnsiString"},
    {ValueType::int8, "Int8"},
    {ValueType::uint8, "UInt8"},
    {ValueType::int16, "Int16"},
    {ValueType::uint16, "UInt16"},
    {ValueType::int32, "Int32"},
    {ValueType::uint32, "UInt32"},
    {ValueType::int64, "Int64"},
    {ValueType::uint64, "UInt64"},
    {ValueType::real32, "Real32"},
    {ValueType::real64, "Real64"},
    {ValueType::boolean, "Boolean"},
    {ValueType::binary, "Binary"},
    {ValueType::guid, "GUID"},
    {ValueType::size_t_, "SizeT"},
    {ValueType::filetime, "FILETIME"},
    {ValueType::systemtime, "SYSTEMTIME"},
    {ValueType::sid, "SID"},
    {ValueType::hex_int32, "HexInt32"},
    {ValueType::hex_int64, "HexInt64"},
};

bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

}  // namespace

const std::string* Event::data_value(const std::string& name) const {
  for (const DataField& field : data)
    if (field.name == name) return &field.value;
  return nullptr;
}

const char* to_string(RecordOrigin origin) noexcept { return origin == RecordOrigin::live ? "live" : "recovered"; }

const char* to_string(DecoderKind decoder) noexcept { return decoder == DecoderKind::libevtx ? "libevtx" : "builtin"; }

const char* to_string(MessageSource source) noexcept {
  switch (source) {
    case MessageSource::mta: return "mta";
    case MessageSource::knowledge: return "knowledge";
    case MessageSource::none: break;
  }
  return "none";
}

const char* to_string(ValueType type) noexcept {
  for (const TypeName& entry : kTypeNames)
    if (entry.type == type) return entry.name;
  return "Null";
}

std::optional<ValueType> parse_value_type(std::string_view name) noexcept {
  for (const TypeName& entry : kTypeNames)
    if (same_ignoring_case(name, entry.name)) return entry.type;
  return std::nullopt;
}

}  // namespace evtxdiag
