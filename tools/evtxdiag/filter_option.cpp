// See filter_option.hpp.
#include "filter_option.hpp"

#include "evtxdiag/error.hpp"

namespace evtxdiag::cli {
namespace {

// Each option appends to `option.given` and is checked by the library's parser right away.
void add_one(CLI::App& sub, FilterOption& option, const std::string& name, const std::string& help,
             const std::string& type_name) {
  sub.add_option_function<std::vector<std::string>>(
         "--" + name,
         [&option, name](const std::vector<std::string>& values) {
           for (const std::string& value : values) option.given.emplace_back(name, value);
         },
         help)
      ->type_name(type_name)
      ->expected(1)  // one value per occurrence: `--provider Backup System.evtx` keeps the path a path
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->check([name](const std::string& value) -> std::string {
        EventFilter scratch;
        try {
          add_filter(scratch, name, value);
        } catch (const Error& e) {
          // CLI11 names the option itself: keep the library's reason only.
          const std::string message = e.what();
          const std::size_t reason = message.find(": ");
          return reason == std::string::npos ? message : message.substr(reason + 2);
        }
        return {};
      });
}

}  // namespace

const char* const kFilterHelp =
    "Filters: --from/--to take YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DDTHH:MM:SS[.fffffff]: local time in\n"
    "the zone of the output (--tz, or the zone inferred from the logs), or UTC/any zone with a Z or +09:00\n"
    "suffix; --to includes the whole last unit given (--to 2019-10-28 keeps that day). --provider matches\n"
    "case-insensitively, also the short name Event Viewer shows (Backup = Microsoft-Windows-Backup) and the\n"
    "knowledge base's aliases. Repeated options and comma-separated values are alternatives; different\n"
    "options must all match.\n";

void add_filter_options(CLI::App& sub, FilterOption& option, bool with_computer) {
  add_one(sub, option, "from", "Only events at or after this time (see Filters below)", "TIME");
  add_one(sub, option, "to", "Only events up to this time, its last unit included (see Filters below)", "TIME");
  add_one(sub, option, "provider", "Only events of this provider (repeatable; Backup, volsnap, ...)", "NAME");
  add_one(sub, option, "event-id", "Only these event ids (repeatable; 4104, 512-521, 7,9)", "IDS");
  add_one(sub, option, "level", "Only these levels (repeatable; critical, error, warning, information, verbose, 0-5)",
          "LEVEL");
  if (with_computer)
    add_one(sub, option, "computer", "Only events logged by this machine (repeatable; with or without DNS suffix)",
            "NAME");
}

EventFilter make_filter(const FilterOption& option) {
  EventFilter filter;
  for (const auto& [name, value] : option.given) add_filter(filter, name, value);
  return filter;
}

}  // namespace evtxdiag::cli
