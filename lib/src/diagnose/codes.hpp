#pragma once
// Error codes inside event data: HRESULTs, NTSTATUS values and Win32 errors as logs write them
// (hex with or without 0x, unsigned or signed decimal, %%N parameter references, "(0x800704C8)"
// inside a message text, HResult="..." attributes of Backup's VolumesInfo XML).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evtxdiag/event.hpp"

namespace evtxdiag::diag {

/// A code found in a data field.
struct FoundCode {
  std::string field;    ///< data field name it came from
  std::uint32_t value;  ///< normalised unsigned value
};

/// Parses one whole value as a code: "0x807800A1", "807800a1" (8 hex digits), "2155348129",
/// "-2139619167", "%%2155348129", "C000000E", and a HexInt64's "0x00000000807800a1" (a 32-bit
/// code zero- or sign-extended). Returns nullopt for anything else.
std::optional<std::uint32_t> parse_code_value(std::string_view text);

/// A value that is a number however it was logged - decimal, 0x hex of any padding (HexInt32,
/// HexInt64), negative decimal (Int32 as its 32 bits: "-1" = "0xffffffff") - so that a rule's
/// `fields: {Reason: ["1"]}` matches "1", "0x00000001" and "0x0000000000000001" alike.
std::optional<std::uint64_t> number_value(std::string_view text);

/// Every failure-class code (high bit set: HRESULT/NTSTATUS errors) in the event's data, in
/// field order, each value once per field. Decimal numbers count only when they look like a
/// failure code (>= 0x80000000 unsigned, or negative), so ordinary counters are ignored.
std::vector<FoundCode> failure_codes(const Event& event);

/// The NTSTATUS an I/O-error-log event carries: the `NTSTATUS` data field (Windows 10+) or the
/// little-endian DWORD at offset 0x14 (FinalStatus) of the Binary data on older builds.
std::optional<std::uint32_t> ntstatus(const Event& event);

/// "0x807800A1".
std::string hex_code(std::uint32_t value);

}  // namespace evtxdiag::diag
