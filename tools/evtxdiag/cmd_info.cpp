// evtxdiag info: header facts, record counts and time span of logs; the library's
// read_case_info()/format_info() (evtxdiag/info.hpp) do the work.
#include <iostream>

#include "command.hpp"
#include "evtxdiag/case_reader.hpp"
#include "evtxdiag/info.hpp"
#include "output_option.hpp"
#include "problems.hpp"
#include "tz_option.hpp"

namespace evtxdiag::cli {
namespace {

struct InfoCommand {
  std::vector<std::string> files;
  std::string format = "text";
  bool decode = false;
  std::string decoder = "auto";
  TzOption tz;
  OutputOption output;
  bool verbose = false;
  unsigned threads = 0;
};

int info_to(std::ostream& out, const InfoCommand& opts) {
  CaseInputs inputs = collect_inputs(opts.files);
  ZoneResolution zones = resolve_case_zone(opts.tz.request(), inputs);
  for (const std::string& warning : zones.warnings) std::cerr << "evtxdiag: warning: " << warning << '\n';
  InfoOptions options;
  options.decode = opts.decode;
  options.decoder = *parse_decoder_choice(opts.decoder);  // CLI11 restricted the choices
  options.threads = opts.threads;
  const CaseFacts info = read_case_info(std::move(inputs), std::move(zones), options);
  for (const LogFacts& log : info.logs) {
    if (!log.opened) std::cerr << "evtxdiag: " << log.error << '\n';
    print_problems(log.diagnostics(), opts.verbose);
  }
  out << format_info(info, *parse_info_format(opts.format));
  if (!info.any_opened()) return exit_usage;
  return info.incomplete() ? exit_partial : exit_ok;
}

int run_info(const InfoCommand& opts) {
  int status = exit_ok;
  write_output_to(opts.output, opts.files, [&](std::ostream& out) { status = info_to(out, opts); });
  return status;
}

const CommandRegistration kRegistration{
    10, "info", "Show format version, chunks, record counts, flags and time span of logs", [](CLI::App& sub) -> Runner {
      auto opts = std::make_shared<InfoCommand>();
      sub.add_option("files", opts->files, ".evtx files, folders holding them, or archives (.zip .7z .tar.*)")
          ->required()
          ->type_name("PATH");
      sub.add_option("--format", opts->format, "Output format")
          ->check(CLI::IsMember({"text", "json"}))
          ->capture_default_str();
      sub.add_flag("--decode", opts->decode,
                   "Also decode every record and count what the decoders made of them (slower)");
      sub.add_option("--decoder", opts->decoder, "With --decode: decoder choice, as for dump")
          ->check(CLI::IsMember({"auto", "libevtx", "builtin"}))
          ->capture_default_str();
      add_tz_option(sub, opts->tz);
      add_output_option(sub, opts->output, "the facts");
      add_verbose_flag(sub, opts->verbose);
      sub.add_option("-j,--threads", opts->threads, "Threads: 0 = number of cores (at most 4), 1 = none (default 0)")
          ->check(CLI::Range(0u, 64u));
      sub.footer(std::string(info_count_meanings()) +
                 "Examples:\n  evtxdiag info System.evtx --format json\n  evtxdiag info case.zip --tz Asia/Tokyo\n"
                 "  evtxdiag info System.evtx --decode\n"
                 "Exit: 0 read, nothing the headers promise is lost; 1 live records lost (records_missing, damaged\n"
                 "payloads; with --decode: undecodable live records) or a file unreadable; 2 nothing readable.");
      return [opts] { return run_info(*opts); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
