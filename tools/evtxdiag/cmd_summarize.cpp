// evtxdiag summarize: the reducer of a run made elsewhere (distributed workers, several batch
// runs): reads case lines, writes them in case order, prints the summary `batch` prints and
// exits as `batch` would have on the same cases.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "batch_exit.hpp"
#include "command.hpp"
#include "evtxdiag/batch_results.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/output.hpp"

namespace evtxdiag::cli {
namespace {

struct SummarizeOptions {
  std::vector<std::string> results;
  std::string out;
  std::string summary;
  std::string fail_on;
  double elapsed = -1;  // wall-clock seconds of the run; < 0: unknown, no "time:" line
  bool force = false;
};

// Where a case's line is, so that only the counts stay in memory (a corpus's lines with their
// diagnoses can be larger than memory); the text is read again when writing --out.
struct LineRef {
  CaseResult result;  // without the diagnosis payload
  std::size_t source = 0;
  std::streamoff offset = 0;
  std::size_t length = 0;
  std::size_t line_number = 0;
};

std::vector<LineRef> read_lines(const std::vector<std::string>& sources) {
  std::vector<LineRef> lines;
  for (std::size_t s = 0; s < sources.size(); ++s) {
    std::ifstream in(std::filesystem::u8path(sources[s]), std::ios::binary);  // paths are UTF-8
    if (!in) throw Error(ErrorKind::io, sources[s] + ": cannot be opened");
    std::string text;
    std::size_t number = 0;
    for (std::streamoff offset = in.tellg(); std::getline(in, text); offset = in.tellg()) {
      ++number;
      if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
      LineRef ref;
      try {
        ref.result = parse_case_line(text);
      } catch (const Error& e) {
        throw Error(ErrorKind::invalid_input,
                    sources[s] + ":" + std::to_string(number) + ": not a case line of evtxdiag batch: " + e.what());
      }
      ref.result.payload.clear();
      ref.source = s;
      ref.offset = offset;
      ref.length = text.size();
      ref.line_number = number;
      lines.push_back(std::move(ref));
    }
    if (in.bad()) throw Error(ErrorKind::io, sources[s] + ": read error");
  }
  return lines;
}

// Cases in the order batch delivers them (byte order of the case path); a case twice means the
// files come from overlapping runs, whose counts would be wrong, so it is refused.
void sort_cases(std::vector<LineRef>& lines, const std::vector<std::string>& sources) {
  std::stable_sort(lines.begin(), lines.end(),
                   [](const LineRef& a, const LineRef& b) { return a.result.info.path < b.result.info.path; });
  for (std::size_t i = 1; i < lines.size(); ++i)
    if (lines[i].result.info.path == lines[i - 1].result.info.path)
      throw Error(ErrorKind::invalid_input,
                  "case '" + lines[i].result.info.path + "' appears twice (" + sources[lines[i - 1].source] + ":" +
                      std::to_string(lines[i - 1].line_number) + " and " + sources[lines[i].source] + ":" +
                      std::to_string(lines[i].line_number) + "): give each case's line once");
}

void write_reduced(const SummarizeOptions& o, const std::vector<LineRef>& lines, const OutputPolicy& policy) {
  OutputFile file(o.out, policy);
  std::vector<std::ifstream> sources;
  for (const auto& path : o.results) sources.emplace_back(std::filesystem::u8path(path), std::ios::binary);
  std::string text;
  for (const LineRef& line : lines) {
    std::ifstream& in = sources[line.source];
    text.resize(line.length);
    if (!in.seekg(line.offset) || !in.read(text.data(), static_cast<std::streamsize>(line.length)))
      throw Error(ErrorKind::io, o.results[line.source] + ": changed while being read");
    file.stream() << text << '\n';
  }
  file.commit();
}

int run(const SummarizeOptions& o) {
  const OutputPolicy policy{o.results, o.force};
  if (!o.out.empty()) check_output_path(o.out, policy);
  if (!o.summary.empty()) check_output_path(o.summary, policy);
  std::vector<LineRef> lines = read_lines(o.results);
  if (lines.empty()) {
    std::cerr << "evtxdiag: no case line in the given files\n";
    return exit_usage;
  }
  sort_cases(lines, o.results);
  BatchSummary summary(o.fail_on);
  for (const LineRef& line : lines) summary.add(line.result);
  if (!o.out.empty()) write_reduced(o, lines, policy);

  std::optional<BatchProgress> run;
  if (o.elapsed >= 0) {
    run.emplace();
    run->done = run->total = lines.size();
    run->elapsed_seconds = o.elapsed;
    for (const LineRef& line : lines) run->input_bytes += line.result.tally.input_bytes;
  }
  const std::string text = summary.text(run ? &*run : nullptr);
  if (o.summary.empty()) {
    std::cout << text << std::flush;
    if (!std::cout) throw Error(ErrorKind::io, "cannot write to stdout");
  } else {
    write_output(o.summary, text, policy);
  }
  return batch_exit_code(summary);
}

const CommandRegistration kRegistration{
    46, "summarize", "Sum up case lines of batch runs (e.g. from distributed workers): the summary batch prints",
    [](CLI::App& sub) -> Runner {
      auto o = std::make_shared<SummarizeOptions>();
      sub.add_option("results", o->results, "JSON-lines files written by 'evtxdiag batch' (any order, each case once)")
          ->required();
      sub.add_option("--out", o->out, "Also write the lines in case order to this file (the reduced JSONL)");
      sub.add_option("--summary", o->summary, "Write the summary to this file instead of stdout");
      sub.add_flag("--force", o->force, "Allow --out/--summary over an .evtx/.MTA/archive that is not an input");
      sub.add_option("--fail-on", o->fail_on,
                     "Exit 3 when some case has a finding with this verdict: cause, contributing, red-herring, context")
          ->check(CLI::IsMember({"cause", "contributing", "red-herring", "context"}));
      sub.add_option("--elapsed", o->elapsed,
                     "Wall-clock seconds of the run: adds the summary's time line (cases/s, MB/s), which the lines "
                     "alone cannot give")
          ->check(CLI::Range(0.0, 1e9));
      sub.footer(
          "The summary is the one 'evtxdiag batch' prints for the same cases (with --no-timings unless --elapsed\n"
          "is given); a case given twice is refused (exit 2).\n"
          "Exit codes: 0 every case ok, 1 some case not ok, 2 usage / bad line / no line, 3 --fail-on matched.\n"
          "Examples:\n"
          "  evtxdiag summarize results.jsonl\n"
          "  evtxdiag summarize part-*.jsonl --out results.jsonl --fail-on cause");
      return [o] { return run(*o); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
