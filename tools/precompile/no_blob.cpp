// The build tool's stand-in for the generated blob: it is the program that produces the blob,
// so the loaders it links find none and read the embedded YAML.
#include "knowledge/precompiled.hpp"

namespace evtxdiag::knowledge {

std::string_view precompiled_blob() noexcept { return {}; }

}  // namespace evtxdiag::knowledge
