// Code extraction: see codes.hpp. Parsing is deliberately strict about token boundaries so that
// a GUID or a path fragment is never read as an error code.
#include "rules/event_codes.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "evtxdiag/knowledge.hpp"

namespace evtxdiag::diag {
namespace {

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-'; }

std::optional<std::uint32_t> parse_hex(std::string_view digits) {
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : digits) {
    if (!is_hex(c)) return std::nullopt;
    const int nibble = is_digit(c) ? c - '0' : (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
    value = (value << 4) | static_cast<std::uint32_t>(nibble);
  }
  return value;
}

bool is_failure(std::uint32_t value) { return (value & 0x80000000U) != 0; }

bool lower_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// HResult="..." and DetailedHResult="..." attribute values of Backup's VolumesInfo XML.
std::vector<std::uint32_t> parse_volume_codes(std::string_view xml) {
  std::vector<std::uint32_t> out;
  for (std::string_view key : {"HResult=\"", "DetailedHResult=\""}) {
    for (std::size_t pos = xml.find(key); pos != std::string_view::npos; pos = xml.find(key, pos + key.size())) {
      if (key[0] == 'H' && pos > 0 && std::isalpha(static_cast<unsigned char>(xml[pos - 1])))
        continue;  // "DetailedHResult"
      const std::size_t begin = pos + key.size();
      const std::size_t end = xml.find('"', begin);
      if (end == std::string_view::npos) break;
      if (auto code = parse_code_value(xml.substr(begin, end - begin)); code && is_failure(*code)) out.push_back(*code);
    }
  }
  return out;
}

void add_unique(std::vector<FoundCode>& out, const std::string& field, std::uint32_t value) {
  for (const auto& found : out)
    if (found.field == field && found.value == value) return;
  out.push_back({field, value});
}

// Scans free text (a message, an embedded XML attribute list) for code-shaped tokens.
void scan_text(const std::string& field, std::string_view text, std::vector<FoundCode>& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    const bool at_boundary = i == 0 || !is_word(text[i - 1]);
    if (!at_boundary) {
      ++i;
      continue;
    }
    if (text[i] == '0' && i + 1 < text.size() && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
      std::size_t end = i + 2;
      while (end < text.size() && is_hex(text[end])) ++end;
      if (end - (i + 2) == 8 && (end == text.size() || !is_word(text[end]))) {
        if (auto v = parse_code_value(text.substr(i, 10)); v && is_failure(*v)) add_unique(out, field, *v);
      }
      i = end;
      continue;
    }
    if (text[i] == '-' || is_digit(text[i]) || text[i] == '%') {
      std::size_t begin = i;
      while (begin < text.size() && text[begin] == '%') ++begin;
      std::size_t end = begin + (begin < text.size() && text[begin] == '-' ? 1 : 0);
      while (end < text.size() && is_digit(text[end])) ++end;
      if (end > begin && (end == text.size() || !is_word(text[end]))) {
        if (auto v = parse_code_value(text.substr(begin, end - begin)); v && is_failure(*v)) add_unique(out, field, *v);
      }
      i = end > i ? end : i + 1;
      continue;
    }
    ++i;
  }
}

}  // namespace

std::optional<std::uint32_t> parse_code_value(std::string_view text) {
  if (auto parsed = parse_code(text, CodeText::logged_value)) return parsed->value;
  return std::nullopt;
}

std::optional<std::uint64_t> number_value(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  const bool negative = !hex && !text.empty() && text[0] == '-';
  std::string_view digits = text.substr(hex ? 2 : negative ? 1 : 0);
  if (digits.empty() || digits.size() > (hex ? 16 : 20)) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : digits) {
    if (hex ? !is_hex(c) : !is_digit(c)) return std::nullopt;
    const auto digit =
        static_cast<std::uint64_t>(is_digit(c) ? c - '0' : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
    if (value > (UINT64_MAX - digit) / (hex ? 16 : 10)) return std::nullopt;
    value = value * (hex ? 16 : 10) + digit;
  }
  if (!negative) return value;
  if (value <= 0x80000000ULL) return (0x100000000ULL - value) & 0xFFFFFFFFULL;  // Int32: as its 32 bits
  return ~value + 1;
}

bool is_code_field_name(std::string_view name) {
  std::string key;
  for (char c : name)
    if (c != ' ' && c != '_' && c != '-') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static constexpr std::string_view kNames[] = {
      "errorcode", "hresult",    "detailedhresult", "hr",           "error",      "errorstatus",
      "status",    "ntstatus",   "finalstatus",     "spperrorcode", "returncode", "resultcode",
      "lasterror", "win32error", "failurecode",     "exitcode",     "errorvalue", "statuscode"};
  for (std::string_view known : kNames)
    if (key == known) return true;
  return key.size() > 7 && (key.rfind("hresult") == key.size() - 7 || key.rfind("errorcode") == key.size() - 9);
}

namespace {

// A code at the start of a value, ended by a comma, blank or the end: "0x80042302, A Volume ...",
// also after the labels Windows puts before a status ("hr = 0x800423F3", "Error 0x8004230F").
std::optional<std::uint32_t> leading_code(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  for (std::string_view label : {"hr =", "hr=", "hr:", "error:", "error ", "status:", "status "}) {
    if (text.size() > label.size() && lower_equal(text.substr(0, label.size()), label)) {
      text.remove_prefix(label.size());
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
      break;
    }
  }
  const std::size_t end = text.find_first_of(", \t\r\n.;");
  return parse_code_value(text.substr(0, end));
}

bool is_unnamed(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return is_digit(c); });
}

// The little-endian DWORD at byte `offset` of the event's Binary data.
std::optional<std::uint32_t> binary_dword(const Event& event, std::size_t offset) {
  const std::string& hex = event.binary_hex;
  if (hex.size() < (offset + 4) * 2) return std::nullopt;
  std::uint32_t value = 0;
  for (std::size_t byte = 4; byte-- > 0;) {
    auto part = parse_hex(std::string_view(hex).substr((offset + byte) * 2, 2));
    if (!part) return std::nullopt;
    value = (value << 8) | *part;
  }
  return value;
}

// A driver's I/O error log entry (IoWriteErrorLogEntry: Disk, volmgr, iScsiPrt, storport, volsnap
// before Windows 10): the Binary is an IO_ERROR_LOG_PACKET (a 0x28-byte header, then dump data)
// whose ErrorCode at offset 0x0C is the event's own message id, qualifiers << 16 | event id. Its
// insertion strings are what the driver dumped (device names, Disk 153's logical block address
// "0x9b3e2a00", high bit and all), never its status: that is FinalStatus, read by ntstatus().
bool is_io_error_log_entry(const Event& event) {
  if (event.binary_hex.size() < 0x28 * 2) return false;
  const auto error_code = binary_dword(event, 0x0C);
  if (!error_code || (*error_code & 0xFFFFU) != event.event_id) return false;
  return !event.qualifiers || (*error_code >> 16) == *event.qualifiers;
}

}  // namespace

std::vector<FoundCode> failure_codes(const Event& event, const std::vector<std::string>& text_fields) {
  std::vector<FoundCode> out;
  const bool driver_dump = is_io_error_log_entry(event);
  for (const auto& field : event.data) {
    const bool scanned = std::any_of(text_fields.begin(), text_fields.end(),
                                     [&](const std::string& f) { return lower_equal(f, field.name); });
    if (scanned) {
      scan_text(field.name, field.value, out);
      continue;
    }
    if (lower_equal(field.name, "VolumesInfo")) {
      for (const auto& volume : parse_volume_codes(field.value)) add_unique(out, field.name, volume);
      continue;
    }
    // "%%2155348129" (Backup's ErrorMessage) is a message-table reference to the code itself.
    const bool reference = field.value.size() > 2 && field.value[0] == '%' && field.value[1] == '%';
    if (!reference && !is_code_field_name(field.name) && !is_unnamed(field.name)) continue;
    if (is_unnamed(field.name) && driver_dump) continue;
    if (auto code = leading_code(field.value); code && is_failure(*code)) add_unique(out, field.name, *code);
  }
  return out;
}

std::optional<std::uint32_t> ntstatus(const Event& event) {
  if (const std::string* named = event.data_value("NTSTATUS")) {
    if (auto hex = parse_hex(*named)) return hex;
    if (auto code = parse_code_value(*named)) return code;
  }
  return binary_dword(event, 0x14);  // FinalStatus of IO_ERROR_LOG_PACKET
}

std::string hex_code(std::uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%08X", value);
  return buffer;
}

}  // namespace evtxdiag::diag
