// See problems.hpp.
#include "problems.hpp"

#include <iostream>

namespace evtxdiag::cli {

void add_verbose_flag(CLI::App& sub, bool& verbose) {
  sub.add_flag(
      "-v,--verbose", verbose,
      "List every problem on stderr, including each deleted record in slack space that could not be recovered");
}

void print_problems(const std::vector<Diagnostic>& diagnostics, bool verbose) {
  for (const std::string& line : diagnostic_lines(diagnostics, verbose)) std::cerr << "evtxdiag: " << line << '\n';
}

}  // namespace evtxdiag::cli
