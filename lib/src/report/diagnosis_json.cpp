// The diagnosis JSON document (docs/diagnosis-json.md). See evtxdiag/diagnosis_json.hpp.
// Lives in the library (not the CLI) so that the C API and the Python module hand out the
// same document as `evtxdiag diagnose --format json`.
#include "evtxdiag/diagnosis_json.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <utility>

namespace evtxdiag {
namespace {

using Json = nlohmann::ordered_json;

Json evidence_json(const EvidenceRef& ref) {
  Json j;
  j["file"] = ref.file;
  j["record_id"] = ref.record_id;
  j["provider"] = ref.provider;
  j["event_id"] = ref.event_id;
  j["time_utc"] = ref.time_utc.iso_utc();
  j["time_local"] = ref.time_local;
  j["summary"] = ref.summary;
  j["message"] = ref.message;
  j["message_source"] = to_string(ref.message_source);
  return j;
}

Json optional_hex(const std::optional<std::uint32_t>& value) {
  if (!value) return Json(nullptr);
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08X", *value);
  return Json(hex);
}

Json job_json(const BackupJob& job) {
  Json o;
  o["index"] = job.index;
  o["product"] = to_string(job.product);
  o["start_utc"] = job.start_utc.iso_utc();
  o["start_local"] = job.start_local;
  o["end_utc"] = job.end_utc.iso_utc();
  o["end_local"] = job.end_local;
  o["result"] = to_string(job.result);
  auto codes = Json::array();
  for (const auto& code : job.codes)
    codes.push_back({{"code", code.hex}, {"field", code.field}, {"symbol", code.symbol}, {"message", code.message}});
  o["codes"] = std::move(codes);
  auto volumes = Json::array();
  for (const auto& v : job.volumes) {
    Json vol{{"name", v.name}, {"state", v.state}};
    vol["hresult"] = optional_hex(v.hresult);
    vol["detailed_hresult"] = optional_hex(v.detailed_hresult);
    volumes.push_back(std::move(vol));
  }
  o["volumes"] = std::move(volumes);
  auto events = Json::array();
  for (const auto& ref : job.events) events.push_back(evidence_json(ref));
  o["events"] = std::move(events);
  return o;
}

Json finding_json(const Finding& f) {
  Json o;
  o["rule"] = f.rule;
  o["verdict"] = to_string(f.verdict);
  o["confidence"] = f.confidence;
  o["title"] = f.title;
  o["explanation"] = f.explanation;
  o["remedy"] = f.remedy;
  o["job"] = f.job ? Json(*f.job) : Json(nullptr);
  auto evidence = Json::array();
  for (const auto& ref : f.evidence) evidence.push_back(evidence_json(ref));
  o["evidence"] = std::move(evidence);
  return o;
}


Json diagnosis_json(const Diagnosis& d) {
  Json j;
  j["schema"] = "evtxdiag.diagnosis/1";
  j["computer"] = d.computer;
  auto names = Json::array();
  for (const auto& name : d.computer_names)
    names.push_back({{"name", name.name},
                     {"first_seen", name.first_seen.iso_utc()},
                     {"last_seen", name.last_seen.iso_utc()},
                     {"events", name.events}});
  j["computer_names"] = std::move(names);
  j["zone"] = {{"name", d.zone.name}, {"source", d.zone.source}, {"notes", d.zone.notes}};
  j["margin_minutes"] = d.margin_minutes;
  j["lang"] = d.lang;
  auto inputs = Json::array();
  for (const auto& input : d.inputs)
    inputs.push_back({{"path", input.path},
                      {"readable", input.readable},
                      {"error", input.error},
                      {"live_records", input.live_records},
                      {"records", input.records},
                      {"live_lost", input.live_lost},
                      {"recovered", input.recovered},
                      {"recovered_lost", input.recovered_lost},
                      {"recovered_fragments", input.recovered_fragments},
                      {"duplicates", input.duplicates},
                      {"mta", input.mta},
                      {"mta_lcid", input.mta_lcid}});
  j["inputs"] = std::move(inputs);
  auto missing = Json::array();
  for (const auto& log : d.missing_logs) missing.push_back({{"channel", log.channel}, {"hides", log.hides}});
  j["missing_logs"] = std::move(missing);
  auto jobs = Json::array();
  for (const auto& job : d.jobs) jobs.push_back(job_json(job));
  j["jobs"] = std::move(jobs);
  auto findings = Json::array();
  for (const auto& f : d.findings) findings.push_back(finding_json(f));
  j["findings"] = std::move(findings);
  return j;
}

}  // namespace

std::string diagnosis_to_json(const Diagnosis& d, int indent) {
  return diagnosis_json(d).dump(indent < 0 ? -1 : indent, ' ', false, Json::error_handler_t::replace);
}

std::string diagnoses_to_json(const std::vector<Diagnosis>& machines, int indent) {
  if (machines.size() == 1) return diagnosis_to_json(machines.front(), indent);
  Json j;
  j["schema"] = "evtxdiag.machines/1";
  auto list = Json::array();
  for (const Diagnosis& d : machines) list.push_back(diagnosis_json(d));
  j["machines"] = std::move(list);
  return j.dump(indent < 0 ? -1 : indent, ' ', false, Json::error_handler_t::replace);
}

std::string timeline_entry_to_json(const TimelineEntry& entry) {
  Json j = evidence_json(entry.ref);
  j["channel"] = entry.channel;
  j["computer"] = entry.computer;
  j["level"] = entry.level;
  j["job"] = entry.job ? Json(*entry.job) : Json(nullptr);
  j["role"] = entry.role;
  Json data = Json::object();
  for (const auto& field : entry.data) data[field.name] = field.value;
  j["data"] = std::move(data);
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace evtxdiag
