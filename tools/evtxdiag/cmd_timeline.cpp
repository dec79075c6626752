// evtxdiag timeline: the correlated events of a set of logs (or all events) merged in time
// order, each tagged with the backup job whose window holds it; the library's read_timeline()
// and write_timeline() (evtxdiag/timeline.hpp) do the work.
#include <memory>

#include "command.hpp"
#include "diagnosis_run.hpp"
#include "evtxdiag/output.hpp"
#include "evtxdiag/timeline.hpp"
#include "filter_option.hpp"
#include "mta_option.hpp"
#include "output_option.hpp"
#include "problems.hpp"
#include "terminal.hpp"
#include "tz_option.hpp"

namespace evtxdiag::cli {
namespace {

struct TimelineCommand {
  std::vector<std::string> paths;
  TzOption tz;
  bool all = false;
  int margin = 30;
  std::string format = "text";
  bool bom = false;
  MtaOption mta;  // --lang also chooses the language of knowledge-base messages
  FilterOption filter;
  OutputOption output;
  bool verbose = false;
  std::string computer;
};

std::string csv_columns_help() {
  std::string help;
  for (const std::string& column : timeline_csv_columns()) help += (help.empty() ? "" : ",") + column;
  return help;
}

int run_timeline(const TimelineCommand& o) {
  if (!o.output.path.empty()) check_output_path(o.output.path, OutputPolicy{o.paths, o.output.force});
  TimelineOptions options;
  options.diagnosis.zone = o.tz.request();
  options.diagnosis.all_events = o.all;
  options.diagnosis.margin_minutes = o.margin;
  options.diagnosis.language = *parse_language(o.mta.language);
  apply_mta_option(o.mta, options.diagnosis);
  options.diagnosis.computer = o.computer;
  options.filter = make_filter(o.filter);
  const std::vector<Diagnosis> machines = [&] {
    BusyIndicator busy("reading");  // stderr, terminal only
    return read_timeline(o.paths, options);
  }();
  if (const int status = report_inputs(machines, o.verbose); status != exit_ok) return status;
  TimelineRender render;
  render.bom = o.bom;
  write_output_to(o.output, o.paths,
                  [&](std::ostream& out) { write_timeline(out, machines, *parse_timeline_format(o.format), render); });
  return completeness_exit(machines);
}

const CommandRegistration kRegistration{
    45, "timeline", "Merge the correlated (or all) events of several logs in time order", [](CLI::App& sub) -> Runner {
      auto o = std::make_shared<TimelineCommand>();
      sub.add_option("paths", o->paths, ".evtx files, folders or archives (.zip .7z .tar.*) with a case's logs")
          ->required();
      add_tz_option(sub, o->tz);
      sub.add_flag("--all", o->all, "Every event, not only the ones related to backups, storage, boot and clock");
      sub.add_option("--margin", o->margin, "Minutes around each job that count as its window (default 30)")
          ->check(CLI::Range(0, 10080));
      sub.add_option("--format", o->format, "text, jsonl or csv (default text)")
          ->check(CLI::IsMember({"text", "jsonl", "csv"}));
      sub.add_flag("--bom", o->bom, "CSV: start with a UTF-8 byte order mark (Excel then shows Japanese correctly)");
      add_mta_option(sub, o->mta);
      add_filter_options(sub, o->filter, /*with_computer=*/false);
      add_output_option(sub, o->output, "the timeline");
      add_verbose_flag(sub, o->verbose);
      sub.add_option("--computer", o->computer,
                     "When the logs come from several machines, only this one (any name it logged, case-insensitive, "
                     "with or without DNS suffix)");
      sub.footer(
          "Examples:\n  evtxdiag timeline logs/ --tz Asia/Tokyo\n"
          "  evtxdiag timeline System.evtx Application.evtx --all --format csv --bom -o timeline.csv\n"
          "  evtxdiag timeline logs/ --lang ja   # messages in Japanese (MTA files, else the knowledge base)\n"
          "  evtxdiag timeline logs/ --tz Asia/Tokyo --from \"2019-10-28 21:00\" --to 2019-10-29 --provider Backup\n" +
          std::string(kFilterHelp) + "CSV columns (Timesketch-compatible): " + csv_columns_help());
      return [o] { return run_timeline(*o); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
