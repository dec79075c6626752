// `info`: the facts of each log from the structural walk (or, asked, a full decode), rendered as
// text or JSON Lines. One implementation for the CLI, the C API and Python.
#include "evtxdiag/info.hpp"

#include <nlohmann/json.hpp>

#include "evtxdiag/error.hpp"
#include "evtxdiag/event_output.hpp"
#include "report/zone_json.hpp"

namespace evtxdiag {
namespace {

using Json = nlohmann::ordered_json;

Json header_json(const FileInfo& info) {
  Json j;
  j["file"] = info.path;  // as the reader names the file (an archive member: archive/member)
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
void add_accounting(Json& j, const RecordAccounting& a) {
  j["records_promised"] = a.records_promised;
  j["records_missing"] = a.records_missing;
  j["duplicate_records"] = a.duplicate_records;
  j["damaged_chunks"] = a.damaged_chunks;
}

void add_span(Json& j, Timestamp first, Timestamp last, const ZoneResolution& zones) {
  j["first_event"] = format_time(first);
  j["last_event"] = format_time(last);
  j["first_event_local"] = zones.format_local(first);
  j["last_event_local"] = zones.format_local(last);
  j["time_zone"] = report::zone_json(zones);  // the zone used and where it came from
}

Json survey_json(const FileSurvey& s, const ZoneResolution& zones) {
  Json j = header_json(s.info);
  j["live_records"] = s.live_records;
  add_accounting(j, s.accounting);
  j["live_payload_damaged"] = s.live_payload_damaged;
  j["recovered_records"] = s.recovered_records;
  j["recovered_fragments"] = s.recovered_fragments;
  add_span(j, s.first_event, s.last_event, zones);
  if (s.times_from_headers > 0) j["times_from_record_headers"] = s.times_from_headers;  // see FileSurvey
  return j;
}

Json decoded_json(const ReadSummary& s, const ZoneResolution& zones) {
  Json j = header_json(s.info);
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

void append_text(std::string& out, const Json& j) {
  out += j["file"].get<std::string>() + '\n';
  for (const auto& item : j.items()) {
    if (item.key() == "file") continue;
    if (item.key() == "time_zone") {  // the human sentence(s), indented under the file
      std::string summary = item.value()["summary"].get<std::string>();
      if (summary.rfind("Time zone: ", 0) == 0) summary.erase(0, 11);
      for (std::size_t pos = 0; (pos = summary.find('\n', pos)) != std::string::npos; pos += 5)
        summary.insert(pos + 1, "    ");
      out += "  time_zone: " + summary + '\n';
      continue;
    }
    const std::string value = item.value().is_string() ? item.value().get<std::string>() : item.value().dump();
    out += "  " + item.key() + ": " + (value.empty() ? "-" : value) + '\n';
  }
}

LogFacts read_log(CaseFile& file, const InfoOptions& options) {
  LogFacts log;
  log.name = file.name;
  try {
    if (!file.error.empty()) throw Error(ErrorKind::io, file.error);
    EvtxReader reader =
        file.on_disk() ? EvtxReader::open_file(file.path) : EvtxReader::open_buffer(std::move(file.bytes), file.name);
    log.opened = true;
    if (options.decode) {
      ReadOptions read;
      read.recovered = true;
      read.decoder = options.decoder;
      read.threads = options.threads;
      log.decoded = reader.read(read, [](Event&&) {});
      // Deleted records in slack space are a bonus: failing to decode them loses nothing live.
      log.live_records_lost = log.decoded->live_lost() > 0;
    } else {
      log.survey = reader.survey(options.threads);
      // The structure alone: promised records not in the file, or live records whose bytes are
      // damaged (a payload damaged inside intact bytes is only found by decoding).
      log.live_records_lost = log.survey->accounting.records_missing > 0 || log.survey->live_payload_damaged > 0;
    }
  } catch (const Error& e) {
    log.error = e.what();
  }
  return log;
}

}  // namespace

const std::vector<Diagnostic>& LogFacts::diagnostics() const {
  static const std::vector<Diagnostic> none;
  if (decoded) return decoded->diagnostics;
  if (survey) return survey->diagnostics;
  return none;
}

bool CaseFacts::any_opened() const {
  for (const LogFacts& log : logs)
    if (log.opened) return true;
  return false;
}

bool CaseFacts::incomplete() const {
  for (const LogFacts& log : logs)
    if (!log.opened || log.live_records_lost) return true;
  return false;
}

CaseFacts read_case_info(CaseInputs inputs, ZoneResolution zones, const InfoOptions& options) {
  CaseFacts info;
  info.zones = std::move(zones);
  for (CaseFile& file : inputs.logs) info.logs.push_back(read_log(file, options));
  return info;
}

std::optional<InfoFormat> parse_info_format(const std::string& text) {
  if (text == "text") return InfoFormat::text;
  if (text == "json") return InfoFormat::json;
  return std::nullopt;
}

std::string format_info(const CaseFacts& info, InfoFormat format) {
  std::string out;
  for (const LogFacts& log : info.logs) {
    if (!log.opened) continue;
    const Json j = log.decoded ? decoded_json(*log.decoded, info.zones) : survey_json(*log.survey, info.zones);
    if (format == InfoFormat::json)
      out += j.dump(-1, ' ', false, Json::error_handler_t::replace) + '\n';
    else
      append_text(out, j);
  }
  return out;
}

const char* info_count_meanings() {
  return "Counts (from the file's structure, no record decoded):\n"
         "  missing_bytes        bytes missing from the last chunk of a copy cut short (its complete records are "
         "read)\n"
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
         "stated under time_zone.\n";
}

}  // namespace evtxdiag
