// synthesize(): scenario -> .evtx and .MTA files in a folder (evtxdiag/synth.hpp).
#include <filesystem>
#include <system_error>
#include <utility>

#include "evtxdiag/error.hpp"
#include "evtxdiag/knowledge.hpp"
#include "evtxdiag/output.hpp"
#include "evtxdiag/scenario.hpp"
#include "evtxdiag/synth.hpp"
#include "evtxdiag/writer.hpp"

namespace evtxdiag {

std::vector<WrittenFile> synthesize(const std::string& scenario_path, const std::string& out_dir,
                                    const SynthOptions& options) {
  const Scenario scenario = load_scenario_file(scenario_path);
  std::vector<std::pair<std::string, std::vector<std::uint8_t>>> outputs;
  const KnowledgeBase knowledge = KnowledgeBase::builtin();  // messages of events without `message:`
  for (const ScenarioLog& log : scenario.logs) {
    try {
      outputs.emplace_back(out_dir + "/" + log.file, write_evtx(log.events));
    } catch (const Error& e) {
      throw Error(e.kind(), scenario_path + ":" + std::to_string(log.line) + ": logs: " + log.file + ": " + e.what());
    }
    for (ScenarioFile& mta : scenario_mta_files(log, knowledge))
      outputs.emplace_back(out_dir + "/" + mta.relative_path, std::move(mta.bytes));
  }

  std::error_code error;
  for (const auto& output : outputs) {
    const auto folder = std::filesystem::u8path(output.first).parent_path();
    std::filesystem::create_directories(folder, error);
    if (error) throw Error(ErrorKind::io, folder.u8string() + ": cannot create the output folder: " + error.message());
  }
  const OutputPolicy policy{{scenario_path}, options.force};
  for (const auto& output : outputs) check_output_path(output.first, policy);  // all before any write

  std::vector<WrittenFile> written;
  for (const auto& [path, bytes] : outputs) {
    write_output(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), policy);
    written.push_back({path, bytes.size()});
  }
  return written;
}

}  // namespace evtxdiag
