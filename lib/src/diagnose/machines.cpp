// Machine grouping (see machines.hpp): union-find over files and names.
#include "diagnose/machines.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "evtxdiag/error.hpp"

namespace evtxdiag::diag {
namespace {

std::string lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

bool forwarded(const Event& event) { return lower(event.channel) == "forwardedevents"; }

// Union-find over small integer ids.
class Groups {
 public:
  std::size_t add() {
    parent_.push_back(parent_.size());
    return parent_.size() - 1;
  }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void join(std::size_t a, std::size_t b) { parent_[find(a)] = find(b); }

 private:
  std::vector<std::size_t> parent_;
};

}  // namespace

std::string machine_key(const std::string& computer) { return lower(computer.substr(0, computer.find('.'))); }

std::vector<MachineGroup> group_by_machine(const std::vector<Event>& events) {
  Groups groups;
  std::map<std::string, std::size_t> by_file, by_name;
  const auto node = [&groups](std::map<std::string, std::size_t>& map, const std::string& key) {
    auto [it, added] = map.try_emplace(key, 0);
    if (added) it->second = groups.add();
    return it->second;
  };
  for (const Event& event : events) {
    const bool has_name = !event.computer.empty();
    if (forwarded(event)) {
      if (has_name) node(by_name, machine_key(event.computer));
      continue;  // a forwarding log ties nothing together
    }
    const std::size_t file = node(by_file, event.source_file);
    if (has_name) groups.join(node(by_name, machine_key(event.computer)), file);
  }

  // Each event's group: its name's for forwarded events, its file's otherwise (a forwarded
  // event without a name joins the group of its file, alone if need be).
  std::vector<std::size_t> root(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    root[i] = forwarded(event) && !event.computer.empty() ? groups.find(by_name.at(machine_key(event.computer)))
                                                          : groups.find(node(by_file, event.source_file));
  }
  std::map<std::size_t, MachineGroup> result;
  std::map<std::size_t, std::map<std::string, MachineName>> names;  // per group, by exact spelling
  std::map<std::size_t, std::set<std::string>> files;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    result[root[i]].events.push_back(i);
    files[root[i]].insert(event.source_file);
    if (event.computer.empty()) continue;
    MachineName& name = names[root[i]][event.computer];
    if (name.name.empty()) name.name = event.computer, name.first_seen = event.time_created;
    name.last_seen = event.time_created;
    ++name.events;
  }
  std::vector<MachineGroup> out;
  for (auto& [key, group] : result) {
    for (auto& [spelling, name] : names[key]) group.names.push_back(name);
    std::sort(group.names.begin(), group.names.end(), [](const MachineName& a, const MachineName& b) {
      return a.last_seen != b.last_seen ? a.last_seen < b.last_seen : a.name < b.name;
    });
    group.files.assign(files[key].begin(), files[key].end());
    out.push_back(std::move(group));
  }
  std::sort(out.begin(), out.end(), [](const MachineGroup& a, const MachineGroup& b) {
    return lower(current_name(a)) < lower(current_name(b));
  });
  return out;
}

const std::string& current_name(const MachineGroup& group) {
  static const std::string none;
  return group.names.empty() ? none : group.names.back().name;
}

bool names_machine(const MachineGroup& group, const std::string& wanted) {
  const std::string key = machine_key(wanted);
  return std::any_of(group.names.begin(), group.names.end(),
                     [&](const MachineName& name) { return machine_key(name.name) == key; });
}

std::string describe_machines(const std::vector<MachineCase>& machines) {
  std::string text;
  for (const MachineCase& machine : machines) {
    if (!text.empty()) text += ", ";
    std::size_t logs = 0;
    for (const InputSummary& input : machine.inputs) logs += input.records > 0 ? 1 : 0;
    text += (machine.names.empty() ? std::string("(no name)") : machine.names.back().name) + " (" +
            std::to_string(logs) + (logs == 1 ? " log)" : " logs)");
  }
  return text;
}

std::vector<MachineCase> split_by_machine(std::vector<Event> events, const std::vector<InputSummary>& inputs,
                                          const std::vector<Diagnostic>& diagnostics, const std::string& wanted) {
  std::vector<MachineGroup> groups = group_by_machine(events);
  std::set<std::string> claimed;  // files some machine's events came from
  for (const MachineGroup& group : groups) claimed.insert(group.files.begin(), group.files.end());
  std::vector<MachineCase> machines;
  if (groups.empty()) groups.emplace_back();  // no event at all: one nameless machine
  for (MachineGroup& group : groups) {
    MachineCase machine;
    machine.names = std::move(group.names);
    const std::set<std::string> files(group.files.begin(), group.files.end());
    const auto belongs = [&](const std::string& file) { return files.count(file) || !claimed.count(file); };
    for (const InputSummary& input : inputs)
      if (belongs(input.path)) machine.inputs.push_back(input);
    for (const Diagnostic& d : diagnostics)
      if (belongs(d.file)) machine.diagnostics.push_back(d);
    machine.events.reserve(group.events.size());
    if (groups.size() == 1)
      machine.events = std::move(events);
    else
      for (std::size_t index : group.events) machine.events.push_back(events[index]);
    machines.push_back(std::move(machine));
  }
  if (wanted.empty()) return machines;
  for (MachineCase& machine : machines) {
    MachineGroup names_only;
    names_only.names = machine.names;
    if (names_machine(names_only, wanted)) return {std::move(machine)};
  }
  throw Error(ErrorKind::invalid_input,
              "no machine named '" + wanted + "' in these logs; they come from " + describe_machines(machines));
}

}  // namespace evtxdiag::diag
