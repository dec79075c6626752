#include "core/xml_text.hpp"

#include "core/utf8.hpp"

namespace evtxdiag::core {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void append_visible_escape(std::string& out, char32_t code_point) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(code_point >> shift) & 0xF];
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// A backslash that the reader of the output would take for the start of an escape.
bool starts_escape(std::string_view text, std::size_t at) {
  return at + 6 <= text.size() && text[at] == '\\' && text[at + 1] == 'u' && is_hex(text[at + 2]) &&
         is_hex(text[at + 3]) && is_hex(text[at + 4]) && is_hex(text[at + 5]);
}

}  // namespace

void append_xml_escaped(std::string& out, std::string_view text, bool attribute) {
  std::size_t plain = 0;  // start of the run of bytes copied as they are
  const auto flush = [&](std::size_t end) { out.append(text.data() + plain, end - plain); };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c == '"' && !attribute) {
      ++i;
      continue;
    }
    if (c == '\\' && !starts_escape(text, i)) {
      ++i;
      continue;
    }
    char32_t cp = c;
    std::size_t length = 1;
    if (c >= 0x80) {
      length = decode_utf8(text, i, cp);
      if (length != 0 && !(cp >= 0xD800 && cp < 0xE000) && cp != 0xFFFE && cp != 0xFFFF) {
        i += length;  // a character XML carries: copied with the run
        continue;
      }
    }
    flush(i);
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\\': out += "\\u005C"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (length == 0) {
          out += "\xEF\xBF\xBD";  // not UTF-8: U+FFFD
          length = 1;
        } else {
          append_visible_escape(out, cp);
        }
    }
    i += length;
    plain = i;
  }
  flush(text.size());
}

bool is_xml_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    char32_t cp = c;
    std::size_t length = 1;
    if (c >= 0x80 && (length = decode_utf8(name, i, cp)) == 0) return false;
    const bool start = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' || cp == ':' ||
                       (cp >= 0xC0 && cp <= 0xD6) || (cp >= 0xD8 && cp <= 0xF6) || (cp >= 0xF8 && cp <= 0x2FF) ||
                       (cp >= 0x370 && cp <= 0x37D) || (cp >= 0x37F && cp <= 0x1FFF) || cp == 0x200C || cp == 0x200D ||
                       (cp >= 0x2070 && cp <= 0x218F) || (cp >= 0x2C00 && cp <= 0x2FEF) ||
                       (cp >= 0x3001 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFDCF) ||
                       (cp >= 0xFDF0 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0xEFFFF);
    const bool other = (cp >= '0' && cp <= '9') || cp == '-' || cp == '.' || cp == 0xB7 ||
                       (cp >= 0x300 && cp <= 0x36F) || cp == 0x203F || cp == 0x2040;
    if (!start && (i == 0 || !other)) return false;
    i += length;
  }
  return true;
}

std::string unescape_xml_visible(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (!starts_escape(text, i)) {
      out += text[i++];
      continue;
    }
    char32_t cp = 0;
    for (std::size_t k = 2; k < 6; ++k) {
      const char h = text[i + k];
      cp = cp * 16 + static_cast<char32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
    }
    append_utf8(out, cp >= 0xD800 && cp < 0xE000 ? 0xFFFD : cp);
    i += 6;
  }
  return out;
}

}  // namespace evtxdiag::core
