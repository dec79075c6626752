// The diagnosis JSON document (docs/diagnosis-json.md). See evtxdiag/diagnosis_json.hpp.
// Lives in the library (not the CLI) so that the C API and the Python module hand out the
// same document as `evtxdiag diagnose --format json`.
#include "evtxdiag/diagnosis_json.hpp"

#include <nlohmann/json.hpp>

#include "report/provenance.hpp"
#include "report/report_model.hpp"
#include "report/words.hpp"

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

// One finding group: a finding several jobs share appears once, with every job it explains;
// each evidence record says its job.
Json finding_json(const report::FindingGroup& g) {
  Json o;
  o["rule"] = g.rule;
  o["verdict"] = to_string(g.verdict);
  o["confidence"] = g.confidence;
  o["title"] = g.texts.title;
  o["explanation"] = g.texts.explanation;
  o["remedy"] = g.texts.remedy;
  o["jobs"] = g.jobs;
  o["job"] = g.jobs.empty() ? Json(nullptr) : Json(g.jobs.front());
  auto evidence = Json::array();
  for (const Finding* f : g.members)
    for (const auto& ref : f->evidence) {
      Json item = evidence_json(ref);
      item["job"] = f->job ? Json(*f->job) : Json(nullptr);
      evidence.push_back(std::move(item));
    }
  o["evidence"] = std::move(evidence);
  return o;
}

Json job_reference(const Diagnosis& d, const BackupJob* job) {
  if (job == nullptr) return Json(nullptr);
  return {{"job", job->index},
          {"start_utc", job->start_utc.iso_utc()},
          {"start_local", job->start_local},
          {"start", report::readable(d, job->start_utc)},
          {"result", to_string(job->result)}};
}

Json group_reference(const report::FindingGroup& g) {
  return {{"rule", g.rule},
          {"verdict", to_string(g.verdict)},
          {"title", g.texts.title},
          {"remedy", g.texts.remedy},
          {"jobs", g.jobs}};
}

Json summary_json(const Diagnosis& d, const report::Summary& s) {
  Json o;
  o["text"] = s.text;
  o["status"] = s.status;
  o["jobs"] = s.jobs;
  o["failed"] = s.failed;
  o["succeeded"] = s.succeeded;
  o["failed_jobs"] = s.failed_jobs;
  o["first_failure"] = job_reference(d, s.first_failure);
  o["last_failure"] = job_reference(d, s.last_failure);
  o["succeeded_after"] = job_reference(d, s.succeeded_after);
  o["last_job"] = job_reference(d, s.last_job);
  auto causes = Json::array();
  for (const auto* g : s.causes) causes.push_back(group_reference(*g));
  o["causes"] = std::move(causes);
  auto herrings = Json::array();
  for (const auto* g : s.red_herrings) herrings.push_back(group_reference(*g));
  o["red_herrings"] = std::move(herrings);
  return o;
}

Json provenance_json(const std::optional<Timestamp>& analysed_at) {
  Json o{{"tool", report::tool_text()}};
  o["analysed_at"] = analysed_at ? Json(analysed_at->iso_utc()) : Json(nullptr);
  return o;
}

Json diagnosis_json(const Diagnosis& d, const std::optional<Timestamp>& analysed_at) {
  const report::Words w(report::report_language(std::nullopt, d));
  const report::MachineReport r = report::build_report(d, w);
  Json j;
  j["schema"] = "evtxdiag.diagnosis/2";
  j["summary"] = summary_json(d, r.summary);
  j["computer"] = d.computer;
  auto names = Json::array();
  for (const auto& name : d.computer_names)
    names.push_back({{"name", name.name},
                     {"first_seen", name.first_seen.iso_utc()},
                     {"last_seen", name.last_seen.iso_utc()},
                     {"events", name.events}});
  j["computer_names"] = std::move(names);
  j["zone"] = {{"name", d.zone.name},
               {"origin", to_string(d.zone.origin)},
               {"source", report::zone_text(d, w)},
               {"notes", report::zone_notes(d, w)}};
  j["margin_minutes"] = d.margin_minutes;
  j["lang"] = to_string(d.language);
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
                      {"mta_lcid", input.mta_lcid},
                      {"size", input.size},
                      {"sha256", input.sha256}});
  j["inputs"] = std::move(inputs);
  auto missing = Json::array();
  for (const auto& log : d.missing_logs) missing.push_back({{"channel", log.channel}, {"hides", log.hides}});
  j["missing_logs"] = std::move(missing);
  auto jobs = Json::array();
  for (const auto& job : d.jobs) jobs.push_back(job_json(job));
  j["jobs"] = std::move(jobs);
  auto codes = Json::array();
  for (const auto& use : r.codes)
    codes.push_back({{"code", use.code.hex},
                     {"symbol", use.code.symbol},
                     {"message", use.code.message},
                     {"jobs", use.jobs},
                     {"fields", use.fields}});
  j["codes"] = std::move(codes);
  auto findings = Json::array();
  for (const auto& g : r.findings) findings.push_back(finding_json(g));
  for (const auto& g : r.red_herrings) findings.push_back(finding_json(g));
  j["findings"] = std::move(findings);
  j["provenance"] = provenance_json(analysed_at);
  return j;
}

}  // namespace

std::string diagnosis_to_json(const Diagnosis& d, int indent) {
  return diagnosis_json(d, std::nullopt).dump(indent < 0 ? -1 : indent, ' ', false, Json::error_handler_t::replace);
}

std::string diagnoses_to_json(const std::vector<Diagnosis>& machines, int indent) {
  return diagnoses_to_json(machines, indent, std::nullopt);
}

std::string diagnoses_to_json(const std::vector<Diagnosis>& machines, int indent,
                              const std::optional<Timestamp>& analysed_at) {
  const int width = indent < 0 ? -1 : indent;
  if (machines.size() == 1)
    return diagnosis_json(machines.front(), analysed_at).dump(width, ' ', false, Json::error_handler_t::replace);
  Json j;
  j["schema"] = "evtxdiag.machines/2";
  auto list = Json::array();
  for (const Diagnosis& d : machines) list.push_back(diagnosis_json(d, analysed_at));
  // The answer first: every machine's summary, then the machines.
  Json summary;
  std::string text;
  auto per_machine = Json::array();
  for (const Json& machine : list) {
    text += (text.empty() ? "" : "\n") + machine["summary"]["text"].get<std::string>();
    per_machine.push_back({{"computer", machine["computer"]}, {"status", machine["summary"]["status"]}});
  }
  summary["text"] = text;
  summary["machines"] = std::move(per_machine);
  j["summary"] = std::move(summary);
  j["machines"] = std::move(list);
  j["provenance"] = provenance_json(analysed_at);
  return j.dump(width, ' ', false, Json::error_handler_t::replace);
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
