// The summary at the end of a batch run (documented on BatchSummary in batch_results.hpp).
#include <cstdio>
#include <sstream>

#include "evtxdiag/batch_results.hpp"

namespace evtxdiag {
namespace {

std::string per_second(double amount, double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", seconds > 0 ? amount / seconds : 0.0);
  return text;
}

}  // namespace

BatchSummary::BatchSummary(std::string fail_on) : fail_on_(std::move(fail_on)) {}

void BatchSummary::add(const CaseResult& r) {
  ++cases_;
  ++by_status_[r.status];
  tally_.files += r.tally.files;
  tally_.undecodable_files += r.tally.undecodable_files;
  tally_.input_bytes += r.tally.input_bytes;
  tally_.jobs += r.tally.jobs;
  tally_.failed_jobs += r.tally.failed_jobs;
  for (const auto& [cause, n] : r.tally.failed_jobs_by_cause) tally_.failed_jobs_by_cause[cause] += n;
  for (const auto& [verdict, n] : r.tally.findings_by_verdict) tally_.findings_by_verdict[verdict] += n;
  if (!fail_on_.empty() && r.tally.findings_by_verdict.count(fail_on_)) fail_on_matched_ = true;
  if (r.status != CaseStatus::ok) problems_.push_back(r.info.path + ": " + to_string(r.status) + ": " + r.error);
}

bool BatchSummary::all_ok() const noexcept {
  const auto ok = by_status_.find(CaseStatus::ok);
  return (ok == by_status_.end() ? 0 : ok->second) == cases_;
}

std::string BatchSummary::text(const BatchProgress* run) const {
  std::ostringstream out;
  out << "cases: " << cases_;
  const char* separator = " (";
  for (const auto& [status, n] : by_status_) out << separator << to_string(status) << ' ' << n, separator = ", ";
  out << (by_status_.empty() ? "" : ")") << '\n';
  if (run) {
    const double mb = static_cast<double>(run->input_bytes) / 1e6;
    out << "time: " << per_second(run->elapsed_seconds, 1) << " s, "
        << per_second(static_cast<double>(cases_), run->elapsed_seconds) << " cases/s, "
        << per_second(mb, run->elapsed_seconds) << " MB/s\n";
  }
  out << "logs: " << tally_.files << " .evtx files, " << tally_.input_bytes << " bytes, " << tally_.undecodable_files
      << " undecodable\n";
  out << "jobs: " << tally_.jobs << ", failed " << tally_.failed_jobs << '\n';
  if (!tally_.failed_jobs_by_cause.empty()) {
    out << "failed jobs by cause:\n";
    for (const auto& [cause, n] : tally_.failed_jobs_by_cause) out << "  " << n << "  " << cause << '\n';
  }
  const auto herrings = tally_.findings_by_verdict.find("red-herring");
  out << "red herrings: " << (herrings == tally_.findings_by_verdict.end() ? 0 : herrings->second) << '\n';
  if (!problems_.empty()) {
    out << "cases with problems:\n";
    for (const auto& problem : problems_) out << "  " << problem << '\n';
  }
  return out.str();
}

}  // namespace evtxdiag
