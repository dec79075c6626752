#pragma once
// Folded YAML block scalars (`>` / `>-`) written in Japanese. YAML turns every line break of
// a folded scalar into a space, which is right between English words and a defect between two
// Japanese characters ("利用できません でした"): Japanese puts no space between words. Like
// CSS Text 3's segment-break transformation, a break between two East Asian wide characters is
// removed instead. Shared by the knowledge and rule loaders (private: yaml-cpp types).
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace evtxdiag::knowledge {

/// The scalar `node` of the YAML text `source`: for a simple folded block scalar (no blank or
/// more-indented lines), its lines joined with a space except between two wide characters;
/// or after/before Japanese punctuation ("。", "、", "「"); any other scalar exactly as yaml-cpp read it.
std::string folded_scalar(const YAML::Node& node, std::string_view source);

/// True for a code point of East Asian width W/F that Japanese text uses (kana, CJK
/// ideographs and punctuation, full-width forms).
bool is_wide_code_point(char32_t cp);
/// True for Japanese punctuation (CJK symbols and punctuation, full-width ASCII punctuation).
bool is_japanese_punctuation(char32_t cp);

}  // namespace evtxdiag::knowledge
