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

/// One whole logged value as a code: parse_code(text, CodeText::logged_value) (knowledge.hpp,
/// the one code parser): "0x807800A1", "807800a1" (8 hex digits), "2155348129", "-2139619167",
/// "%%2155348129", "C000000E", a HexInt64's "0x00000000807800a1". nullopt for anything else.
std::optional<std::uint32_t> parse_code_value(std::string_view text);

/// The failure-class codes (high bit set: HRESULT/NTSTATUS errors) an event reports as its own
/// status, in field order, each value once per field, from structured places only:
/// - a field named for a code (ErrorCode, HRESULT, DetailedHRESULT, hr, Status, NTSTATUS,
///   SppErrorCode, "Error Code", ...) whose value is a code, whole or leading ("0x80042302, A
///   Volume Shadow Copy Service component ...");
/// - an unnamed (classic) data value that is a code, whole or leading: VSS writes the `hr = %2`
///   of 8193/12289/... so; not those of a driver's I/O error log entry (Binary = an
///   IO_ERROR_LOG_PACKET of the event's own id), whose strings are dumped values such as Disk
///   153's logical block address and whose status is FinalStatus (ntstatus());
/// - the HResult / DetailedHResult attributes of Backup's VolumesInfo XML;
/// - `text_fields` (a rule's or the lifecycle's `codes_in`): fields whose free text carries the
///   event's code, e.g. Windows 7 Backup 4104's error text "... (0x800704C8)": any code token.
/// Free text elsewhere is never searched: a routine message that quotes an "Old failure:
/// 0x800423F4" does not report a failure. Decimal numbers count only when they look like a
/// failure code (>= 0x80000000 unsigned, or negative), so counters are ignored.
std::vector<FoundCode> failure_codes(const Event& event, const std::vector<std::string>& text_fields = {});

/// True for data field names that hold a status code (case-insensitive).
bool is_code_field_name(std::string_view name);

/// A value that is a number however it was logged - decimal, 0x hex of any padding (HexInt32,
/// HexInt64), negative decimal (Int32 as its 32 bits: "-1" = "0xffffffff") - so that a rule's
/// `fields: {Reason: ["1"]}` matches "1", "0x00000001" and "0x0000000000000001" alike.
std::optional<std::uint64_t> number_value(std::string_view text);

/// The NTSTATUS an I/O-error-log event carries: the `NTSTATUS` data field (Windows 10+) or the
/// little-endian DWORD at offset 0x14 (FinalStatus) of the Binary data on older builds.
std::optional<std::uint32_t> ntstatus(const Event& event);

/// "0x807800A1".
std::string hex_code(std::uint32_t value);

}  // namespace evtxdiag::diag
