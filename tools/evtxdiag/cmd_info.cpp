// evtxdiag info: header facts, record counts and time span of logs. Counting needs only the
// record walk (a 270 MB log took minutes when every record was decoded); --decode also decodes
// every record and adds what the decoders made of them.
#include <nlohmann/json.hpp>

#include <iostream>

#include "command.hpp"
#include "evtxdiag/event_output.hpp"
#include "evtxdiag/case_reader.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/reader.hpp"
#include "output_option.hpp"
#include "problems.hpp"
#include "tz_option.hpp"

namespace evtxdiag::cli {
namespace {

struct InfoOptions {
  std::vector<std::string> files;
  std::string format = "text";
  bool decode = false;
  std::string decoder = "auto";
  TzOption tz;
  OutputOption output;
  bool verbose = false;
  unsigned threads = 0;
};

nlohmann::ordered_json header_json(const FileInfo& info) {
  nlohmann::ordered_json j;
  j["file"] = info.path;
  j["file_size"] = info.file_size;
  j["format_version"] = std::to_string(info.major_version) + "." + std::to_string(info.minor_version);
  j["header_chunk_count"] = info.header_chunk_count;
  j["chunks_in_file"] = info.chunks_in_file;
  j["dirty"] = info.dirty;
  j["full"] = info.full;
  j["header_checksum_ok"] = info.header_checksum_ok;
  j["missing_bytes"] = info.missing_bytes;
  return j;
}

// Promised against found (the counts add up: records_promised = live_records + records_missing).
void add_accounting(nlohmann::ordered_json& j, const RecordAccounting& a) {
  j["records_promised"] = a.records_promised;
  j["records_missing"] = a.records_missing;
  j["duplicate_records"] = a.duplicate_records;
  j["damaged_chunks"] = a.damaged_chunks;
}

void add_span(nlohmann::ordered_json& j, Timestamp first, Timestamp last, const ZoneResolution& zones) {
  j["first_event"] = format_time(first);
  j["last_event"] = format_time(last);
  j["first_event_local"] = zones.format_local(first);
  j["last_event_local"] = zones.format_local(last);
  j["time_zone"] = zone_json(zones);  // the zone used and where it came from
}

nlohmann::ordered_json survey_json(const FileSurvey& s, const ZoneResolution& zones) {
  nlohmann::ordered_json j = header_json(s.info);
  j["live_records"] = s.live_records;
  add_accounting(j, s.accounting);
  j["live_payload_damaged"] = s.live_payload_damaged;
  j["recovered_records"] = s.recovered_records;
  j["recovered_fragments"] = s.recovered_fragments;
  add_span(j, s.first_event, s.last_event, zones);
  if (s.times_from_headers > 0) j["times_from_record_headers"] = s.times_from_headers;  // see FileSurvey
  return j;
}

nlohmann::ordered_json decoded_json(const ReadSummary& s, const ZoneResolution& zones) {
  nlohmann::ordered_json j = header_json(s.info);
  j["live_records"] = s.live_records;
  add_accounting(j, s.accounting);
  j["live_decoded"] = s.live_decoded;
  j["live_payload_lost"] = s.live_payload_lost;
  j["recovered_records"] = s.recovered_records;
  j["recovered_decoded"] = s.recovered_decoded;
  j["recovered_duplicates"] = s.recovered_duplicates;
  j["undecodable"] = s.undecodable;
  j["recovered_undecodable"] = s.recovered_undecodable;
  j["recovered_payload_lost"] = s.recovered_payload_lost;
  j["recovered_fragments"] = s.recovered_fragments;
  j["builtin_decoded"] = s.builtin_decoded;
  add_span(j, s.first_event, s.last_event, zones);
  return j;
}

void print_text(std::ostream& out, const nlohmann::ordered_json& j) {
  out << j["file"].get<std::string>() << '\n';
  for (const auto& item : j.items()) {
    if (item.key() == "file") continue;
    if (item.key() == "time_zone") {  // the human sentence(s), indented under the file
      std::string summary = item.value()["summary"].get<std::string>();
      if (summary.rfind("Time zone: ", 0) == 0) summary.erase(0, 11);
      for (std::size_t pos = 0; (pos = summary.find('\n', pos)) != std::string::npos; pos += 5) summary.insert(pos + 1, "    ");
      out << "  time_zone: " << summary << '\n';
      continue;
    }
    const std::string value = item.value().is_string() ? item.value().get<std::string>() : item.value().dump();
    out << "  " << item.key() << ": " << (value.empty() ? "-" : value) << '\n';
  }
}

DecoderChoice decoder_choice(const std::string& name) {
  if (name == "libevtx") return DecoderChoice::libevtx_only;
  if (name == "builtin") return DecoderChoice::builtin_only;
  return DecoderChoice::automatic;
}

int info_to(std::ostream& out, const InfoOptions& opts) {
  CaseInputs inputs = collect_inputs(opts.files);
  const ZoneResolution zones = resolve_case_zone(opts.tz.spec, inputs);
  for (const std::string& warning : zones.warnings) std::cerr << "evtxdiag: warning: " << warning << '\n';
  ReadOptions read_options;
  read_options.recovered = true;
  read_options.decoder = decoder_choice(opts.decoder);
  read_options.threads = opts.threads;
  std::size_t opened = 0;
  bool lost_data = false;
  for (CaseFile& file : inputs.logs) {
    try {
      if (!file.error.empty()) throw Error(ErrorKind::io, file.error);
      EvtxReader reader =
          file.on_disk() ? EvtxReader::open_file(file.path) : EvtxReader::open_buffer(std::move(file.bytes), file.name);
      ++opened;
      nlohmann::ordered_json j;
      if (opts.decode) {
        const ReadSummary summary = reader.read(read_options, [](Event&&) {});
        j = decoded_json(summary, zones);
        print_problems(summary.diagnostics, opts.verbose);
        if (summary.live_lost() > 0) lost_data = true;
      } else {
        const FileSurvey survey = reader.survey(opts.threads);
        j = survey_json(survey, zones);
        print_problems(survey.diagnostics, opts.verbose);
        if (survey.accounting.records_missing > 0 || survey.live_payload_damaged > 0) lost_data = true;
      }
      if (opts.format == "json") out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
      else print_text(out, j);
    } catch (const Error& e) {
      std::cerr << "evtxdiag: " << e.what() << '\n';
      lost_data = true;
    }
  }
  if (opened == 0) return exit_usage;
  return lost_data ? exit_partial : exit_ok;
}

int run_info(const InfoOptions& opts) {
  int status = exit_ok;
  write_output_to(opts.output, opts.files, [&](std::ostream& out) { status = info_to(out, opts); });
  return status;
}

const CommandRegistration kRegistration{
    10, "info", "Show format version, chunks, record counts, flags and time span of logs", [](CLI::App& sub) -> Runner {
      auto opts = std::make_shared<InfoOptions>();
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
      sub.footer(
          "Counts (from the file's structure, no record decoded):\n"
          "  missing_bytes        bytes missing from the last chunk of a copy cut short (its complete records are read)\n"
          "  live_records         records of the log as Windows last wrote it, found in the file (each once)\n"
          "  records_promised     records the headers promise: every record id from the oldest to the newest the\n"
          "                       chunks hold (to the file header's next record id when chunks it lists are missing)\n"
          "  records_missing      promised records not in the file's bytes (each range on stderr with its offsets);\n"
          "                       records_promised = live_records + records_missing\n"
          "  duplicate_records    records stored twice (a chunk copied twice): counted and returned once\n"
          "  damaged_chunks       chunks with damage (a damaged record or range, cut short, zeroed, no signature)\n"
          "  live_payload_damaged live records whose header is intact but whose bytes are not (payload lost)\n"
          "  recovered_records    whole deleted records left in slack space (older contents; some duplicate live ones)\n"
          "  recovered_fragments  pieces of deleted records, never whole\n"
          "With --decode also: live_decoded (payload whole), live_payload_lost (live records returned with their\n"
          "record id and time only), undecodable (live + recovered records no decoder could read),\n"
          "recovered_decoded, recovered_duplicates, recovered_undecodable, recovered_payload_lost, builtin_decoded.\n"
          "first/last_event are UTC; the *_local values are in the --tz zone (auto: inferred from the logs),\n"
          "stated under time_zone.\n"
          "Examples:\n  evtxdiag info System.evtx --format json\n  evtxdiag info case.zip --tz Asia/Tokyo\n"
          "  evtxdiag info System.evtx --decode\n"
          "Exit: 0 read, nothing the headers promise is lost; 1 live records lost (records_missing, damaged\n"
          "payloads; with --decode: undecodable live records) or a file unreadable; 2 nothing readable.");
      return [opts] { return run_info(*opts); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
