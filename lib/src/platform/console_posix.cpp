// The console on POSIX: arguments and terminals carry UTF-8 bytes as they are; a terminal is
// what isatty() says (TERM=dumb is the CLI's business).
#include <unistd.h>

#include "platform/console.hpp"

namespace evtxdiag::platform {

void prepare_console() {}

std::vector<std::string> utf8_arguments(int argc, char** argv) { return std::vector<std::string>(argv, argv + argc); }

bool is_terminal(std::FILE* stream) { return stream != nullptr && ::isatty(::fileno(stream)) == 1; }

}  // namespace evtxdiag::platform
