#pragma once
// The program's console: its arguments and standard streams (for the evtxdiag command, the one
// user of this file outside the library). console_posix.cpp (nothing to convert: arguments and
// terminals are UTF-8 bytes), console_windows.cpp (arguments from the UTF-16 command line,
// UTF-16 console output, ANSI colours switched on), console_portable.cpp (no terminal).
//
//   int main(int argc, char** argv) {
//     evtxdiag::platform::prepare_console();
//     std::vector<std::string> args = evtxdiag::platform::utf8_arguments(argc, argv);
#include <cstdio>
#include <string>
#include <vector>

namespace evtxdiag::platform {

/// Readies stdin, stdout and stderr for UTF-8 text and byte-exact data: no newline translation
/// (a JSON report is the same bytes on every platform), UTF-8 text shown as such on a console,
/// ANSI escape sequences understood where the console can. Call once, first thing in main().
void prepare_console();

/// The command-line arguments in UTF-8, argv[0] included. On Windows from the UTF-16 command
/// line: the narrow argv is in the ANSI code page, where `東京バックアップ.evtx` can arrive as
/// "????????.evtx".
std::vector<std::string> utf8_arguments(int argc, char** argv);

/// True when `stream` (stdout or stderr) is an interactive terminal that understands ANSI
/// escape sequences (colours, erasing a line), so that colour and progress can go there.
bool is_terminal(std::FILE* stream);

}  // namespace evtxdiag::platform
