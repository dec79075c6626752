// evtxdiag synth: scenario YAML -> .evtx files, plus LocaleMetaData/*.MTA files for logs with
// `mta:` (testdata/README.md documents the format).
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/knowledge.hpp"
#include "evtxdiag/scenario.hpp"
#include "evtxdiag/writer.hpp"

namespace evtxdiag::cli {
namespace {

struct SynthOptions {
  std::string scenario;
  std::string out_dir;
  bool force = false;
};

bool exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

// Creates `dir` and its missing parents (mode 0755).
void make_directories(const std::string& dir) {
  for (std::size_t pos = 1; pos <= dir.size(); ++pos) {
    if (pos != dir.size() && dir[pos] != '/') continue;
    const std::string prefix = dir.substr(0, pos);
    if (::mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST)
      throw Error(ErrorKind::io, prefix + ": cannot create the output directory: " + std::strerror(errno));
  }
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
    throw Error(ErrorKind::io, dir + ": not a directory");
}

int run_synth(const SynthOptions& options) {
  const Scenario scenario = load_scenario_file(options.scenario);
  // Build every file in memory first: a scenario the writer refuses writes nothing.
  std::vector<std::pair<std::string, std::vector<std::uint8_t>>> outputs;
  const KnowledgeBase knowledge = KnowledgeBase::builtin();  // messages of events without `message:`
  bool any_mta = false;
  for (const ScenarioLog& log : scenario.logs) {
    try {
      outputs.emplace_back(options.out_dir + "/" + log.file, write_evtx(log.events));
    } catch (const Error& e) {
      throw Error(e.kind(), options.scenario + ":" + std::to_string(log.line) + ": logs: " + log.file + ": " + e.what());
    }
    for (ScenarioFile& mta : scenario_mta_files(log, knowledge)) {
      outputs.emplace_back(options.out_dir + "/" + mta.relative_path, std::move(mta.bytes));
      any_mta = true;
    }
  }
  make_directories(options.out_dir);
  if (any_mta) make_directories(options.out_dir + "/LocaleMetaData");
  if (!options.force) {
    for (const auto& output : outputs)
      if (exists(output.first))
        throw Error(ErrorKind::invalid_input, output.first + ": already exists (use --force to overwrite)");
  }
  for (const auto& [path, bytes] : outputs) {
    write_file_atomically(path, bytes);
    std::cerr << "evtxdiag: wrote " << path << " (" << bytes.size() << " bytes)\n";
  }
  return exit_ok;
}

const CommandRegistration kRegistration{
    80, "synth", "Write the .evtx files described by a scenario YAML file", [](CLI::App& sub) -> Runner {
      auto options = std::make_shared<SynthOptions>();
      sub.add_option("scenario", options->scenario, "Scenario file (YAML, see testdata/README.md)")->required();
      sub.add_option("--out", options->out_dir, "Directory to write the logs into (created if missing)")->required();
      sub.add_flag("--force", options->force, "Overwrite existing files");
      sub.footer("Each log is written to a temporary file in DIR and renamed into place; a log with `mta: [ja, en]`\n"
                 "also gets DIR/LocaleMetaData/<log>_1041.MTA and _1033.MTA. A bad scenario (exit 2) writes nothing.\n\nExample:\n  evtxdiag synth testdata/scenarios/basic-classic.yaml --out /tmp/case");
      return [options] { return run_synth(*options); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
