// evtxdiag synth: scenario YAML -> .evtx files, plus LocaleMetaData/*.MTA files for logs with
// `mta:` (testdata/README.md documents the format).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "evtxdiag/synth.hpp"

namespace evtxdiag::cli {
namespace {

struct SynthCommandOptions {
  std::string scenario;
  std::string out_dir;
  bool force = false;
};

int run_synth(const SynthCommandOptions& options) {
  SynthOptions synth;
  synth.force = options.force;
  for (const WrittenFile& file : synthesize(options.scenario, options.out_dir, synth))
    std::cerr << "evtxdiag: wrote " << file.path << " (" << file.size << " bytes)\n";
  return exit_ok;
}

const CommandRegistration kRegistration{
    80, "synth", "Write the .evtx files described by a scenario YAML file", [](CLI::App& sub) -> Runner {
      auto options = std::make_shared<SynthCommandOptions>();
      sub.add_option("scenario", options->scenario, "Scenario file (YAML, see testdata/README.md)")->required();
      sub.add_option("--out", options->out_dir, "Directory to write the logs into (created if missing)")->required();
      sub.add_flag("--force", options->force, "Overwrite existing .evtx/.MTA files in DIR (never the scenario itself)");
      sub.footer(
          "Each log is written to a temporary file in DIR and renamed into place; a log with `mta: [ja, en]`\n"
          "also gets DIR/LocaleMetaData/<log>_1041.MTA and _1033.MTA. A bad scenario (exit 2) writes "
          "nothing.\n\nExample:\n  evtxdiag synth testdata/scenarios/basic-classic.yaml --out /tmp/case");
      return [options] { return run_synth(*options); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
