#pragma once
// A scope in which this thread's character type is UTF-8 (and only this thread's: the process
// locale is never changed). libarchive converts entry names through the current locale; in the
// default "C" locale, zip names flagged UTF-8 came back empty. utf8_locale_posix.cpp
// (newlocale/uselocale), utf8_locale_portable.cpp (nothing to do).

namespace evtxdiag::platform {

class Utf8LocaleScope {
 public:
  Utf8LocaleScope();
  ~Utf8LocaleScope();
  Utf8LocaleScope(const Utf8LocaleScope&) = delete;
  Utf8LocaleScope& operator=(const Utf8LocaleScope&) = delete;

  /// True when this thread's narrow strings are UTF-8 in the scope: libarchive's UTF-8 and narrow
  /// forms of a name are then exact. False on Windows, whose C runtime has no UTF-8 locale (its
  /// "C" locale widens bytes one to a code unit: only libarchive's wide forms are exact there).
  bool utf8() const noexcept;

 private:
  // Used by the POSIX implementation only (the portable one has no locales to switch).
  [[maybe_unused]] void* utf8_ = nullptr;      ///< the UTF-8 locale made for the scope
  [[maybe_unused]] void* previous_ = nullptr;  ///< the thread's locale before it
};

}  // namespace evtxdiag::platform
