// Diagnosing one case and carrying its result across the pipe.
#include "batch/run_case.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <optional>
#include <set>

#include "evtxdiag/error.hpp"

namespace evtxdiag::batch {
namespace {

const char* const kNoCause = "(no cause found)";

// The inputs of a case, once each (an unreadable file is listed under every machine).
std::vector<const InputSummary*> unique_inputs(const std::vector<Diagnosis>& machines) {
  std::set<std::string> seen;
  std::vector<const InputSummary*> inputs;
  for (const Diagnosis& d : machines)
    for (const InputSummary& input : d.inputs)
      if (seen.insert(input.path).second) inputs.push_back(&input);
  return inputs;
}

CaseTally tally_of(const std::vector<Diagnosis>& machines) {
  CaseTally tally;
  const auto inputs = unique_inputs(machines);
  tally.files = inputs.size();
  for (const InputSummary* input : inputs)
    if (!input->readable || input->live_lost > 0) ++tally.undecodable_files;
  for (const Diagnosis& d : machines) {
    tally.jobs += d.jobs.size();
    for (const auto& job : d.jobs) {
      if (job.result != JobResult::failed) continue;
      ++tally.failed_jobs;
      std::string cause = kNoCause;
      for (const auto& finding : d.findings)
        if (finding.job == job.index && finding.verdict == Verdict::cause) {
          cause = finding.rule;  // findings are sorted cause first, then by confidence
          break;
        }
      ++tally.failed_jobs_by_cause[cause];
    }
    for (const auto& finding : d.findings) ++tally.findings_by_verdict[to_string(finding.verdict)];
  }
  return tally;
}

CaseStatus status_of(const std::vector<Diagnosis>& machines) {
  const auto inputs = unique_inputs(machines);
  if (inputs.empty()) return CaseStatus::empty;
  if (std::none_of(inputs.begin(), inputs.end(), [](const InputSummary* i) { return i->readable; }))
    return CaseStatus::unreadable;
  const bool incomplete =
      std::any_of(machines.begin(), machines.end(), [](const Diagnosis& d) { return d.incomplete(); });
  return incomplete ? CaseStatus::partial : CaseStatus::ok;
}

// The first unreadable input's reason, so a one-line case report says what went wrong.
std::string first_input_error(const std::vector<Diagnosis>& machines) {
  const auto inputs = unique_inputs(machines);
  for (const InputSummary* input : inputs)
    if (!input->readable) return input->error;
  for (const InputSummary* input : inputs)
    if (input->live_lost > 0)
      return input->path + ": " + std::to_string(input->live_lost) + " live record(s) could not be decoded";
  return {};
}

std::vector<Diagnosis> diagnose_case(const CaseInfo& info, const BatchOptions& options, std::uint64_t& bytes) {
  if (info.kind == CaseKind::archive) {
    // Read here, not through diagnose(): a refused or broken archive is the case's status.
    ArchiveContents contents = read_archive(info.path, options.limits);
    CaseInputs inputs;
    for (EvtxBuffer& member : contents.evtx) {
      bytes += member.bytes.size();
      inputs.logs.push_back({std::move(member.name), {}, std::move(member.bytes), {}});
    }
    for (EvtxBuffer& member : contents.locale_files)
      inputs.locale_files.push_back({std::move(member.name), {}, std::move(member.bytes), {}});
    return diagnose_machines(std::move(inputs), options.diagnose);
  }
  std::error_code ec;
  for (const auto& file : info.files) {
    const auto size = std::filesystem::file_size(std::filesystem::u8path(file), ec);
    if (!ec) bytes += size;
  }
  if (info.files.empty()) return {};
  return diagnose_machines(info.files, options.diagnose);
}

}  // namespace

CaseResult run_case(const CaseInfo& info, const BatchOptions& options, const CaseRenderer& render) {
  const auto started = std::chrono::steady_clock::now();
  CaseResult result;
  result.info = info;
  std::uint64_t bytes = 0;
  try {
    const std::vector<Diagnosis> d = diagnose_case(info, options, bytes);
    result.status = status_of(d);
    result.tally = tally_of(d);
    if (result.status == CaseStatus::empty)
      result.error = "no .evtx file in this case";
    else
      result.error = first_input_error(d);
    if (result.status != CaseStatus::empty && result.status != CaseStatus::unreadable && render)
      result.payload = render(d);
  } catch (const Error& e) {
    result.status = e.kind() == ErrorKind::invalid_input && info.kind == CaseKind::archive ? CaseStatus::refused
                                                                                           : CaseStatus::broken;
    result.error = e.what();
  } catch (const std::exception& e) {
    result.status = CaseStatus::broken;
    result.error = std::string("internal error: ") + e.what();
  }
  result.tally.input_bytes = bytes;
  result.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

std::string encode_result(const CaseResult& result) {
  nlohmann::json j;
  j["status"] = static_cast<int>(result.status);
  j["error"] = result.error;
  j["payload"] = result.payload;
  j["elapsed"] = result.elapsed_seconds;
  const CaseTally& t = result.tally;
  j["tally"] = {{"files", t.files},
                {"undecodable_files", t.undecodable_files},
                {"input_bytes", t.input_bytes},
                {"jobs", t.jobs},
                {"failed_jobs", t.failed_jobs},
                {"by_cause", t.failed_jobs_by_cause},
                {"by_verdict", t.findings_by_verdict}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool decode_result(const std::string& wire, CaseResult& result) {
  try {
    const nlohmann::json j = nlohmann::json::parse(wire);
    const int status = j.at("status").get<int>();
    if (status < 0 || status > static_cast<int>(CaseStatus::crashed)) return false;
    result.status = static_cast<CaseStatus>(status);
    result.error = j.at("error").get<std::string>();
    result.payload = j.at("payload").get<std::string>();
    result.elapsed_seconds = j.at("elapsed").get<double>();
    const auto& t = j.at("tally");
    result.tally.files = t.at("files").get<std::size_t>();
    result.tally.undecodable_files = t.at("undecodable_files").get<std::size_t>();
    result.tally.input_bytes = t.at("input_bytes").get<std::uint64_t>();
    result.tally.jobs = t.at("jobs").get<std::size_t>();
    result.tally.failed_jobs = t.at("failed_jobs").get<std::size_t>();
    result.tally.failed_jobs_by_cause = t.at("by_cause").get<std::map<std::string, std::size_t>>();
    result.tally.findings_by_verdict = t.at("by_verdict").get<std::map<std::string, std::size_t>>();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

}  // namespace evtxdiag::batch
