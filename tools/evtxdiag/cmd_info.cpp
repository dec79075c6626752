// evtxdiag info: header facts and record counts of .evtx files.
#include <nlohmann/json.hpp>

#include <iostream>

#include "command.hpp"
#include "event_output.hpp"
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
  std::string decoder = "auto";
  TzOption tz;
  OutputOption output;
  bool verbose = false;
};

nlohmann::ordered_json info_json(const ReadSummary& s, const ZoneResolution& zones) {
  nlohmann::ordered_json j;
  j["file"] = s.info.path;
  j["file_size"] = s.info.file_size;
  j["format_version"] = std::to_string(s.info.major_version) + "." + std::to_string(s.info.minor_version);
  j["header_chunk_count"] = s.info.header_chunk_count;
  j["chunks_in_file"] = s.info.chunks_in_file;
  j["dirty"] = s.info.dirty;
  j["full"] = s.info.full;
  j["header_checksum_ok"] = s.info.header_checksum_ok;
  j["live_records"] = s.live_records;
  j["live_decoded"] = s.live_decoded;
  j["recovered_records"] = s.recovered_records;
  j["recovered_decoded"] = s.recovered_decoded;
  j["recovered_duplicates"] = s.recovered_duplicates;
  j["undecodable"] = s.undecodable;
  j["recovered_undecodable"] = s.recovered_undecodable;
  j["recovered_fragments"] = s.recovered_fragments;
  j["builtin_decoded"] = s.builtin_decoded;
  j["first_event"] = format_time(s.first_event);
  j["last_event"] = format_time(s.last_event);
  j["first_event_local"] = zones.format_local(s.first_event);
  j["last_event_local"] = zones.format_local(s.last_event);
  j["time_zone"] = zone_json(zones);  // the zone used and where it came from
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

int info_to(std::ostream& out, const InfoOptions& opts) {
  ReadOptions read_options;
  read_options.recovered = true;
  read_options.decoder = opts.decoder == "libevtx"   ? DecoderChoice::libevtx_only
                         : opts.decoder == "builtin" ? DecoderChoice::builtin_only
                                                     : DecoderChoice::automatic;
  const ZoneResolution zones = resolve_tz(opts.tz, opts.files);
  std::size_t opened = 0;
  bool lost_data = false;
  for (const std::string& path : opts.files) {
    try {
      EvtxReader reader = EvtxReader::open_file(path);
      ++opened;
      const ReadSummary summary = reader.read(read_options, [](Event&&) {});
      const nlohmann::ordered_json j = info_json(summary, zones);
      if (opts.format == "json") {
        out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
      } else {
        print_text(out, j);
      }
      print_problems(summary.diagnostics, opts.verbose);
      if (summary.undecodable > summary.recovered_undecodable) lost_data = true;
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
    10, "info", "Show format version, chunks, record counts, flags and time span of .evtx files",
    [](CLI::App& sub) -> Runner {
      auto opts = std::make_shared<InfoOptions>();
      sub.add_option("files", opts->files, ".evtx files to inspect")->required()->type_name("FILE");
      sub.add_option("--format", opts->format, "Output format")
          ->check(CLI::IsMember({"text", "json"}))
          ->capture_default_str();
      sub.add_option("--decoder", opts->decoder, "Decoder choice, as for dump")
          ->check(CLI::IsMember({"auto", "libevtx", "builtin"}))
          ->capture_default_str();
      add_tz_option(sub, opts->tz);
      add_output_option(sub, opts->output, "the facts");
      add_verbose_flag(sub, opts->verbose);
      sub.footer("Example:\n  evtxdiag info System.evtx --format json\n  evtxdiag info System.evtx --tz Asia/Tokyo\n"
                 "Counts include recovered records (from slack space). first/last_event are UTC; the *_local\n"
                 "values are in the --tz zone (auto: inferred from the logs), stated under time_zone.\n"
                 "Exit: 0 all live records decoded, 1 some could not be decoded, 2 nothing readable.");
      return [opts] { return run_info(*opts); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
