#pragma once
// Small text helpers shared by the report renderers.
#include <cstddef>
#include <string>

namespace evtxdiag::report {

/// Columns `text` takes in a monospace terminal: East Asian wide characters count 2,
/// combining marks 0, everything else 1 (UTF-8; invalid bytes count 1 each).
std::size_t display_width(const std::string& text);

/// `text` padded with spaces to `width` columns; one space added when it is already as wide.
std::string pad(const std::string& text, std::size_t width);

/// "0.70".
std::string confidence_text(double confidence);

}  // namespace evtxdiag::report
