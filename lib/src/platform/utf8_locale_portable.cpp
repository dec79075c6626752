// Utf8LocaleScope where the C library has no per-thread locales: nothing to change.
#include "platform/utf8_locale.hpp"

namespace evtxdiag::platform {

Utf8LocaleScope::Utf8LocaleScope() = default;
Utf8LocaleScope::~Utf8LocaleScope() = default;

}  // namespace evtxdiag::platform
