// evtxdiag batch: diagnose every case of one or more corpora (directories, archives), N cases
// at a time, one JSON line per case in case order, and a summary for people or CI.
#include <cstdio>
#include <optional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "command.hpp"
#include "diagnosis_output.hpp"
#include "evtxdiag/batch.hpp"
#include "evtxdiag/diagnosis_json.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/output.hpp"
#include "terminal.hpp"
#include "tz_option.hpp"

namespace evtxdiag::cli {
namespace {

struct BatchCommandOptions {
  std::vector<std::string> corpus;
  unsigned jobs = 0;
  std::string out;
  std::string summary;
  std::string fail_on;
  double case_timeout = 0;
  TzOption tz;
  int margin = 30;
  std::string lang = "en";
  std::vector<std::string> knowledge;
  bool no_recovered = false;
  bool no_timings = false;
  bool force = false;  // --out/--summary into a corpus folder
};

// Everything the summary needs, accumulated from the results in case order.
struct Totals {
  std::size_t cases = 0;
  std::map<CaseStatus, std::size_t> by_status;
  CaseTally tally;
  std::vector<std::string> problems;  ///< "path: status: error" of cases not cleanly diagnosed
  bool fail_on_matched = false;

  void add(const CaseResult& r, const std::string& fail_on) {
    ++cases;
    ++by_status[r.status];
    tally.files += r.tally.files;
    tally.undecodable_files += r.tally.undecodable_files;
    tally.input_bytes += r.tally.input_bytes;
    tally.jobs += r.tally.jobs;
    tally.failed_jobs += r.tally.failed_jobs;
    for (const auto& [cause, n] : r.tally.failed_jobs_by_cause) tally.failed_jobs_by_cause[cause] += n;
    for (const auto& [verdict, n] : r.tally.findings_by_verdict) tally.findings_by_verdict[verdict] += n;
    if (!fail_on.empty() && r.tally.findings_by_verdict.count(fail_on)) fail_on_matched = true;
    if (r.status != CaseStatus::ok) problems.push_back(r.info.path + ": " + to_string(r.status) + ": " + r.error);
  }
};

std::string per_second(double amount, double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", seconds > 0 ? amount / seconds : 0.0);
  return text;
}

void write_summary(std::ostream& out, const Totals& t, const BatchProgress& progress, bool timings) {
  out << "cases: " << t.cases;
  const char* separator = " (";
  for (const auto& [status, n] : t.by_status) out << separator << to_string(status) << ' ' << n, separator = ", ";
  out << (t.by_status.empty() ? "" : ")") << '\n';
  if (timings) {
    const double mb = static_cast<double>(progress.input_bytes) / 1e6;
    out << "time: " << per_second(progress.elapsed_seconds, 1) << " s, " << per_second(t.cases, progress.elapsed_seconds)
        << " cases/s, " << per_second(mb, progress.elapsed_seconds) << " MB/s\n";
  }
  out << "logs: " << t.tally.files << " .evtx files, " << t.tally.input_bytes << " bytes, " << t.tally.undecodable_files
      << " undecodable\n";
  out << "jobs: " << t.tally.jobs << ", failed " << t.tally.failed_jobs << '\n';
  if (!t.tally.failed_jobs_by_cause.empty()) {
    out << "failed jobs by cause:\n";
    for (const auto& [cause, n] : t.tally.failed_jobs_by_cause) out << "  " << n << "  " << cause << '\n';
  }
  const auto herrings = t.tally.findings_by_verdict.find("red-herring");
  out << "red herrings: " << (herrings == t.tally.findings_by_verdict.end() ? 0 : herrings->second) << '\n';
  if (!t.problems.empty()) {
    out << "cases with problems:\n";
    for (const auto& problem : t.problems) out << "  " << problem << '\n';
  }
}

// The case line: fixed keys first, the diagnosis document (rendered in the child) spliced in
// as is, the non-deterministic time last so that tools can drop it.
std::string case_line(const CaseResult& r, bool timings) {
  nlohmann::ordered_json head;
  head["case"] = r.info.path;
  head["kind"] = to_string(r.info.kind);
  head["status"] = to_string(r.status);
  head["error"] = r.error;
  head["files"] = r.tally.files;
  head["undecodable_files"] = r.tally.undecodable_files;
  head["jobs"] = r.tally.jobs;
  head["failed_jobs"] = r.tally.failed_jobs;
  std::string line = head.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  line.pop_back();  // the closing brace
  line += ",\"diagnosis\":" + (r.payload.empty() ? std::string("null") : r.payload);
  if (timings) line += ",\"elapsed_ms\":" + std::to_string(static_cast<long long>(r.elapsed_seconds * 1000 + 0.5));
  line += '}';
  return line;
}

// One line on a terminal, redrawn in place: "[#####.....] 120/300 cases  8.1 cases/s  41.0 MB/s".
void draw_progress(const BatchProgress& p) {
  constexpr int width = 30;
  const int filled = p.total ? static_cast<int>(width * p.done / p.total) : width;
  std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#') << std::string(static_cast<std::size_t>(width - filled), '.')
            << "] " << p.done << '/' << p.total << " cases  " << per_second(static_cast<double>(p.done), p.elapsed_seconds)
            << " cases/s  " << per_second(static_cast<double>(p.input_bytes) / 1e6, p.elapsed_seconds) << " MB/s\x1b[K"
            << std::flush;
}

int run(const BatchCommandOptions& o) {
  const auto cases = list_cases(o.corpus);
  if (cases.empty()) {
    std::cerr << "evtxdiag: no case found (no .evtx file, directory or archive in the given corpora)\n";
    return exit_usage;
  }
  const OutputPolicy policy{o.corpus, o.force};
  if (!o.summary.empty()) check_output_path(o.summary, policy);
  if (!o.out.empty()) check_output_path(o.out, policy);  // refused before any work, created later
  // --out is opened on the first result, which only this process sees: on Windows every case
  // runs in a new start of this program with the same command line
  // (platform/isolated_runs_windows.cpp), and an OutputFile made here would be made, and left
  // behind as a temporary file, by every case process too.
  std::optional<OutputFile> out_file;
  const auto out = [&]() -> std::ostream& {
    if (o.out.empty()) return std::cout;
    if (!out_file) out_file.emplace(o.out, policy);
    return out_file->stream();
  };

  BatchOptions options;
  options.diagnose.zone = o.tz.spec;
  options.diagnose.margin_minutes = o.margin;
  options.diagnose.lang = o.lang;
  options.diagnose.knowledge_dirs = o.knowledge;
  options.diagnose.recovered = !o.no_recovered;
  options.jobs = o.jobs;
  options.case_timeout_seconds = o.case_timeout;

  const bool show_progress = is_terminal(stderr);
  Totals totals;
  BatchProgress last;
  std::cout.flush();
  run_batch(
      cases, options,
      [](const std::vector<Diagnosis>& machines) { return diagnoses_to_json(machines, -1); },
      [&](const CaseResult& r) {
        out() << case_line(r, !o.no_timings) << '\n';
        totals.add(r, o.fail_on);
      },
      [&](const BatchProgress& p) {
        last = p;
        if (show_progress) draw_progress(p);
      });
  if (!o.out.empty()) {
    out();  // opened by the first result already; made here (empty) if there was none
    out_file->commit();
  } else {
    std::cout.flush();
    if (!std::cout) throw Error(ErrorKind::io, "cannot write to stdout");
  }
  if (show_progress) std::cerr << "\r\x1b[K";

  if (o.summary.empty()) {
    write_summary(std::cerr, totals, last, !o.no_timings);
  } else {
    std::ostringstream summary;
    write_summary(summary, totals, last, !o.no_timings);
    write_output(o.summary, summary.str(), policy);
  }
  if (totals.fail_on_matched) return exit_findings;
  return totals.by_status[CaseStatus::ok] == totals.cases ? exit_ok : exit_partial;
}

const CommandRegistration kRegistration{
    45, "batch", "Diagnose every case of a corpus (directories, archives) in parallel: JSON lines + summary",
    [](CLI::App& sub) -> Runner {
      auto o = std::make_shared<BatchCommandOptions>();
      sub.add_option("corpus", o->corpus,
                     "Corpus directories (each subdirectory and each archive inside is a case), archives "
                     "(.zip .tar .tar.gz .tgz .tar.xz .tar.bz2 .7z) or .evtx files")
          ->required();
      sub.add_option("-j,--jobs", o->jobs, "Cases diagnosed at a time (default: number of cores)")->check(CLI::Range(1u, 256u));
      sub.add_option("--out", o->out, "Write the JSON lines to this file instead of stdout");
      sub.add_option("--summary", o->summary, "Write the summary to this file instead of stderr");
      sub.add_flag("--force", o->force,
                   "Allow --out/--summary inside a corpus folder or over an .evtx/.MTA/archive that is not an input");
      sub.add_option("--fail-on", o->fail_on, "Exit 3 when some case has a finding with this verdict: cause, contributing, red-herring, context")
          ->check(CLI::IsMember({"cause", "contributing", "red-herring", "context"}));
      sub.add_option("--case-timeout", o->case_timeout, "Cut a case off after this many seconds and report it (default: no limit)")
          ->check(CLI::Range(0.0, 86400.0));
      add_tz_option(sub, o->tz);
      sub.add_option("--margin", o->margin, "Minutes before and after each job searched for related events (default 30)")
          ->check(CLI::Range(0, 10080));
      sub.add_option("--lang", o->lang, "Language of findings: en or ja (default en)")->check(CLI::IsMember({"en", "ja"}));
      sub.add_option("--knowledge", o->knowledge, "Directory whose knowledge/rule YAML adds to or overrides the built-in set");
      sub.add_flag("--no-recovered", o->no_recovered, "Do not read records recovered from slack space");
      sub.add_flag("--no-timings", o->no_timings, "Leave out elapsed_ms and throughput: byte-identical output for identical inputs");
      sub.footer(
          "Cases: each immediate subdirectory of a corpus directory (its .evtx files at any depth), the .evtx\n"
          "files lying directly in it, and every archive at any depth. Archives are read in memory; entries\n"
          "with absolute paths, '..', links, or sizes/ratios over the limits make the archive 'refused'.\n"
          "Exit codes: 0 every case ok, 1 some case not ok, 2 usage / no case, 3 --fail-on matched.\n"
          "Examples:\n"
          "  evtxdiag batch /srv/cases -j 4 --out results.jsonl\n"
          "  evtxdiag batch incoming/*.zip --case-timeout 120 --fail-on cause --summary summary.txt");
      return [o] { return run(*o); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
