// Display widths for column alignment of Japanese text (see text_util.hpp).
#include "report/text_util.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "diagnose/machines.hpp"
#include "report/labels.hpp"

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
    std::size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
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

std::string input_counts_text(const InputSummary& input, Language language) {
  const auto n = [](std::uint64_t value) { return std::to_string(value); };
  std::string text;
  if (language == Language::ja) {
    text = "ライブ レコード " + n(input.live_records) + " 件中 " + n(input.records) + " 件を使用、デコード不可 " +
           n(input.live_lost) + " 件、削除済みレコードの回復 " + n(input.recovered) + " 件、重複 " + n(input.duplicates) + " 件";
    if (input.recovered_lost) text += "、回復できなかった削除済みレコード " + n(input.recovered_lost) + " 件";
    return text;
  }
  text = n(input.records) + " relevant of " + n(input.live_records) + " live records, " + n(input.live_lost) +
         " undecodable, " + n(input.recovered) + " recovered from slack space, " + n(input.duplicates) + " duplicates";
  if (input.recovered_lost) text += ", " + n(input.recovered_lost) + " deleted records not recoverable";
  return text;
}

std::string machine_text(const Diagnosis& d, Language language) {
  const bool ja = language == Language::ja;
  if (d.computer.empty()) return ja ? "(不明)" : "(unknown)";
  std::vector<std::string> earlier;
  const std::string current = diag::machine_key(d.computer);
  for (const MachineName& name : d.computer_names) {
    const std::string key = diag::machine_key(name.name);
    if (key == current) continue;
    if (std::none_of(earlier.begin(), earlier.end(), [&](const std::string& e) { return diag::machine_key(e) == key; }))
      earlier.push_back(name.name);
  }
  if (earlier.empty()) return d.computer;
  std::string list;
  for (const std::string& name : earlier) list += (list.empty() ? "" : ", ") + name;
  if (ja) return d.computer + " (以前の名前: " + list + ")";
  return d.computer + " (earlier name" + (earlier.size() > 1 ? "s" : "") + ": " + list + ")";
}

std::string missing_log_text(const MissingLog& log, Language language) {
  std::string prefix = labels(language).missing_log;
  prefix.replace(prefix.find("{}"), 2, log.channel);
  return prefix + labels(language).colon + log.hides;
}

std::string confidence_text(double confidence) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", confidence);
  return buffer;
}

}  // namespace evtxdiag::report
