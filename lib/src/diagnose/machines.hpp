#pragma once
// Which machine each event belongs to. A case folder may hold the logs of several servers
// (a file server and its Hyper-V host); mixing them would attach one machine's disk errors to
// the other's backup jobs. A log file belongs to one machine, whose name may change inside it
// (a renamed server: "WIN-E0PO207ERMD" then "CITADEL-DC01"); files that share a name are the
// same machine; a forwarded-events log (channel ForwardedEvents) holds many machines and is
// split by each event's Computer. Names match case-insensitively on their first DNS label
// ("FILESV01" = "filesv01.contoso.local").
#include <cstddef>
#include <string>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/event.hpp"

namespace evtxdiag::diag {

/// One machine of a case.
struct MachineGroup {
  std::vector<MachineName> names;   ///< every Computer name seen, oldest first
  std::vector<std::string> files;   ///< input files holding its events (sorted)
  std::vector<std::size_t> events;  ///< indexes into the event list, in its order
};

/// Groups `events` (deduplicated, sorted by time) by machine. Events without a Computer
/// belong to the machine of their file. Groups are ordered by their most recent name.
std::vector<MachineGroup> group_by_machine(const std::vector<Event>& events);

/// The name to show: the one the machine had at its last event.
const std::string& current_name(const MachineGroup& group);

/// True when `wanted` names the machine (any of its names, case-insensitively, with or
/// without the DNS suffix).
bool names_machine(const MachineGroup& group, const std::string& wanted);

/// "first DNS label, lower case": the key names are compared by.
std::string machine_key(const std::string& computer);

/// The part of a case that belongs to one machine.
struct MachineCase {
  std::vector<MachineName> names;       ///< oldest first; empty when no event names a machine
  std::vector<Event> events;            ///< in the order given
  std::vector<InputSummary> inputs;     ///< its files, and every file no machine's event came from
  std::vector<Diagnostic> diagnostics;  ///< of those files
};

/// Splits deduplicated, sorted events (and the inputs and diagnostics that go with them) by
/// machine; one MachineCase when there is one machine or none. With `wanted` (a Computer name,
/// see names_machine()) only that machine; throws Error(invalid_input) listing the machines
/// when none matches.
std::vector<MachineCase> split_by_machine(std::vector<Event> events, const std::vector<InputSummary>& inputs,
                                          const std::vector<Diagnostic>& diagnostics, const std::string& wanted);

/// "FILESV01 (2 logs), HYPERV01 (3 logs)": for messages that ask the user to choose.
std::string describe_machines(const std::vector<MachineCase>& machines);

}  // namespace evtxdiag::diag
