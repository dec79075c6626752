#pragma once
// RFC 4180 quoting shared by the CSV outputs (dump --format csv, timeline --format csv).
#include <string>

namespace evtxdiag::cli {

/// `text` as one CSV field: unchanged unless it holds a comma, quote or line break; then in
/// double quotes with inner quotes doubled.
inline std::string csv_quote(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace evtxdiag::cli
