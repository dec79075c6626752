// See japanese_folding.hpp.
#include "knowledge/japanese_folding.hpp"

#include <vector>

namespace evtxdiag::knowledge {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    begin = end + 1;
  }
  return lines;
}

std::size_t indentation(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

// The code point that ends / starts a UTF-8 text (0 when there is none or it is malformed).
char32_t decode_at(std::string_view text, std::size_t at) {
  const auto byte = static_cast<unsigned char>(text[at]);
  const std::size_t length = byte < 0x80           ? 1
                             : (byte >> 5) == 0x6  ? 2
                             : (byte >> 4) == 0xE  ? 3
                             : (byte >> 3) == 0x1E ? 4
                                                   : 0;
  if (length == 0 || at + length > text.size()) return 0;
  char32_t cp = length == 1 ? byte : byte & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3F);
  return cp;
}

char32_t first_code_point(std::string_view text) { return text.empty() ? 0 : decode_at(text, 0); }

char32_t last_code_point(std::string_view text) {
  if (text.empty()) return 0;
  std::size_t at = text.size() - 1;
  while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  return decode_at(text, at);
}

}  // namespace

bool is_wide_code_point(char32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool is_japanese_punctuation(char32_t cp) {
  return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
         (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65);
}

std::string folded_scalar(const YAML::Node& node, std::string_view source) {
  std::string value = node.as<std::string>();
  const YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return value;
  const std::vector<std::string_view> lines = split_lines(source);
  const auto header_line = static_cast<std::size_t>(mark.line);
  if (header_line + 1 >= lines.size()) return value;
  const std::string_view header = lines[header_line];
  if (static_cast<std::size_t>(mark.column) >= header.size() || header[static_cast<std::size_t>(mark.column)] != '>')
    return value;

  // The body: the lines after the header indented at least as deep as its first line.
  std::vector<std::string_view> body;
  const std::size_t indent = indentation(lines[header_line + 1]);
  for (std::size_t i = header_line + 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.find_first_not_of(' ') ==
        std::string_view::npos) {  // a blank line ends a simple scalar here or is a paragraph
      bool more = false;
      for (std::size_t k = i + 1; k < lines.size() && !more; ++k) {
        if (lines[k].find_first_not_of(' ') == std::string_view::npos) continue;
        more = indentation(lines[k]) >= indent;
        break;
      }
      if (more) return value;  // paragraphs: keep yaml-cpp's reading
      break;
    }
    if (indentation(line) < indent) break;
    if (indentation(line) > indent || line[indent] == '#') return value;
    body.push_back(line.substr(indent));
  }
  if (body.empty() || indent == 0) return value;

  std::string spaced;
  std::string folded;
  for (std::size_t i = 0; i < body.size(); ++i) {
    std::string_view line = body[i];
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    if (i > 0) {
      spaced += ' ';
      // Japanese puts no space between two Japanese characters, nor after or before its own
      // punctuation ("。 2018" and "、 `Get-" are both defects); Latin words keep theirs.
      const char32_t before = last_code_point(folded), after = first_code_point(line);
      const bool no_space = (is_wide_code_point(before) && is_wide_code_point(after)) ||
                            is_japanese_punctuation(before) || is_japanese_punctuation(after);
      if (!no_space) folded += ' ';
    }
    spaced.append(line);
    folded.append(line);
  }
  // Only when the simple reading is exactly what the parser produced (chomping aside).
  if (value == spaced) return folded;
  if (value == spaced + "\n") return folded + "\n";
  return value;
}

}  // namespace evtxdiag::knowledge
