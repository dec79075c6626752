#pragma once
// The built-in knowledge precompiled at build time (tools/precompile/ loads and validates the
// embedded YAML exactly as the run-time loaders do and writes their results in the form of
// core/binary_archive.hpp), so that start-up parses no YAML.
#include <string>
#include <string_view>
#include <vector>

namespace evtxdiag::knowledge {

/// The parts of the blob, in this order; each module reads only its own.
enum class PrecompiledSection : unsigned { knowledge = 0, rules = 1, zone_names = 2 };
constexpr unsigned kPrecompiledSectionCount = 3;

/// The whole blob: the generated source of the library defines it; the build tool links a
/// definition that returns an empty view (it has no blob yet and loads the YAML).
std::string_view precompiled_blob() noexcept;

/// One section of precompiled_blob(); empty when there is no blob. Throws Error(internal) if
/// the blob is malformed.
std::string_view precompiled_section(PrecompiledSection section);

/// Joins the sections (indexed by PrecompiledSection) into a blob precompiled_section() reads.
std::string pack_precompiled_sections(const std::vector<std::string>& sections);

}  // namespace evtxdiag::knowledge
