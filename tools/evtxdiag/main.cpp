// evtxdiag: read exported Windows event logs offline and explain why a backup failed.
#include <algorithm>
#include <iostream>
#include <map>
#include <vector>

#include "command.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/version.hpp"


namespace evtxdiag::cli {
namespace {

struct Registered {
  int order;
  std::string name;
  std::string description;
  Setup setup;
};

std::vector<Registered>& registry() {
  static std::vector<Registered> commands;  // function-local: safe from static-init order
  return commands;
}

}  // namespace

CommandRegistration::CommandRegistration(int order, std::string name, std::string description, Setup setup) {
  registry().push_back({order, std::move(name), std::move(description), std::move(setup)});
}

}  // namespace evtxdiag::cli

int main(int argc, char** argv) {
  using namespace evtxdiag::cli;
  CLI::App app{"evtxdiag: explains Windows backup failures from exported event logs (.evtx)", "evtxdiag"};
  app.set_version_flag("--version", std::string("evtxdiag ") + evtxdiag::version() + evtxdiag::cli::allocator_note());
  app.require_subcommand(1);
  app.footer("Exit codes: 0 success, 1 some input could not be decoded, 2 usage error or nothing readable,\n"
             "3 a finding matched --fail-on. Run 'evtxdiag COMMAND --help' for a command's options.");

  auto commands = registry();
  std::stable_sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.order < b.order; });
  std::map<CLI::App*, Runner> runners;
  for (auto& command : commands) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    runners[sub] = command.setup(*sub);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_usage;
  }

  try {
    for (auto& [sub, run] : runners)
      if (sub->parsed()) return run();
  } catch (const evtxdiag::Error& e) {
    std::cerr << "evtxdiag: " << e.what() << '\n';
    return exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "evtxdiag: internal error: " << e.what() << '\n';
    return exit_usage;
  }
  return exit_usage;
}
