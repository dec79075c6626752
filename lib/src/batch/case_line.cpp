// The JSON line of a case (documented on case_line() in batch_results.hpp) and reading it back.
#include <nlohmann/json.hpp>

#include <cmath>

#include "evtxdiag/batch_results.hpp"
#include "evtxdiag/error.hpp"

namespace evtxdiag {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

bool parse_case_kind(std::string_view text, CaseKind& kind) {
  for (const CaseKind k : {CaseKind::directory, CaseKind::archive, CaseKind::file})
    if (text == to_string(k)) return kind = k, true;
  return false;
}

// The value of `key`, checked: a line from another tool or an older evtxdiag is named, not guessed.
const nlohmann::json& member(const nlohmann::json& j, const char* key, bool (nlohmann::json::*is_type)() const noexcept,
                             const char* type) {
  const auto it = j.find(key);
  if (it == j.end()) throw Error(ErrorKind::invalid_input, std::string("no \"") + key + "\" key");
  if (!((*it).*is_type)()) throw Error(ErrorKind::invalid_input, std::string("\"") + key + "\" is not " + type);
  return *it;
}

std::map<std::string, std::size_t> count_map(const nlohmann::json& j, const char* key) {
  std::map<std::string, std::size_t> counts;
  for (const auto& [name, n] : member(j, key, &nlohmann::json::is_object, "an object").items()) {
    if (!n.is_number_unsigned())
      throw Error(ErrorKind::invalid_input, std::string("\"") + key + "\": a count is not a number");
    counts[name] = n.get<std::size_t>();
  }
  return counts;
}

}  // namespace

bool parse_case_status(std::string_view text, CaseStatus& status) {
  for (int s = 0; s <= static_cast<int>(CaseStatus::crashed); ++s)
    if (text == to_string(static_cast<CaseStatus>(s))) return status = static_cast<CaseStatus>(s), true;
  return false;
}

std::string case_line(const CaseResult& r, bool timings) {
  Json head;
  head["case"] = r.info.path;
  head["kind"] = to_string(r.info.kind);
  head["status"] = to_string(r.status);
  head["error"] = r.error;
  head["files"] = r.tally.files;
  head["undecodable_files"] = r.tally.undecodable_files;
  head["jobs"] = r.tally.jobs;
  head["failed_jobs"] = r.tally.failed_jobs;
  // What the summary of a run needs beyond the counts above, so that a summary can be made
  // from the lines alone (evtxdiag summarize).
  head["input_bytes"] = r.tally.input_bytes;
  head["failed_jobs_by_cause"] = Json::object();
  for (const auto& [cause, n] : r.tally.failed_jobs_by_cause) head["failed_jobs_by_cause"][cause] = n;
  head["findings_by_verdict"] = Json::object();
  for (const auto& [verdict, n] : r.tally.findings_by_verdict) head["findings_by_verdict"][verdict] = n;
  // The diagnosis document (rendered in the case's process) is spliced in as is.
  std::string line = dump(head);
  line.pop_back();  // the closing brace
  line += ",\"diagnosis\":" + (r.payload.empty() ? std::string("null") : r.payload);
  if (timings) line += ",\"elapsed_ms\":" + std::to_string(static_cast<long long>(r.elapsed_seconds * 1000 + 0.5));
  line += '}';
  return line;
}

CaseResult parse_case_line(std::string_view line) {
  const nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
  if (j.is_discarded()) throw Error(ErrorKind::invalid_input, "not a JSON text");
  if (!j.is_object()) throw Error(ErrorKind::invalid_input, "not a JSON object");
  CaseResult r;
  const auto str = &nlohmann::json::is_string;
  const auto count = &nlohmann::json::is_number_unsigned;
  r.info.path = member(j, "case", str, "a string").get<std::string>();
  if (!parse_case_kind(member(j, "kind", str, "a string").get<std::string>(), r.info.kind))
    throw Error(ErrorKind::invalid_input, "\"kind\" is not directory, archive or file");
  if (!parse_case_status(member(j, "status", str, "a string").get<std::string>(), r.status))
    throw Error(ErrorKind::invalid_input, "\"status\" is not a case status");
  r.error = member(j, "error", str, "a string").get<std::string>();
  r.tally.files = member(j, "files", count, "a count").get<std::size_t>();
  r.tally.undecodable_files = member(j, "undecodable_files", count, "a count").get<std::size_t>();
  r.tally.jobs = member(j, "jobs", count, "a count").get<std::size_t>();
  r.tally.failed_jobs = member(j, "failed_jobs", count, "a count").get<std::size_t>();
  r.tally.input_bytes = member(j, "input_bytes", count, "a count").get<std::uint64_t>();
  r.tally.failed_jobs_by_cause = count_map(j, "failed_jobs_by_cause");
  r.tally.findings_by_verdict = count_map(j, "findings_by_verdict");
  const auto diagnosis = j.find("diagnosis");
  if (diagnosis == j.end()) throw Error(ErrorKind::invalid_input, "no \"diagnosis\" key");
  if (!diagnosis->is_null()) r.payload = diagnosis->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const auto elapsed = j.find("elapsed_ms");
  if (elapsed != j.end()) {
    if (!elapsed->is_number() || !std::isfinite(elapsed->get<double>()) || elapsed->get<double>() < 0)
      throw Error(ErrorKind::invalid_input, "\"elapsed_ms\" is not a duration");
    r.elapsed_seconds = elapsed->get<double>() / 1000;
  }
  return r;
}

}  // namespace evtxdiag
