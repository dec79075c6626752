// Display widths for column alignment of Japanese text (see text_util.hpp).
#include "report/text_util.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "diagnose/machines.hpp"
#include "report/words.hpp"

namespace evtxdiag::report {
namespace {

// Wide ranges of Unicode East Asian Width W/F that occur in Japanese text: Hangul Jamo,
// CJK punctuation, kana, CJK ideographs, Hangul syllables, compatibility ideographs, CJK
// compatibility forms, full-width forms.
bool is_wide(std::uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool is_combining(std::uint32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x3099 && cp <= 0x309A) || (cp >= 0x200B && cp <= 0x200F);
}

}  // namespace

std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = byte < 0x80           ? 1
                         : (byte >> 5) == 0x6  ? 2
                         : (byte >> 4) == 0xE  ? 3
                         : (byte >> 3) == 0x1E ? 4
                                               : 0;
    if (length == 0 || i + length > text.size()) {  // invalid byte: one column
      ++width;
      ++i;
      continue;
    }
    std::uint32_t cp = length == 1 ? byte : byte & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    width += is_combining(cp) ? 0 : is_wide(cp) ? 2 : 1;
    i += length;
  }
  return width;
}

std::string pad(const std::string& text, std::size_t width) {
  const std::size_t used = display_width(text);
  return used >= width ? text + " " : text + std::string(width - used, ' ');
}

std::string input_counts_text(const InputSummary& input, const Words& w) {
  std::string text = w("input.counts", {{"records", std::to_string(input.records)},
                                        {"live", std::to_string(input.live_records)},
                                        {"lost", std::to_string(input.live_lost)},
                                        {"recovered", std::to_string(input.recovered)},
                                        {"duplicates", std::to_string(input.duplicates)}});
  if (input.recovered_lost) text += w("input.recovered_lost", {{"n", std::to_string(input.recovered_lost)}});
  return text;
}

std::string machine_text(const Diagnosis& d, Language language) {
  const Words w(language);
  if (d.computer.empty()) return w["machine.unknown"];
  std::vector<std::string> earlier;
  const std::string current = diag::machine_key(d.computer);
  for (const MachineName& name : d.computer_names) {
    const std::string key = diag::machine_key(name.name);
    if (key == current) continue;
    if (std::none_of(earlier.begin(), earlier.end(), [&](const std::string& e) { return diag::machine_key(e) == key; }))
      earlier.push_back(name.name);
  }
  if (earlier.empty()) return d.computer;
  return w(earlier.size() == 1 ? "machine.earlier_name" : "machine.earlier_names",
           {{"machine", d.computer}, {"names", w.list(earlier)}});
}

std::string missing_log_text(const MissingLog& log, const Words& w) {
  return w("missing_log", {{"channel", log.channel}, {"hides", log.hides}});
}

std::string confidence_text(double confidence) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", confidence);
  return buffer;
}

std::string cut_to_width(const std::string& text, std::size_t width) {
  if (width == 0 || display_width(text) <= width) return text;
  std::string out;
  std::size_t used = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = byte < 0x80           ? 1
                         : (byte >> 5) == 0x6  ? 2
                         : (byte >> 4) == 0xE  ? 3
                         : (byte >> 3) == 0x1E ? 4
                                               : 1;
    if (i + length > text.size()) length = 1;
    const std::string piece = text.substr(i, length);
    const std::size_t piece_width = display_width(piece);
    if (used + piece_width + 1 > width) break;  // room for the ellipsis
    out += piece;
    used += piece_width;
    i += length;
  }
  return out + "\u2026";
}

}  // namespace evtxdiag::report
