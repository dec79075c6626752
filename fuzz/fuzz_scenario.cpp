// libFuzzer target "scenario" (see targets.hpp for what it exercises).
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  evtxdiag::fuzz::run_scenario(data, size);
  return 0;
}
