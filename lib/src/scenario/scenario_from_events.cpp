// Events read from .evtx files -> a Scenario (scenario.hpp, scenario_from_events): one log per
// source file, so that `evtxdiag scenario` can print events as a scenario.
#include <algorithm>
#include <map>

#include "evtxdiag/scenario.hpp"

namespace evtxdiag {
namespace {

// The value `get` gives most often over `events` (the first of equals, in event order).
template <typename Get>
std::string most_common(const std::vector<Event>& events, Get get) {
  std::map<std::string, std::size_t> counts;
  std::string best;
  std::size_t best_count = 0;
  for (const Event& event : events) {
    const std::size_t count = ++counts[get(event)];
    if (count > best_count) best = get(event), best_count = count;
  }
  return best;
}

// A plain file name ending in .evtx, as the loader wants it.
std::string log_file_name(const std::string& path) {
  std::string name = path.substr(path.find_last_of("/\\") == std::string::npos ? 0 : path.find_last_of("/\\") + 1);
  if (name.empty() || name[0] == '.') name = "log" + name;
  if (name.size() < 5 || name.compare(name.size() - 5, 5, ".evtx") != 0) name += ".evtx";
  return name;
}

}  // namespace

Scenario scenario_from_events(std::vector<Event> events) {
  Scenario scenario;
  scenario.computer = most_common(events, [](const Event& e) { return e.computer; });
  std::vector<std::string> sources;  // in order of first appearance
  for (const Event& event : events)
    if (std::find(sources.begin(), sources.end(), event.source_file) == sources.end())
      sources.push_back(event.source_file);
  std::vector<std::string> used;
  for (const std::string& source : sources) {
    ScenarioLog log;
    log.file = log_file_name(source);
    for (int n = 2; std::find(used.begin(), used.end(), log.file) != used.end(); ++n)
      log.file = log_file_name(source).insert(log_file_name(source).size() - 5, "-" + std::to_string(n));
    used.push_back(log.file);
    for (Event& event : events)
      if (event.source_file == source) log.events.push_back(std::move(event));
    // Record ids rise through a written log: a wrapped or damaged file gives its events sorted,
    // each record id once.
    std::stable_sort(log.events.begin(), log.events.end(),
                     [](const Event& a, const Event& b) { return a.event_record_id < b.event_record_id; });
    log.events.erase(std::unique(log.events.begin(), log.events.end(),
                                 [](const Event& a, const Event& b) { return a.event_record_id == b.event_record_id; }),
                     log.events.end());
    log.channel = most_common(log.events, [](const Event& e) { return e.channel; });
    for (Event& event : log.events) event.source_file = log.file;
    scenario.logs.push_back(std::move(log));
  }
  return scenario;
}

}  // namespace evtxdiag
