// Utf8LocaleScope on Windows: nothing to change, and nothing to change to: the C runtime
// (msvcrt) has no UTF-8 locale. In its default "C" locale libarchive keeps Unicode entry names
// (zip names flagged UTF-8, 7z's UTF-16) as UTF-16 and other names as their bytes, and its wide
// form of a name is exact for both (archive_reader.cpp, EntryNames).
#include "platform/utf8_locale.hpp"

namespace evtxdiag::platform {

Utf8LocaleScope::Utf8LocaleScope() = default;
Utf8LocaleScope::~Utf8LocaleScope() = default;
bool Utf8LocaleScope::utf8() const noexcept { return false; }

}  // namespace evtxdiag::platform
