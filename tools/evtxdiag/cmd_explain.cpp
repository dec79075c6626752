// evtxdiag explain CODE|PROVIDER/ID: what an error code or an event means, its likely causes
// and remedies, from the knowledge base; the library's explain() (evtxdiag/explain.hpp) does
// the work.
#include <iostream>
#include <memory>

#include "command.hpp"
#include "evtxdiag/explain.hpp"

namespace evtxdiag::cli {
namespace {

struct ExplainCommand {
  std::string query;
  std::string lang = "en";
  std::string format = "text";
  std::vector<std::string> knowledge_dirs;
};

int run(const ExplainCommand& options) {
  const KnowledgeBase knowledge = KnowledgeBase::load(options.knowledge_dirs);
  const Explanation explanation =  // CLI11 restricted --lang and --format to the choices
      explain(options.query, *parse_language(options.lang), *parse_explain_format(options.format), knowledge);
  std::cout << explanation.output;
  if (!explanation.problem.empty()) std::cerr << "evtxdiag: " << explanation.problem << '\n';
  switch (explanation.outcome) {
    case ExplainOutcome::known: return exit_ok;
    case ExplainOutcome::unknown: return exit_partial;
    case ExplainOutcome::not_a_query: return exit_usage;
  }
  return exit_usage;
}

const CommandRegistration kRegistration{
    60, "explain", "Explain an error code or an event (PROVIDER/ID) from the knowledge base",
    [](CLI::App& sub) -> Runner {
      auto options = std::make_shared<ExplainCommand>();
      sub.add_option("query", options->query,
                     "Code in any form (0x807800A1, 2155348129, -2139619167, 1224, C000000E, %%N) or PROVIDER/ID")
          ->required();
      sub.add_option("--lang", options->lang, "Language of the explanation")->check(CLI::IsMember({"en", "ja"}));
      sub.add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "json"}));
      sub.add_option("--knowledge", options->knowledge_dirs,
                     "Directory of extra/overriding knowledge YAML (repeatable)");
      sub.footer(
          "Examples:\n  evtxdiag explain 2155348129\n  evtxdiag explain volsnap/27\n  evtxdiag explain 0x800423f2 "
          "--lang ja\n"
          "Exit codes: 0 known, 1 unknown code (structure decoded) or event, 2 usage.");
      return [options] { return run(*options); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
