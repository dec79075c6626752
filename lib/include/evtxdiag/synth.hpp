#pragma once
// Writing a scenario's files to a folder: what `evtxdiag synth`, the Python binding and the
// tests all call, so that they write the same files the same way.
//
//   for (const auto& file : evtxdiag::synthesize("case.yaml", "out", {}))
//     std::cout << file.path << ' ' << file.size << '\n';
#include <cstdint>
#include <string>
#include <vector>
#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

struct SynthOptions {
  /// Overwrite existing .evtx/.MTA files in the output folder (never the scenario itself).
  bool force = false;
};

/// One file written.
struct WrittenFile {
  std::string path;        ///< out_dir + "/" + relative path
  std::uint64_t size = 0;  ///< bytes
};

/// Loads `scenario_path`, encodes every log and MTA file in memory (a scenario the writer
/// refuses writes nothing), creates `out_dir` and its parents, checks every target with the
/// output rules (evtxdiag/output.hpp: existing .evtx/.MTA files only with force), then writes
/// each file atomically, logs first, in scenario order. Throws Error(invalid_input) for a bad
/// scenario ("FILE:LINE:COLUMN: key: problem"), Error(refused) for a target the rules forbid,
/// Error(io) when a folder or file cannot be written.
std::vector<WrittenFile> synthesize(const std::string& scenario_path, const std::string& out_dir,
                                    const SynthOptions& options = {});

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
