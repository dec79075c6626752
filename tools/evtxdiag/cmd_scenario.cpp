// evtxdiag scenario: events of .evtx files -> a scenario YAML that `evtxdiag synth` writes back
// the same, with the value types and payload structure Windows logged (testdata/README.md).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "command.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/scenario.hpp"

namespace evtxdiag::cli {
namespace {

struct ScenarioOptions {
  std::vector<std::string> files;
  std::vector<std::string> records;  // "12" or "12-20"
  std::vector<std::string> providers;
  std::vector<std::uint32_t> event_ids;
  std::size_t max = 0;  // 0 = no limit
  std::string output;
};

struct Range {
  std::uint64_t first, last;
};

std::vector<Range> parse_ranges(const std::vector<std::string>& texts) {
  std::vector<Range> out;
  for (const std::string& text : texts) {
    const std::size_t dash = text.find('-');
    try {
      std::size_t used = 0;
      const std::uint64_t first = std::stoull(text.substr(0, dash), &used);
      if (used != (dash == std::string::npos ? text.size() : dash)) throw std::invalid_argument(text);
      std::uint64_t last = first;
      if (dash != std::string::npos) {
        last = std::stoull(text.substr(dash + 1), &used);
        if (used != text.size() - dash - 1 || last < first) throw std::invalid_argument(text);
      }
      out.push_back({first, last});
    } catch (const std::exception&) {
      throw Error(ErrorKind::invalid_input, "--record " + text + ": expected a record id or a range like 12-20");
    }
  }
  return out;
}

bool wanted(const Event& event, const ScenarioOptions& options, const std::vector<Range>& ranges) {
  if (!ranges.empty() && std::none_of(ranges.begin(), ranges.end(), [&](const Range& r) {
        return event.event_record_id >= r.first && event.event_record_id <= r.last;
      }))
    return false;
  if (!options.event_ids.empty() &&
      std::find(options.event_ids.begin(), options.event_ids.end(), event.event_id) == options.event_ids.end())
    return false;
  if (options.providers.empty()) return true;
  auto lower = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  for (const std::string& provider : options.providers)
    if (lower(provider) == lower(event.provider_name)) return true;
  return false;
}

int run_scenario(const ScenarioOptions& options) {
  const std::vector<Range> ranges = parse_ranges(options.records);
  ReadOptions read;
  read.decoder = DecoderChoice::builtin_only;  // the only decoder that sees value types
  read.keep_shape = true;
  std::vector<Event> events;
  std::size_t opened = 0;
  bool lost = false;
  for (const std::string& path : options.files) {
    try {
      EvtxReader reader = EvtxReader::open_file(path);
      ++opened;
      const ReadSummary summary = reader.read(read, [&](Event&& event) {
        if ((options.max == 0 || events.size() < options.max) && wanted(event, options, ranges))
          events.push_back(std::move(event));
      });
      for (const Diagnostic& d : summary.diagnostics) {
        std::cerr << "evtxdiag: " << (d.severity == Severity::error ? "error: " : "warning: ") << d.to_string() << '\n';
        lost = lost || d.severity == Severity::error;
      }
    } catch (const Error& e) {
      std::cerr << "evtxdiag: " << e.what() << '\n';
      lost = true;
    }
  }
  if (opened == 0) return exit_usage;
  if (events.empty()) {
    std::cerr << "evtxdiag: no live event matched: nothing to write\n";
    return exit_partial;
  }
  Scenario scenario = scenario_from_events(std::move(events));
  std::size_t count = 0;
  std::string sources;
  for (const ScenarioLog& log : scenario.logs) count += log.events.size();
  for (const std::string& file : options.files) sources += "\n  " + file;
  scenario.description =
      std::to_string(count) + " event(s) as logged in " + std::to_string(options.files.size()) + " file(s)";
  const std::string yaml = scenario_yaml(
      scenario, "Written by `evtxdiag scenario` from:" + sources +
                    "\nValue types and payload structure are as logged. Real logs carry host, user and path names:"
                    "\nreplace them before sharing this file.");
  if (options.output.empty()) {
    std::cout << yaml;
  } else {
    std::ofstream out(std::filesystem::u8path(options.output), std::ios::binary);
    out << yaml;
    if (!out.flush()) throw Error(ErrorKind::io, options.output + ": cannot write");
  }
  return lost ? exit_partial : exit_ok;
}

const CommandRegistration kRegistration{
    85, "scenario", "Write events of .evtx files as a scenario YAML (value types and structure as logged)",
    [](CLI::App& sub) -> Runner {
      auto options = std::make_shared<ScenarioOptions>();
      sub.add_option("files", options->files, ".evtx files to read")->required()->type_name("FILE");
      sub.add_option("--record", options->records, "EventRecordID or range (12-20) to include; repeatable")
          ->type_name("ID");
      sub.add_option("--provider", options->providers, "Provider name to include (any case); repeatable");
      sub.add_option("--event-id", options->event_ids, "Event id to include; repeatable");
      sub.add_option("--max", options->max, "At most this many events (0 = all)")->capture_default_str();
      sub.add_option("-o,--output", options->output, "Write the YAML here instead of stdout");
      sub.footer(
          "Reads live records with the built-in decoder (the one that sees value types). Each event keeps\n"
          "its System fields, typed values, arrays, Null values, UserData elements and attributes, so that\n"
          "`evtxdiag synth` writes it back and `dump` shows the same fields and values.\n\nExamples:\n"
          "  evtxdiag scenario Microsoft-Windows-Hyper-V-VMMS-Admin.evtx --event-id 18012 --max 3\n"
          "  evtxdiag scenario System.evtx --record 98812-98820 -o case.yaml && evtxdiag synth case.yaml --out case\n"
          "Exit: 0 all decoded, 1 some record could not be decoded, 2 nothing readable.");
      return [options] { return run_scenario(*options); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
