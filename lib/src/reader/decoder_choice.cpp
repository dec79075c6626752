#include "evtxdiag/reader.hpp"

namespace evtxdiag {

std::optional<DecoderChoice> parse_decoder_choice(std::string_view name) {
  if (name == "auto") return DecoderChoice::automatic;
  if (name == "libevtx") return DecoderChoice::libevtx_only;
  if (name == "builtin") return DecoderChoice::builtin_only;
  return std::nullopt;
}

}  // namespace evtxdiag
