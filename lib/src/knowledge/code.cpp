// Parsing codes in every form a log or a person uses, and their structural decode.
#include <cctype>

#include "evtxdiag/knowledge.hpp"

namespace evtxdiag {
namespace {

bool all_of(std::string_view text, int (*predicate)(int)) {
  if (text.empty()) return false;
  for (char c : text)
    if (!predicate(static_cast<unsigned char>(c))) return false;
  return true;
}

std::uint64_t number(std::string_view digits, int base) {
  std::uint64_t value = 0;
  for (char c : digits) {
    const int lower = std::tolower(static_cast<unsigned char>(c));
    value = value * static_cast<unsigned>(base) +
            static_cast<unsigned>(std::isdigit(lower) ? lower - '0' : lower - 'a' + 10);
  }
  return value;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

/// Win32 error numbers are 16-bit; as HRESULT they become 0x8007xxxx (HRESULT_FROM_WIN32).
ParsedCode win32_or(std::uint32_t value, const char* form) {
  if (value != 0 && value <= 0xFFFF) return {0x80070000u | value, "win32"};
  return {value, form};
}

const char* hresult_facility(std::uint32_t facility) {
  switch (facility) {
    case 0: return "FACILITY_NULL";
    case 1: return "FACILITY_RPC";
    case 2: return "FACILITY_DISPATCH";
    case 3: return "FACILITY_STORAGE";
    case 4: return "FACILITY_ITF (interface-specific, e.g. VSS 0x8004230x)";
    case 7: return "FACILITY_WIN32";
    case 8: return "FACILITY_WINDOWS";
    case 9: return "FACILITY_SECURITY";
    case 10: return "FACILITY_CONTROL";
    case 11: return "FACILITY_CERT";
    case 17: return "FACILITY_COMPLUS";
    case 0x78: return "Windows Server Backup (wbengine, 0x8078xxxx)";
    case 0x100: return "Windows Backup client (sdengin2, 0x8100xxxx)";
    default: return "";
  }
}

const char* ntstatus_facility(std::uint32_t facility) {
  switch (facility) {
    case 0: return "FACILITY_NONE (system status)";
    case 1: return "FACILITY_DEBUGGER";
    case 2: return "FACILITY_RPC_RUNTIME";
    case 3: return "FACILITY_RPC_STUBS";
    case 4: return "FACILITY_IO_ERROR_CODE";
    case 6: return "volsnap message (IO error log)";
    case 7: return "FACILITY_NTWIN32";
    case 0x13: return "FACILITY_TERMINAL_SERVER";
    case 0x3D: return "FACILITY_VOLSNAP";
    default: return "";
  }
}

}  // namespace

std::optional<Language> parse_language(std::string_view text) {
  if (text == "en") return Language::en;
  if (text == "ja") return Language::ja;
  return std::nullopt;
}

const char* to_string(Language language) noexcept { return language == Language::ja ? "ja" : "en"; }

// The one grammar of code text (knowledge YAML, rule YAML, `explain`, and values in logs). The
// two sources differ in exactly two places, both because a person writes codes the way
// documentation prints them and Windows writes numbers the way their type renders them:
//   - a bare run of 8 decimal digits is hex for a person ("80780021" from a KB article) and
//     decimal in a log (a UInt32 field);
//   - a number up to 0xFFFF is a Win32 error for a person ("1224" -> 0x800704C8) and itself in
//     a log (a count or an id is not an error).
// Bare hex without 0x is accepted from a log only as 8 digits with a letter ("C000000E"), so that
// a word such as "add" or a short counter is never a code.
std::optional<ParsedCode> parse_code(std::string_view input, CodeText source) {
  const bool person = source == CodeText::written_by_person;
  auto as_win32 = [person](std::uint32_t value, const char* form) {
    return person ? win32_or(value, form) : ParsedCode{value, form};
  };
  std::string_view text = trim(input);
  if (text.size() > 2 && text.substr(0, 2) == "%%") {  // parameter-message reference: unsigned decimal
    text.remove_prefix(2);
    if (!all_of(text, std::isdigit) || text.size() > 10 || number(text, 10) > 0xFFFFFFFFu) return std::nullopt;
    std::uint32_t value = static_cast<std::uint32_t>(number(text, 10));
    // A small number is a system (Win32) message: Service Control Manager writes "%%1058" for
    // ERROR_SERVICE_DISABLED, which Event Viewer renders with the system's text.
    if (person && value != 0 && value <= 0xFFFF) value |= 0x80070000u;
    return ParsedCode{value, "parameter-reference"};
  }
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    if (!all_of(text, std::isxdigit) || text.size() > 16) return std::nullopt;
    if (text.size() <= 8) return as_win32(static_cast<std::uint32_t>(number(text, 16)), "hex");
    // HexInt64 ("0x00000000807800a1"): a 32-bit code, zero-extended or sign-extended.
    const std::uint64_t high = number(text.substr(0, text.size() - 8), 16);
    const auto low = static_cast<std::uint32_t>(number(text.substr(text.size() - 8), 16));
    const std::uint64_t all_ones = 0xFFFFFFFFull >> (4 * (16 - text.size()));
    const bool sign_extended = text.size() == 16 && high == all_ones && (low & 0x80000000u) != 0;
    if (high != 0 && !sign_extended) return std::nullopt;
    return ParsedCode{low, "hex"};
  }
  if (!text.empty() && text[0] == '-') {  // signed decimal, as in VolumesInfo HResult attributes
    text.remove_prefix(1);
    if (!all_of(text, std::isdigit) || text.size() > 10) return std::nullopt;
    const std::uint64_t magnitude = number(text, 10);
    if (magnitude == 0 || magnitude > 0x80000000u) return std::nullopt;
    return ParsedCode{static_cast<std::uint32_t>(0x100000000ull - magnitude), "signed-decimal"};
  }
  if (all_of(text, std::isdigit)) {
    if (person && text.size() == 8) return ParsedCode{static_cast<std::uint32_t>(number(text, 16)), "hex"};
    if (text.size() > 10 || number(text, 10) > 0xFFFFFFFFu) return std::nullopt;
    return as_win32(static_cast<std::uint32_t>(number(text, 10)), "decimal");
  }
  if (all_of(text, std::isxdigit) && (person ? text.size() <= 8 : text.size() == 8))
    return as_win32(static_cast<std::uint32_t>(number(text, 16)), "hex");
  return std::nullopt;
}

CodeStructure decode_code(std::uint32_t value) {
  CodeStructure structure;
  structure.value = value;
  structure.customer = (value >> 29) & 1u;
  structure.code = value & 0xFFFFu;
  const std::uint32_t top = value >> 30;
  if (top == 1 || top == 3) {  // NTSTATUS: informational / error
    structure.family = CodeFamily::ntstatus;
    structure.severity = top == 1 ? "informational" : "error";
    structure.facility = (value >> 16) & 0xFFFu;
    structure.facility_name = ntstatus_facility(structure.facility);
  } else {
    structure.family = CodeFamily::hresult;
    structure.severity = top == 2 ? "failure" : "success";
    structure.facility = (value >> 16) & 0x7FFu;
    structure.facility_name = hresult_facility(structure.facility);
    if (structure.facility == 7) structure.win32 = structure.code;
  }
  return structure;
}

}  // namespace evtxdiag
