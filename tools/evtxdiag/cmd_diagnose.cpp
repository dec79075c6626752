// evtxdiag diagnose: the backup jobs of a set of logs, what caused each failure, what to do,
// and which alarming events to ignore.
#include <chrono>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "diagnosis_run.hpp"
#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/diagnosis_json.hpp"
#include "evtxdiag/output.hpp"
#include "evtxdiag/report.hpp"
#include "mta_option.hpp"
#include "output_option.hpp"
#include "problems.hpp"
#include "terminal.hpp"
#include "tz_option.hpp"

namespace evtxdiag::cli {
namespace {

struct DiagnoseCommandOptions {
  std::vector<std::string> paths;
  TzOption tz;
  int margin = 30;
  std::string lang = "en";
  std::vector<std::string> knowledge;
  std::string format = "text";
  std::string fail_on;
  bool no_recovered = false;
  OutputOption output;         // -o FILE: write the report there instead of stdout
  std::string color = "auto";  // text format only
  MtaOption mta;               // messages from LocaleMetaData/*.MTA; its language is --lang
  unsigned threads = 0;        // 0 = automatic
  bool verbose = false;
  std::string computer;  // several machines: diagnose this one only
  std::string audience = "engineer";
  bool stamp = false;     // the time of the analysis in the provenance (not reproducible)
  std::size_t width = 0;  // text: cut event messages to this many columns
};

// Now, for --stamp: the one place the analyst's clock enters a report, and only when asked.
Timestamp now_utc() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Timestamp::from_unix(std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count());
}

// The report in the chosen format; colour only for text going to a terminal (or --color always).
std::string render(const std::vector<Diagnosis>& d, const DiagnoseCommandOptions& o) {
  std::optional<Timestamp> analysed_at;
  if (o.stamp) analysed_at = now_utc();
  if (o.format == "json") return diagnoses_to_json(d, 2, analysed_at) + "\n";
  ReportOptions report;
  report.language = parse_language(o.lang);
  report.audience = *parse_audience(o.audience);
  report.analysed_at = analysed_at;
  report.width = o.width;
  if (o.format == "html") return render_html_report(d, report);
  report.ansi_colors = o.output.path.empty() && color_enabled(*parse_color_mode(o.color), stdout);
  return render_text_report(d, report);
}

int run(const DiagnoseCommandOptions& o) {
  // A bad -o must fail before minutes of reading, not after.
  if (!o.output.path.empty()) check_output_path(o.output.path, OutputPolicy{o.paths, o.output.force});
  DiagnoseOptions options;
  options.zone = o.tz.request();
  options.margin_minutes = o.margin;
  options.language = *parse_language(o.lang);  // CLI11 allowed only en and ja
  options.knowledge_dirs = o.knowledge;
  options.recovered = !o.no_recovered;
  apply_mta_option(o.mta, options);
  options.mta_lang = o.lang;
  options.threads = o.threads;
  options.computer = o.computer;
  const std::vector<Diagnosis> machines = run_diagnosis(o.paths, options, "diagnosing");
  if (const int status = report_inputs(machines, o.verbose); status != exit_ok) return status;

  const std::string report = render(machines, o);
  write_output_to(o.output, o.paths, [&](std::ostream& out) { out << report; });

  if (!o.fail_on.empty()) {
    const auto wanted = parse_verdict(o.fail_on);
    for (const Diagnosis& d : machines)
      for (const auto& finding : d.findings)
        if (wanted && finding.verdict == *wanted) return exit_findings;
  }
  return completeness_exit(machines);
}

const CommandRegistration kRegistration{
    40, "diagnose", "Explain the backup jobs of a set of logs: causes, remedies, red herrings",
    [](CLI::App& sub) -> Runner {
      auto o = std::make_shared<DiagnoseCommandOptions>();
      sub.add_option("paths", o->paths, ".evtx files, folders or archives (.zip .7z .tar.*) with a case's logs")
          ->required();
      add_tz_option(sub, o->tz);
      sub.add_option("--margin", o->margin,
                     "Minutes before and after each job searched for related events (default 30)")
          ->check(CLI::Range(0, 10080));
      sub.add_option("--lang", o->lang, "Language of findings: en or ja (default en)")
          ->check(CLI::IsMember({"en", "ja"}));
      sub.add_option("--knowledge", o->knowledge,
                     "Directory whose knowledge/rule YAML adds to or overrides the built-in set");
      sub.add_option("--format", o->format, "text, json or html (a self-contained page with a timeline; default text)")
          ->check(CLI::IsMember({"text", "json", "html"}));
      add_output_option(sub, o->output, "the report");
      sub.add_option("--audience", o->audience,
                     "engineer (rule ids, confidence, evidence records; default) or customer (plain words, causes and "
                     "remedies, no internal names: a report to send as it is)")
          ->check(CLI::IsMember({"engineer", "customer"}));
      sub.add_flag("--stamp", o->stamp,
                   "Write the time of the analysis into the provenance (the report is then not reproducible)");
      sub.add_option("--width", o->width,
                     "Text report: cut event messages to lines of this many columns (default: never cut)");
      sub.add_option("--color", o->color, "Colour the text report: never, auto (terminal and no NO_COLOR) or always")
          ->check(CLI::IsMember(color_mode_names()))
          ->capture_default_str();
      sub.add_option("--fail-on", o->fail_on,
                     "Exit 3 when a finding with this verdict exists: cause, contributing, red-herring, context")
          ->check(CLI::IsMember({"cause", "contributing", "red-herring", "context"}));
      sub.add_flag("--no-recovered", o->no_recovered, "Do not read records recovered from slack space");
      add_mta_option(sub, o->mta, false);
      add_verbose_flag(sub, o->verbose);
      sub.add_option("--computer", o->computer,
                     "When the logs come from several machines, diagnose only this one (a Computer name it logged; "
                     "without this option each machine gets its own report)");  // --lang above also picks the MTA
                                                                                // language (ja: _1041)
      sub.add_option("-j,--threads", o->threads,
                     "Reading threads: 0 = number of cores (at most 4), 1 = none (default 0); the report is the same")
          ->check(CLI::Range(0u, 64u));
      sub.footer(
          "Examples:\n"
          "  evtxdiag diagnose C:/case/logs --tz \"Tokyo Standard Time\"\n"
          "  evtxdiag diagnose System.evtx Application.evtx Microsoft-Windows-Backup.evtx --format json\n"
          "  evtxdiag diagnose logs/ --tz Asia/Tokyo --format html -o report.html\n"
          "  evtxdiag diagnose logs/ --lang ja   # headings, verdicts, explanations and remedies in Japanese\n"
          "                                      # (and event messages from LocaleMetaData/*_1041.MTA when present)\n"
          "  evtxdiag diagnose logs/ --lang ja --audience customer --format html -o report.html   # to send as it is\n"
          "  evtxdiag diagnose logs/ --fail-on cause   # exit 3 when a cause was found (CI)\n"
          "  evtxdiag diagnose System.evtx -j 1   # no threads (same report, slower)");
      return [o] { return run(*o); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
