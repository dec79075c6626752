// evtxdiag timeline: the correlated events of a set of logs (or all events) merged in time
// order, each tagged with the backup job whose window holds it.
#include <iostream>
#include <memory>

#include "command.hpp"
#include "diagnosis_output.hpp"
#include "diagnosis_run.hpp"
#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/output.hpp"
#include "mta_option.hpp"
#include "output_option.hpp"
#include "problems.hpp"
#include "terminal.hpp"
#include "timeline_csv.hpp"
#include "tz_option.hpp"

namespace evtxdiag::cli {
namespace {

struct TimelineOptions {
  std::vector<std::string> paths;
  TzOption tz;
  bool all = false;
  int margin = 30;
  std::string format = "text";
  MtaOption mta;  // --lang also chooses the language of knowledge-base messages
  OutputOption output;
  bool verbose = false;
  std::string computer;
};

const CommandRegistration kRegistration{
    45, "timeline", "Merge the correlated (or all) events of several logs in time order", [](CLI::App& sub) -> Runner {
      auto o = std::make_shared<TimelineOptions>();
      sub.add_option("paths", o->paths, ".evtx files, folders or archives (.zip .7z .tar.*) with a case's logs")->required();
      add_tz_option(sub, o->tz);
      sub.add_flag("--all", o->all, "Every event, not only the ones related to backups, storage, boot and clock");
      sub.add_option("--margin", o->margin, "Minutes around each job that count as its window (default 30)")
          ->check(CLI::Range(0, 10080));
      sub.add_option("--format", o->format, "text, jsonl or csv (default text)")->check(CLI::IsMember({"text", "jsonl", "csv"}));
      add_mta_option(sub, o->mta);
      add_output_option(sub, o->output, "the timeline");
      add_verbose_flag(sub, o->verbose);
      sub.add_option("--computer", o->computer, "When the logs come from several machines, only this one");
      sub.footer(
          "Examples:\n  evtxdiag timeline logs/ --tz Asia/Tokyo\n"
          "  evtxdiag timeline System.evtx Application.evtx --all --format csv > timeline.csv\n"
          "  evtxdiag timeline logs/ --lang ja   # messages in Japanese (MTA files, else the knowledge base)\n"
          "CSV columns (Timesketch-compatible): datetime,timestamp,timestamp_desc,message,message_source,\n"
          "time_local,computer,channel,provider,event_id,level,record_id,file,job,role");
      return [o] {
        if (!o->output.path.empty()) check_output_path(o->output.path, OutputPolicy{o->paths, o->output.force});
        DiagnoseOptions options;
        options.zone = o->tz.spec;
        options.all_events = o->all;
        options.margin_minutes = o->margin;
        options.lang = o->mta.language;
        apply_mta_option(o->mta, options);
        options.computer = o->computer;
        const std::vector<Diagnosis> machines = run_diagnosis(o->paths, options, "reading");
        if (const int status = report_inputs(machines, o->verbose); status != exit_ok) return status;
        TimelineFormat format = TimelineFormat::text;
        parse_timeline_format(o->format, format);
        write_output_to(o->output, o->paths, [&](std::ostream& out) {
          // Several machines: one after the other (job numbers are per machine), never interleaved.
          for (std::size_t i = 0; i < machines.size(); ++i) {
            const Diagnosis& d = machines[i];
            if (format == TimelineFormat::text) {
              if (machines.size() > 1) out << (i ? "\n" : "") << "# machine: " << d.computer << '\n';
              out << "# zone: " << d.zone.name << " (" << d.zone.source << ")\n";
            }
            if (format == TimelineFormat::csv)
              write_timeline_csv(out, d, i == 0);
            else
              write_timeline(out, d, format);
          }
        });
        return completeness_exit(machines);
      };
    }};

}  // namespace
}  // namespace evtxdiag::cli
