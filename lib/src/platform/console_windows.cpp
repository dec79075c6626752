// The console on Windows.
// - Arguments: from GetCommandLineW (UTF-16), not the narrow argv the C runtime made in the ANSI
//   code page. Wildcards in a last path component ("incoming\*.zip") are expanded here, since
//   neither cmd.exe nor PowerShell expands them for a program.
// - Output: stdin, stdout and stderr in binary mode (no "\n" -> "\r\n": files and pipes get the
//   same bytes as on Linux). On a console, std::cout/std::cerr/std::clog go through a buffer
//   that writes UTF-16 with WriteConsoleW (right in every console, whatever its code page), the
//   console's output code page is UTF-8 for what C stdio writes, and ANSI escape sequences are
//   switched on (ENABLE_VIRTUAL_TERMINAL_PROCESSING, Windows 10+). The code page and modes are
//   restored at exit: cmd.exe would keep them after the program.
#include <windows.h>  // first: the other Windows headers need its types

#include <fcntl.h>
#include <io.h>
#include <shellapi.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <streambuf>

#include "platform/console.hpp"
#include "platform/windows_support.hpp"

namespace evtxdiag::platform {
namespace {

using windows::narrow;
using windows::widen;

// Length of the longest prefix of `text` that ends on a whole UTF-8 sequence (an incomplete
// sequence at the end waits for its next bytes).
std::size_t complete_utf8_prefix(const std::string& text) {
  const std::size_t size = text.size();
  for (std::size_t back = 1; back <= 3 && back <= size; ++back) {
    const auto byte = static_cast<unsigned char>(text[size - back]);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    const std::size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    return length > back ? size - back : size;
  }
  return size;
}

class ConsoleBuffer : public std::streambuf {
 public:
  ConsoleBuffer(HANDLE console, std::FILE* c_stream) : console_(console), c_stream_(c_stream) {}

 protected:
  int_type overflow(int_type ch) override {
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    pending_.push_back(traits_type::to_char_type(ch));
    if (pending_.size() >= kFlushAt) write_complete();
    return ch;
  }
  std::streamsize xsputn(const char* data, std::streamsize size) override {
    pending_.append(data, static_cast<std::size_t>(size));
    if (pending_.size() >= kFlushAt) write_complete();
    return size;
  }
  int sync() override {
    write_complete();
    return 0;
  }

 private:
  static constexpr std::size_t kFlushAt = 8192;

  void write_complete() {
    const std::size_t end = complete_utf8_prefix(pending_);
    if (end == 0) return;
    const std::wstring text = widen(std::string_view(pending_.data(), end));
    pending_.erase(0, end);
    std::fflush(c_stream_);  // what C stdio wrote before comes first
    std::size_t done = 0;
    while (done < text.size()) {
      DWORD written = 0;
      const DWORD want = static_cast<DWORD>(std::min<std::size_t>(text.size() - done, 16384));
      if (!::WriteConsoleW(console_, text.data() + done, want, &written, nullptr) || written == 0) return;
      done += written;
    }
  }

  HANDLE console_;
  std::FILE* c_stream_;
  std::string pending_;
};

struct ConsoleState {
  UINT output_code_page = 0;
  HANDLE handles[2] = {nullptr, nullptr};  ///< stdout, stderr when they are consoles
  DWORD modes[2] = {0, 0};                 ///< their modes before
  bool ansi[2] = {false, false};           ///< escape sequences switched on
};

ConsoleState& state() {
  static ConsoleState console;
  return console;
}

void restore_console() {
  ConsoleState& console = state();
  for (int i = 0; i < 2; ++i)
    if (console.handles[i]) ::SetConsoleMode(console.handles[i], console.modes[i]);
  if (console.output_code_page) ::SetConsoleOutputCP(console.output_code_page);
}

HANDLE console_of(std::FILE* stream) {
  const intptr_t handle = ::_get_osfhandle(::_fileno(stream));
  if (handle == -1) return nullptr;
  DWORD mode = 0;
  return ::GetConsoleMode(reinterpret_cast<HANDLE>(handle), &mode) ? reinterpret_cast<HANDLE>(handle) : nullptr;
}

bool has_wildcard(const std::wstring& text) { return text.find_first_of(L"*?") != std::wstring::npos; }

// "logs\*.evtx" -> the matching names in logs\, sorted; the argument itself when nothing matches
// or the wildcard is not in the last component.
std::vector<std::wstring> expand_wildcards(const std::wstring& argument) {
  const std::size_t slash = argument.find_last_of(L"\\/");
  const std::wstring folder = slash == std::wstring::npos ? std::wstring() : argument.substr(0, slash + 1);
  if (argument.empty() || argument[0] == L'-' || !has_wildcard(argument) || has_wildcard(folder)) return {argument};
  std::vector<std::wstring> matches;
  WIN32_FIND_DATAW found;
  HANDLE search = ::FindFirstFileExW(argument.c_str(), FindExInfoBasic, &found, FindExSearchNameMatch, nullptr, 0);
  if (search == INVALID_HANDLE_VALUE) return {argument};
  do {
    const std::wstring name = found.cFileName;
    if (name != L"." && name != L"..") matches.push_back(folder + name);
  } while (::FindNextFileW(search, &found));
  ::FindClose(search);
  if (matches.empty()) return {argument};
  std::sort(matches.begin(), matches.end());
  return matches;
}

}  // namespace

void prepare_console() {
  ::_setmode(::_fileno(stdin), _O_BINARY);
  ::_setmode(::_fileno(stdout), _O_BINARY);
  ::_setmode(::_fileno(stderr), _O_BINARY);
  ConsoleState& console = state();
  std::FILE* streams[2] = {stdout, stderr};
  bool any = false;
  for (int i = 0; i < 2; ++i) {
    HANDLE handle = console_of(streams[i]);
    if (!handle) continue;
    any = true;
    console.handles[i] = handle;
    ::GetConsoleMode(handle, &console.modes[i]);
    console.ansi[i] =
        ::SetConsoleMode(handle, console.modes[i] | ENABLE_PROCESSED_OUTPUT | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
  }
  if (!any) return;
  console.output_code_page = ::GetConsoleOutputCP();
  ::SetConsoleOutputCP(CP_UTF8);
  std::atexit(restore_console);
  // Never destroyed: std::cout is flushed after every static object is gone.
  if (console.handles[0]) std::cout.rdbuf(new ConsoleBuffer(console.handles[0], stdout));
  if (console.handles[1]) {
    auto* errors = new ConsoleBuffer(console.handles[1], stderr);
    std::cerr.rdbuf(errors);
    std::clog.rdbuf(errors);
  }
}

std::vector<std::string> utf8_arguments(int argc, char** argv) {
  int count = 0;
  wchar_t** wide = ::CommandLineToArgvW(::GetCommandLineW(), &count);
  if (wide == nullptr) return std::vector<std::string>(argv, argv + argc);
  std::vector<std::string> arguments;
  for (int i = 0; i < count; ++i) {
    if (i == 0) {
      arguments.push_back(narrow(wide[0]));
      continue;
    }
    for (const std::wstring& argument : expand_wildcards(wide[i])) arguments.push_back(narrow(argument));
  }
  ::LocalFree(wide);
  return arguments;
}

bool is_terminal(std::FILE* stream) {
  const ConsoleState& console = state();
  if (stream == stdout) return console.ansi[0];
  if (stream == stderr) return console.ansi[1];
  return false;
}

}  // namespace evtxdiag::platform
