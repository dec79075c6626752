// evtxdiag batch: diagnose every case of one or more corpora (directories, archives), N cases
// at a time, one JSON line per case in case order, and a summary for people or CI.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "batch_exit.hpp"
#include "command.hpp"
#include "evtxdiag/batch.hpp"
#include "evtxdiag/batch_results.hpp"
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
  bool force = false;   // --out/--summary into a corpus folder
  std::string as_case;  // "tree" / "top-level": each directory given is one case, not a corpus
  bool list_only = false;
};

std::vector<CaseInfo> cases_of(const BatchCommandOptions& o) {
  if (o.as_case.empty()) return list_cases(o.corpus);
  std::vector<CaseInfo> cases;
  for (const auto& path : o.corpus) cases.push_back(case_of_path(path, o.as_case == "top-level"));
  // In case order and once each, as list_cases() gives them.
  std::sort(cases.begin(), cases.end(), [](const CaseInfo& a, const CaseInfo& b) { return a.path < b.path; });
  cases.erase(
      std::unique(cases.begin(), cases.end(), [](const CaseInfo& a, const CaseInfo& b) { return a.path == b.path; }),
      cases.end());
  return cases;
}

// --list-cases: one JSON line per case, with the --as-case value that runs it on its own
// (contrib/celery's producer sends each case to a worker that way).
void print_case_list(const std::vector<CaseInfo>& cases) {
  for (const CaseInfo& c : cases) {
    nlohmann::ordered_json line;
    line["case"] = c.path;
    line["kind"] = to_string(c.kind);
    line["as_case"] = c.top_level_only ? "top-level" : "tree";
    std::cout << line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  }
}

std::string per_second(double amount, double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", seconds > 0 ? amount / seconds : 0.0);
  return text;
}

// One line on a terminal, redrawn in place: "[#####.....] 120/300 cases  8.1 cases/s  41.0 MB/s".
void draw_progress(const BatchProgress& p) {
  constexpr int width = 30;
  const int filled = p.total ? static_cast<int>(width * p.done / p.total) : width;
  std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
            << std::string(static_cast<std::size_t>(width - filled), '.') << "] " << p.done << '/' << p.total
            << " cases  " << per_second(static_cast<double>(p.done), p.elapsed_seconds) << " cases/s  "
            << per_second(static_cast<double>(p.input_bytes) / 1e6, p.elapsed_seconds) << " MB/s\x1b[K" << std::flush;
}

int run(const BatchCommandOptions& o) {
  const auto cases = cases_of(o);
  if (o.list_only) {
    print_case_list(cases);
    std::cout.flush();
    if (!std::cout) throw Error(ErrorKind::io, "cannot write to stdout");
    return cases.empty() ? exit_usage : exit_ok;
  }
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
  options.diagnose.zone = o.tz.request();
  options.diagnose.margin_minutes = o.margin;
  options.diagnose.language = *parse_language(o.lang);  // CLI11 allowed only en and ja
  options.diagnose.knowledge_dirs = o.knowledge;
  options.diagnose.recovered = !o.no_recovered;
  options.jobs = o.jobs;
  options.case_timeout_seconds = o.case_timeout;

  const bool show_progress = is_terminal(stderr);
  BatchSummary summary(o.fail_on);
  BatchProgress last;
  std::cout.flush();
  run_batch(
      cases, options, [](const std::vector<Diagnosis>& machines) { return diagnoses_to_json(machines, -1); },
      [&](const CaseResult& r) {
        out() << case_line(r, !o.no_timings) << '\n';
        summary.add(r);
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

  const std::string summary_text = summary.text(o.no_timings ? nullptr : &last);
  if (o.summary.empty())
    std::cerr << summary_text;
  else
    write_output(o.summary, summary_text, policy);
  return batch_exit_code(summary);
}

const CommandRegistration kRegistration{
    45, "batch", "Diagnose every case of a corpus (directories, archives) in parallel: JSON lines + summary",
    [](CLI::App& sub) -> Runner {
      auto o = std::make_shared<BatchCommandOptions>();
      sub.add_option("corpus", o->corpus,
                     "Corpus directories (each subdirectory and each archive inside is a case), archives "
                     "(.zip .tar .tar.gz .tgz .tar.xz .tar.bz2 .7z) or .evtx files")
          ->required();
      sub.add_option("-j,--jobs", o->jobs, "Cases diagnosed at a time (default: number of cores)")
          ->check(CLI::Range(1u, 256u));
      sub.add_option("--out", o->out, "Write the JSON lines to this file instead of stdout");
      sub.add_option("--summary", o->summary, "Write the summary to this file instead of stderr");
      sub.add_flag("--force", o->force,
                   "Allow --out/--summary inside a corpus folder or over an .evtx/.MTA/archive that is not an input");
      sub.add_option("--fail-on", o->fail_on,
                     "Exit 3 when some case has a finding with this verdict: cause, contributing, red-herring, context")
          ->check(CLI::IsMember({"cause", "contributing", "red-herring", "context"}));
      sub.add_option("--case-timeout", o->case_timeout,
                     "Cut a case off after this many seconds and report it (default: no limit)")
          ->check(CLI::Range(0.0, 86400.0));
      add_tz_option(sub, o->tz);
      sub.add_option("--margin", o->margin,
                     "Minutes before and after each job searched for related events (default 30)")
          ->check(CLI::Range(0, 10080));
      sub.add_option("--lang", o->lang, "Language of findings: en or ja (default en)")
          ->check(CLI::IsMember({"en", "ja"}));
      sub.add_option("--knowledge", o->knowledge,
                     "Directory whose knowledge/rule YAML adds to or overrides the built-in set");
      sub.add_flag("--no-recovered", o->no_recovered, "Do not read records recovered from slack space");
      sub.add_flag("--no-timings", o->no_timings,
                   "Leave out elapsed_ms and throughput: byte-identical output for identical inputs");
      sub.add_option(
             "--as-case", o->as_case,
             "Each directory given is one case, not a corpus: 'tree' (its .evtx files at any depth, as a "
             "subdirectory of a corpus) or 'top-level' (only those directly in it, as the loose files of a corpus)")
          ->check(CLI::IsMember({"tree", "top-level"}));
      sub.add_flag("--list-cases", o->list_only,
                   "Print the cases (JSON lines: case, kind, as_case) without diagnosing them");
      sub.footer(
          "Cases: each immediate subdirectory of a corpus directory (its .evtx files at any depth), the .evtx\n"
          "files lying directly in it, and every archive at any depth. Archives are read in memory; entries\n"
          "with absolute paths, '..', links, or sizes/ratios over the limits make the archive 'refused'.\n"
          "Lines: case, kind, status, error, files, undecodable_files, jobs, failed_jobs, input_bytes,\n"
          "failed_jobs_by_cause, findings_by_verdict, diagnosis, elapsed_ms; 'evtxdiag summarize' sums them up.\n"
          "Exit codes: 0 every case ok, 1 some case not ok, 2 usage / no case, 3 --fail-on matched.\n"
          "Examples:\n"
          "  evtxdiag batch /srv/cases -j 4 --out results.jsonl\n"
          "  evtxdiag batch incoming/*.zip --case-timeout 120 --fail-on cause --summary summary.txt");
      return [o] { return run(*o); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
