#include "knowledge/precompiled.hpp"

#include "core/binary_archive.hpp"
#include "evtxdiag/error.hpp"

namespace evtxdiag::knowledge {
namespace {

// Changes whenever the layout of a section changes in a way old readers cannot follow; the
// blob is rebuilt with the library, so this only guards against a stale generated file.
constexpr std::string_view kMagic = "evtxdiag-precompiled-knowledge/1";

}  // namespace

std::string pack_precompiled_sections(const std::vector<std::string>& sections) {
  if (sections.size() != kPrecompiledSectionCount)
    throw Error(ErrorKind::internal, "precompiled knowledge: wrong section count");
  core::BinaryWriter writer;
  writer(std::string(kMagic), sections);
  return writer.take();
}

std::string_view precompiled_section(PrecompiledSection section) {
  const std::string_view blob = precompiled_blob();
  if (blob.empty()) return {};
  // Walk the length prefixes without copying: magic, section count, then (size, bytes) each.
  std::size_t offset = 0;
  const auto read_u32 = [&] {
    if (blob.size() - offset < 4) throw Error(ErrorKind::internal, "precompiled knowledge: truncated blob");
    std::uint32_t value = 0;
    std::memcpy(&value, blob.data() + offset, 4);
    offset += 4;
    return value;
  };
  const auto skip = [&](std::uint32_t size) {
    if (blob.size() - offset < size) throw Error(ErrorKind::internal, "precompiled knowledge: truncated blob");
    const std::string_view bytes = blob.substr(offset, size);
    offset += size;
    return bytes;
  };
  if (skip(read_u32()) != kMagic) throw Error(ErrorKind::internal, "precompiled knowledge: wrong format version");
  if (read_u32() != kPrecompiledSectionCount)
    throw Error(ErrorKind::internal, "precompiled knowledge: wrong section count");
  for (unsigned i = 0;; ++i) {
    const std::string_view bytes = skip(read_u32());
    if (i == static_cast<unsigned>(section)) return bytes;
  }
}

}  // namespace evtxdiag::knowledge
