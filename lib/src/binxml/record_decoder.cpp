#include "binxml/record_decoder.hpp"

namespace evtxdiag::binxml {

// Interim: the built-in decoder is being written (issue 12); until then every record it is
// asked for is reported as undecodable, exactly as with libevtx alone.
RecordDecodeResult decode_record(const std::uint8_t*, std::size_t, std::uint64_t record_offset, bool) {
  RecordDecodeResult result;
  result.error = "built-in decoder not available in this build";
  result.error_offset = static_cast<std::int64_t>(record_offset);
  return result;
}

}  // namespace evtxdiag::binxml
