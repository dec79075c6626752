// Utf8LocaleScope where the C library has no per-thread locales: nothing to change.
#include "platform/utf8_locale.hpp"

namespace evtxdiag::platform {

Utf8LocaleScope::Utf8LocaleScope() = default;
Utf8LocaleScope::~Utf8LocaleScope() = default;
// The browser's C library (musl) is UTF-8 throughout.
bool Utf8LocaleScope::utf8() const noexcept { return true; }

}  // namespace evtxdiag::platform
