// evtxdiag dump: every event of one or more .evtx files, as JSON Lines, CSV or XML.
#include <future>
#include <iostream>
#include <thread>

#include "command.hpp"
#include "event_output.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/knowledge.hpp"
#include "evtxdiag/reader.hpp"
#include "mta_option.hpp"
#include "output_option.hpp"
#include "problems.hpp"
#include "tz_option.hpp"

namespace evtxdiag::cli {
namespace {

struct DumpOptions {
  std::vector<std::string> files;
  std::string format = "jsonl";
  bool recovered = false;
  std::string decoder = "auto";
  TzOption tz;
  MtaOption mta;  // messages and display names from LocaleMetaData/*.MTA
  unsigned threads = 0;  // 0 = automatic
  OutputOption output;
  bool verbose = false;
};

DecoderChoice decoder_choice(const std::string& name) {
  if (name == "libevtx") return DecoderChoice::libevtx_only;
  if (name == "builtin") return DecoderChoice::builtin_only;
  return DecoderChoice::automatic;
}

int dump_to(std::ostream& out, const DumpOptions& opts) {
  EventFormat format = EventFormat::jsonl;
  parse_event_format(opts.format, format);  // CLI11 already restricted the choices
  EventWriter writer(out, format);
  writer.set_zones(resolve_tz(opts.tz, opts.files));
  ReadOptions read_options;
  read_options.recovered = opts.recovered;
  read_options.keep_xml = writer.needs_xml();
  read_options.decoder = decoder_choice(opts.decoder);
  read_options.threads = opts.threads;

  // Events the MTA does not cover get the knowledge base's template, filled with their values,
  // so the message column is filled wherever evtxdiag knows the event (MTA text wins: it is what
  // the customer's Event Viewer showed). With threads, the knowledge base (YAML, ~0.1 s) loads
  // while the first file is opened and its first records decoded.
  const bool threads = opts.threads > 1 || (opts.threads == 0 && std::thread::hardware_concurrency() > 1);
  const std::shared_future<KnowledgeBase> knowledge_loading =
      std::async(threads ? std::launch::async : std::launch::deferred, [] { return KnowledgeBase::builtin(); });
  const Language language = parse_language(opts.mta.language).value_or(Language::en);

  std::size_t opened = 0;
  bool lost_data = false;
  for (const std::string& path : opts.files) {
    try {
      EvtxReader reader = EvtxReader::open_file(path);
      ++opened;
      const LoadedMta mta = load_mta(opts.mta, path, std::cerr);
      lost_data = lost_data || mta.lost_data;
      const ReadSummary summary = reader.read(read_options, [&](Event&& event) {
        if (mta.catalog) mta.catalog->annotate(event);
        if (event.message_source == MessageSource::none) {
          event.message = knowledge_loading.get().render_message(event, language);
          if (!event.message.empty()) event.message_source = MessageSource::knowledge;
        }
        writer.write(event);
      });
      print_problems(summary.diagnostics, opts.verbose);
      if (summary.undecodable > summary.recovered_undecodable) lost_data = true;
    } catch (const Error& e) {
      std::cerr << "evtxdiag: " << e.what() << '\n';
      lost_data = true;
    }
  }
  writer.finish();
  if (opened == 0) return exit_usage;
  return lost_data ? exit_partial : exit_ok;
}

int run_dump(const DumpOptions& opts) {
  int status = exit_ok;
  write_output_to(opts.output, opts.files, [&](std::ostream& out) { status = dump_to(out, opts); });
  return status;
}

const CommandRegistration kRegistration{
    20, "dump", "Print every event of .evtx files (JSON Lines, CSV or XML)", [](CLI::App& sub) -> Runner {
      auto opts = std::make_shared<DumpOptions>();
      sub.add_option("files", opts->files, ".evtx files to read")->required()->type_name("FILE");
      sub.add_option("--format", opts->format, "Output format")
          ->check(CLI::IsMember({"jsonl", "csv", "xml"}))
          ->capture_default_str();
      sub.add_flag("--recovered", opts->recovered,
                   "Also print records recovered from slack space (marked \"origin\":\"recovered\")");
      sub.add_option("--decoder", opts->decoder,
                     "auto: libevtx, built-in decoder for records libevtx rejects; libevtx: libevtx only; "
                     "builtin: built-in decoder only")
          ->check(CLI::IsMember({"auto", "libevtx", "builtin"}))
          ->capture_default_str();
      add_tz_option(sub, opts->tz);
      add_mta_option(sub, opts->mta);
      add_output_option(sub, opts->output, "the events");
      add_verbose_flag(sub, opts->verbose);
      sub.add_option("-j,--threads", opts->threads,
                     "Decoding threads: 0 = number of cores (at most 4), 1 = none (default 0); the output is the same")
          ->check(CLI::Range(0u, 64u));
      sub.footer(
          "Examples:\n  evtxdiag dump System.evtx\n  evtxdiag dump System.evtx --format csv > system.csv\n"
          "  evtxdiag dump Security.evtx -j 2 > security.jsonl   # two decoding threads\n"
          "  evtxdiag dump Application.evtx --recovered --format xml\n"
          "  evtxdiag dump System.evtx --tz \"Tokyo Standard Time\"\n"
          "  evtxdiag dump System.evtx --lang ja   # messages from LocaleMetaData/System_1041.MTA\n"
          "stdout carries the events only; problems go to stderr. time_created is UTC (ISO-8601, 100 ns);\n"
          "time_created_local is the same instant in the --tz zone, with its offset.\n"
          "Exit: 0 all decoded, 1 some record or file could not be decoded, 2 nothing readable.");
      return [opts] { return run_dump(*opts); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
