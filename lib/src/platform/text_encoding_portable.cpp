// cp932_to_utf8 without a converter in the platform: not available, so CP932 archive names
// show U+FFFD for their non-ASCII bytes (entry_names.cpp says so).
#include "platform/text_encoding.hpp"

namespace evtxdiag::platform {

std::optional<std::string> cp932_to_utf8(std::string_view /*bytes*/) { return std::nullopt; }

}  // namespace evtxdiag::platform
