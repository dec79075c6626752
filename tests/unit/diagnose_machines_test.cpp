// Machine grouping: one machine per log file (renames inside it included), files sharing a
// Computer name are one machine, a ForwardedEvents log is split by Computer, names compare
// case-insensitively without DNS suffix; a case of two machines is never correlated as one.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "diagnose/machines.hpp"
#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/error.hpp"

using namespace evtxdiag;
using namespace evtxdiag::diag;

namespace {

Event event(const std::string& file, const std::string& computer, int minute, const std::string& channel = "System") {
  Event e;
  e.source_file = file;
  e.computer = computer;
  e.channel = channel;
  e.provider_name = "EventLog";
  e.event_id = 6005;
  e.event_record_id = static_cast<std::uint64_t>(minute + 1);
  e.time_created = *Timestamp::parse_iso("2020-09-17T00:00:00Z");
  e.time_created.ticks += static_cast<std::uint64_t>(minute) * 60 * Timestamp::ticks_per_second;
  return e;
}

std::vector<std::string> names(const MachineGroup& g) {
  std::vector<std::string> out;
  for (const auto& n : g.names) out.push_back(n.name);
  return out;
}

}  // namespace

TEST_CASE("a renamed server in one log is one machine, named by its last name") {
  const std::vector<Event> events{
      event("System.evtx", "WIN-E0PO207ERMD", 0), event("System.evtx", "WIN-E0PO207ERMD", 1),
      event("System.evtx", "CITADEL-DC01.C137.local", 2), event("App.evtx", "citadel-dc01", 3)};
  const auto groups = group_by_machine(events);
  REQUIRE(groups.size() == 1);
  CHECK(current_name(groups[0]) == "citadel-dc01");
  CHECK(names(groups[0]) == std::vector<std::string>{"WIN-E0PO207ERMD", "CITADEL-DC01.C137.local", "citadel-dc01"});
  CHECK(groups[0].files == std::vector<std::string>{"App.evtx", "System.evtx"});
  CHECK(names_machine(groups[0], "Citadel-DC01"));
  CHECK(names_machine(groups[0], "win-e0po207ermd.c137.local"));
  CHECK_FALSE(names_machine(groups[0], "FILESV01"));
}

TEST_CASE("two servers' logs in one folder stay two machines; a shared name joins files") {
  const std::vector<Event> events{event("a/System.evtx", "FILESV01.contoso.local", 0),
                                  event("b/System.evtx", "HYPERV01", 1), event("a/App.evtx", "filesv01", 2),
                                  event("b/Backup.evtx", "HYPERV01.contoso.local", 3), event("b/Backup.evtx", "", 4)};
  const auto groups = group_by_machine(events);
  REQUIRE(groups.size() == 2);
  CHECK(current_name(groups[0]) == "filesv01");
  CHECK(groups[0].events == std::vector<std::size_t>{0, 2});
  CHECK(current_name(groups[1]) == "HYPERV01.contoso.local");
  CHECK(groups[1].events == std::vector<std::size_t>{1, 3, 4});  // the nameless event follows its file
}

TEST_CASE("a forwarded-events log is split by each event's Computer") {
  const std::vector<Event> events{
      event("fwd.evtx", "SRV1", 0, "ForwardedEvents"), event("fwd.evtx", "SRV2", 1, "ForwardedEvents"),
      event("fwd.evtx", "SRV1", 2, "ForwardedEvents"), event("srv2-system.evtx", "srv2.corp", 3)};
  const auto groups = group_by_machine(events);
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].events == std::vector<std::size_t>{0, 2});
  CHECK(groups[1].events == std::vector<std::size_t>{1, 3});
}

TEST_CASE("split_by_machine: inputs without events go to every machine; --computer picks one or says which exist") {
  std::vector<Event> events{event("a.evtx", "FILESV01", 0), event("b.evtx", "HYPERV01", 1)};
  std::vector<InputSummary> inputs(3);
  inputs[0].path = "a.evtx";
  inputs[0].records = 1;
  inputs[1].path = "b.evtx";
  inputs[1].records = 1;
  inputs[2].path = "broken.evtx";
  inputs[2].readable = false;
  auto machines = split_by_machine(events, inputs, {}, "");
  REQUIRE(machines.size() == 2);
  CHECK(machines[0].inputs.size() == 2);  // a.evtx and broken.evtx
  CHECK(machines[1].inputs.size() == 2);
  CHECK(split_by_machine(events, inputs, {}, "hyperv01.contoso.local").at(0).names.back().name == "HYPERV01");
  try {
    split_by_machine(events, inputs, {}, "NOPE");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("FILESV01 (1 log), HYPERV01 (1 log)") != std::string::npos);
  }
}
