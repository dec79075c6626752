// Skips that say what they need (vocabulary: tests/support/skip.sh). scripts/run test fails the
// suite when a recorded need was in fact met (tests/support/check_skips.py).
#pragma once

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

namespace evtxdiag::test {

inline void record_skip(const std::string& requirement, const std::string& reason) {
  const char* log = std::getenv("EVTXDIAG_SKIP_LOG");
  if (log == nullptr || *log == '\0') return;
  const char* name = std::getenv("EVTXDIAG_TEST_NAME");
  std::ofstream(log, std::ios::app) << (name ? name : "?") << '\t' << requirement << '\t' << reason << '\n';
}

/// Prints, records and ends the test program with 77 (CTest: Skipped).
[[noreturn]] inline void skip_test(const std::string& requirement, const std::string& reason) {
  record_skip(requirement, reason);
  std::cout << "SKIPPED (needs " << requirement << "): " << reason << std::endl;
  std::exit(77);
}

}  // namespace evtxdiag::test
