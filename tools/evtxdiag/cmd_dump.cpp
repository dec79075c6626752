// evtxdiag dump: every event of one or more .evtx files, as JSON Lines, CSV or XML.
#include <iostream>

#include "command.hpp"
#include "evtxdiag/dump.hpp"
#include "evtxdiag/error.hpp"
#include "filter_option.hpp"
#include "mta_option.hpp"
#include "output_option.hpp"
#include "problems.hpp"
#include "tz_option.hpp"

namespace evtxdiag::cli {
namespace {

struct DumpCommand {
  std::vector<std::string> files;
  std::string format = "jsonl";
  bool recovered = false;
  std::string decoder = "auto";
  bool cross_check = false;
  TzOption tz;
  MtaOption mta;         // messages and display names from LocaleMetaData/*.MTA
  unsigned threads = 0;  // 0 = automatic
  FilterOption filter;
  bool bom = false;
  OutputOption output;
  bool verbose = false;
};

int dump_to(std::ostream& out, const DumpCommand& opts) {
  CaseInputs inputs = collect_inputs(opts.files);
  const ZoneResolution zones = resolve_case_zone(opts.tz.request(), inputs);
  for (const std::string& warning : zones.warnings) std::cerr << "evtxdiag: warning: " << warning << '\n';
  DumpOptions options;
  if (!parse_event_format(opts.format, options.format))  // (CLI11 already restricted the choices)
    throw Error(ErrorKind::invalid_input, "--format must be jsonl, csv or xml, not '" + opts.format + "'");
  options.bom = opts.bom;
  options.read.read.recovered = opts.recovered;
  options.read.read.decoder = *parse_decoder_choice(opts.decoder);  // CLI11 restricted the choices
  options.read.read.cross_check = opts.cross_check;
  options.read.read.threads = opts.threads;
  options.read.mta = !opts.mta.disabled;
  options.read.mta_file = opts.mta.file;
  options.read.mta_lang = opts.mta.language;
  options.read.message_language =
      *parse_language(opts.mta.language);  // events the MTA lacks: knowledge templates in the same language
  options.read.filter = make_filter(opts.filter);
  const DumpOutcome outcome = dump_case(std::move(inputs), zones, options, out, [&](const CaseLogRead& log) {
    print_problems(log.mta_diagnostics, opts.verbose);
    if (!log.opened)
      std::cerr << "evtxdiag: " << log.error << '\n';
    else
      print_problems(log.summary.diagnostics, opts.verbose);
  });
  if (outcome.opened == 0) return exit_usage;
  return outcome.lost_data ? exit_partial : exit_ok;
}

int run_dump(const DumpCommand& opts) {
  int status = exit_ok;
  write_output_to(opts.output, opts.files, [&](std::ostream& out) { status = dump_to(out, opts); });
  return status;
}

const CommandRegistration kRegistration{
    20, "dump", "Print every event of .evtx files (JSON Lines, CSV or XML)", [](CLI::App& sub) -> Runner {
      auto opts = std::make_shared<DumpCommand>();
      sub.add_option("files", opts->files, ".evtx files, folders holding them, or archives (.zip .7z .tar.*)")
          ->required()
          ->type_name("PATH");
      sub.add_option("--format", opts->format, "Output format")
          ->check(CLI::IsMember({"jsonl", "csv", "xml"}))
          ->capture_default_str();
      sub.add_flag("--recovered", opts->recovered,
                   "Also print records recovered from slack space (marked \"origin\":\"recovered\")");
      sub.add_option("--decoder", opts->decoder,
                     "auto: the built-in decoder, libevtx for records it cannot read; libevtx: libevtx only; "
                     "builtin: the built-in decoder only")
          ->check(CLI::IsMember({"auto", "libevtx", "builtin"}))
          ->capture_default_str();
      sub.add_flag("--cross-check", opts->cross_check,
                   "Also decode every record with the other decoder and report each difference on stderr "
                   "(file, record, field, both values)");
      add_tz_option(sub, opts->tz);
      add_mta_option(sub, opts->mta);
      add_filter_options(sub, opts->filter);
      sub.add_flag("--bom", opts->bom, "CSV: start with a UTF-8 byte order mark (Excel then shows Japanese correctly)");
      add_output_option(sub, opts->output, "the events");
      add_verbose_flag(sub, opts->verbose);
      sub.add_option("-j,--threads", opts->threads,
                     "Decoding threads: 0 = number of cores (at most 4), 1 = none (default 0); the output is the same")
          ->check(CLI::Range(0u, 64u));
      sub.footer(
          "Examples:\n  evtxdiag dump System.evtx\n  evtxdiag dump System.evtx --format csv > system.csv\n"
          "  evtxdiag dump Security.evtx -j 2 > security.jsonl   # two decoding threads\n"
          "  evtxdiag dump Application.evtx --recovered --format xml\n"
          "  evtxdiag dump System.evtx --cross-check > /dev/null   # where do the two decoders differ?\n"
          "  evtxdiag dump System.evtx --tz \"Tokyo Standard Time\"\n"
          "  evtxdiag dump System.evtx --lang ja   # messages from LocaleMetaData/System_1041.MTA\n"
          "  evtxdiag dump logs/ --tz Asia/Tokyo --from \"2019-10-28 21:00\" --to 2019-10-29 --provider Backup --level "
          "error\n"
          "stdout carries the events only; problems go to stderr. time_created is UTC (ISO-8601, 100 ns);\n"
          "time_created_local is the same instant in the --tz zone, with its offset. --format xml writes one\n"
          "document (<Events>); characters XML cannot carry are written \\uXXXX (README, \"XML output\").\n" +
          std::string(kFilterHelp) +
          "Exit: 0 all decoded, 1 some record or file could not be decoded, 2 nothing readable.");
      return [opts] { return run_dump(*opts); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
