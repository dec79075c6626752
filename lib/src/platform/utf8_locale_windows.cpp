// Utf8LocaleScope on Windows: nothing to change. libarchive keeps Unicode entry names (zip names
// flagged UTF-8, 7z's UTF-16) as UTF-16 on Windows whatever the locale, and archive_reader.cpp
// asks for them as UTF-8 (archive_entry_pathname_utf8); unflagged names stay raw bytes in the
// default "C" locale, for decode_entry_name(). The C runtime (msvcrt) has no UTF-8 locale to
// switch to anyway.
#include "platform/utf8_locale.hpp"

namespace evtxdiag::platform {

Utf8LocaleScope::Utf8LocaleScope() = default;
Utf8LocaleScope::~Utf8LocaleScope() = default;

}  // namespace evtxdiag::platform
