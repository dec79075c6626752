// Utf8LocaleScope on POSIX: a C.UTF-8 LC_CTYPE locale installed for this thread only.
#include <locale.h>

#include "platform/utf8_locale.hpp"

namespace evtxdiag::platform {

Utf8LocaleScope::Utf8LocaleScope() {
  const locale_t utf8 = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  if (!utf8) return;  // no such locale: names then come back as the archive stores them
  utf8_ = utf8;
  previous_ = ::uselocale(utf8);
}

bool Utf8LocaleScope::utf8() const noexcept { return utf8_ != nullptr; }

Utf8LocaleScope::~Utf8LocaleScope() {
  if (!utf8_) return;
  ::uselocale(static_cast<locale_t>(previous_));
  ::freelocale(static_cast<locale_t>(utf8_));
}

}  // namespace evtxdiag::platform
