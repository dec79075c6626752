// The console where the platform has none to ask (the browser): arguments as given, never a
// terminal (no colour, no progress bar).
#include "platform/console.hpp"

namespace evtxdiag::platform {

void prepare_console() {}

std::vector<std::string> utf8_arguments(int argc, char** argv) { return std::vector<std::string>(argv, argv + argc); }

bool is_terminal(std::FILE* /*stream*/) { return false; }

}  // namespace evtxdiag::platform
