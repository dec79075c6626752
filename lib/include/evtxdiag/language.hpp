#pragma once
// The languages evtxdiag writes in (reports, findings, explanations, messages).
#include <optional>
#include <string_view>

#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// Output language of texts.
enum class Language { en, ja };
/// "en" / "ja" -> Language; nullopt for anything else.
[[nodiscard]] std::optional<Language> parse_language(std::string_view text);
/// "en" / "ja".
[[nodiscard]] const char* to_string(Language language) noexcept;

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
