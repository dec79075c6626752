// evtxdiag: read exported Windows event logs offline and explain why a backup failed.
#include <algorithm>
#include <iostream>
#include <map>
#include <vector>

#include "command.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/version.hpp"
#include "platform/console.hpp"

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

namespace {

// Edit distance, small strings only (command names).
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// "evtxdiag diagnos logs": the closest command, when one is close enough to be meant.
std::string closest_command(const std::string& word, const std::vector<Registered>& commands) {
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& command : commands) {
    const std::size_t d = command.name.rfind(word, 0) == 0 ? 0 : distance(word, command.name);
    if (d < best_distance) best = command.name, best_distance = d;
  }
  return best;
}

// A missing required argument, said with what it is and where the examples are.
std::string missing_argument(const CLI::App& app, const std::string& what) {
  for (const CLI::App* sub : app.get_subcommands()) {
    for (const CLI::Option* option : sub->get_options()) {
      if (!option->get_required() || option->count() > 0) continue;
      const std::string name = option->get_name();
      return "evtxdiag " + sub->get_name() + ": " + (name.empty() ? what : name) +
             " is missing: " + option->get_description() + ". Examples: evtxdiag " + sub->get_name() + " --help";
    }
  }
  return "evtxdiag: " + what;
}

}  // namespace

}  // namespace evtxdiag::cli

int main(int argc, char** argv) {
  using namespace evtxdiag::cli;
  // Arguments and output in UTF-8 on every platform (a Windows console included), and data on
  // stdout byte for byte as on Linux.
  evtxdiag::platform::prepare_console();
  const std::vector<std::string> arguments = evtxdiag::platform::utf8_arguments(argc, argv);
  std::vector<char*> utf8_argv;
  for (const std::string& argument : arguments) utf8_argv.push_back(const_cast<char*>(argument.c_str()));
  utf8_argv.push_back(nullptr);
  argc = static_cast<int>(arguments.size());
  argv = utf8_argv.data();
  CLI::App app{"evtxdiag: explains Windows backup failures from exported event logs (.evtx)", "evtxdiag"};
  app.set_version_flag("--version", std::string("evtxdiag ") + evtxdiag::version() + evtxdiag::cli::allocator_note());
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 success, 1 some input could not be decoded, 2 usage error or nothing readable,\n"
      "3 a finding matched --fail-on. Run 'evtxdiag COMMAND --help' for a command's options.");

  auto commands = registry();
  // By order, then name: registrations run in static-initialisation order, which differs between
  // linkers (timeline and batch share an order and swapped places in evtxdiag.exe's --help).
  std::sort(commands.begin(), commands.end(),
            [](const auto& a, const auto& b) { return a.order != b.order ? a.order < b.order : a.name < b.name; });
  std::map<CLI::App*, Runner> runners;
  for (auto& command : commands) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    runners[sub] = command.setup(*sub);
  }

  const auto known = [&commands](const std::string& word) {
    return std::any_of(commands.begin(), commands.end(), [&](const Registered& c) { return c.name == word; });
  };
  if (argc == 1 || (argv[1][0] != '-' && !known(argv[1]))) {
    if (argc == 1) {
      std::cerr << "evtxdiag: give a command, e.g. 'evtxdiag diagnose C:/case/logs'.\nCommands:";
      for (const auto& command : commands) std::cerr << ' ' << command.name;
      std::cerr << "\nRun 'evtxdiag --help' for what each does.\n";
      return exit_usage;
    }
    const std::string guess = closest_command(argv[1], commands);
    std::cerr << "evtxdiag: unknown command '" << argv[1] << "'"
              << (guess.empty() ? std::string() : "; did you mean '" + guess + "'?") << "\nCommands:";
    for (const auto& command : commands) std::cerr << ' ' << command.name;
    std::cerr << "\nRun 'evtxdiag --help' for what each does.\n";
    return exit_usage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::RequiredError& e) {
    std::cerr << missing_argument(app, e.what()) << '\n';
    return exit_usage;
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
