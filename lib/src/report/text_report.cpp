// The plain-text report (render_text_report, report.hpp): the summary first, then the case,
// the jobs, the codes, one block per finding (naming every job it explains), the red herrings
// and the provenance. Every fixed word comes from knowledge/labels (report/words.hpp).
#include <algorithm>
#include <sstream>

#include "evtxdiag/report.hpp"
#include "report/provenance.hpp"
#include "report/report_model.hpp"
#include "report/text_util.hpp"
#include "report/words.hpp"

namespace evtxdiag {
namespace {

using report::FindingGroup;
using report::MachineReport;
using report::pad;
using report::Words;

// ANSI SGR wrapping for terminals; identity when colours are off.
struct Painter {
  bool on = false;
  std::string operator()(const std::string& text, const char* sgr) const {
    return on ? "\x1b[" + std::string(sgr) + "m" + text + "\x1b[0m" : text;
  }
  std::string verdict(Verdict v, const std::string& text) const {
    const char* sgr = v == Verdict::cause          ? "1;31"
                      : v == Verdict::contributing ? "33"
                      : v == Verdict::undetermined ? "35"
                      : v == Verdict::context      ? "36"
                                                   : "2";
    return (*this)(text, sgr);
  }
  std::string result(JobResult r, const std::string& text) const {
    const char* sgr = r == JobResult::failed ? "31" : r == JobResult::succeeded ? "32" : "33";
    return (*this)(text, sgr);
  }
  std::string heading(const std::string& text) const { return (*this)(text, "1"); }
};

struct Context {
  const Diagnosis& d;
  const Words& w;
  const ReportOptions& options;
  const Painter& paint;
  bool engineer() const { return options.audience == Audience::engineer; }
};

std::string codes_text(const BackupJob& job) {
  std::string text;
  for (const auto& code : job.codes) text += (text.empty() ? "" : " ") + code.hex;
  return text.empty() ? "-" : text;
}

// "key:" padded so that the values of a block of such lines start in one column.
std::size_t key_width(const Words& w, std::initializer_list<const char*> keys) {
  std::size_t width = 0;
  for (const char* key : keys) width = std::max(width, report::display_width(w[key] + w["colon"]));
  return width + 1;
}

void write_case(std::ostream& out, const Context& c) {
  const Words& w = c.w;
  const std::size_t width = key_width(w, {"machine", "zone", "margin", "inputs"});
  const auto key = [&](const char* name) { return pad(w[name] + w["colon"], width); };
  out << '\n' << key("machine") << report::machine_text(c.d, w.language()) << '\n';
  out << key("zone") << (c.engineer() ? report::zone_text(c.d, w) : report::zone_text_short(c.d, w)) << '\n';
  for (const std::string& note : report::zone_notes(c.d, w)) out << std::string(width, ' ') << note << '\n';
  if (c.engineer()) out << key("margin") << w("margin_text", {{"n", std::to_string(c.d.margin_minutes)}}) << '\n';
  if (!c.d.missing_logs.empty()) {
    out << w["missing_logs"] << w["colon"] << '\n';
    for (const auto& log : c.d.missing_logs) out << "  " << report::missing_log_text(log, w) << '\n';
  }
  out << w[c.engineer() ? "inputs" : "logs_examined"] << w["colon"] << '\n';
  for (const auto& input : c.d.inputs) {
    out << "  " << input.path;
    if (!input.readable) {
      out << w["colon"] << w["not_readable"] << w["colon"] << input.error << '\n';
      continue;
    }
    if (c.engineer()) {
      out << w["colon"] << report::input_counts_text(input, w);
      if (!input.mta.empty()) out << w["list_separator"] << w("messages_from", {{"file", input.mta}});
    }
    out << '\n';
  }
}

void write_jobs(std::ostream& out, const Context& c) {
  const Words& w = c.w;
  std::size_t failed = 0;
  for (const auto& job : c.d.jobs) failed += job.result == JobResult::failed;
  out << '\n'
      << c.paint.heading(w["backup_jobs"] + w["colon"])
      << w("jobs_count", {{"n", std::to_string(c.d.jobs.size())}, {"failed", std::to_string(failed)}}) << '\n';
  if (c.d.jobs.empty()) return;
  std::size_t product_width = report::display_width(w["col.product"]) + 2;
  std::size_t result_width = report::display_width(w["col.result"]) + 2;
  std::size_t time_width = 0;
  for (const auto& job : c.d.jobs) {
    product_width = std::max(product_width, report::display_width(w.product(job.product)) + 2);
    result_width = std::max(result_width, report::display_width(w.result(job.result)) + 2);
    time_width = std::max({time_width, report::display_width(report::readable(c.d, job.start_utc)) + 2,
                           report::display_width(report::readable(c.d, job.end_utc)) + 2});
  }
  time_width =
      std::max({time_width, report::display_width(w["col.start"]) + 2, report::display_width(w["col.end"]) + 2});
  out << "  " << pad("#", 4) << pad(w["col.product"], product_width) << pad(w["col.start"], time_width)
      << pad(w["col.end"], time_width) << pad(w["col.result"], result_width) << w["col.codes"] << '\n';
  for (const auto& job : c.d.jobs)
    out << "  " << pad(std::to_string(job.index), 4) << pad(w.product(job.product), product_width)
        << pad(report::readable(c.d, job.start_utc), time_width) << pad(report::readable(c.d, job.end_utc), time_width)
        << c.paint.result(job.result, pad(w.result(job.result), result_width)) << codes_text(job) << '\n';
}

void write_codes(std::ostream& out, const MachineReport& r, const Context& c) {
  if (r.codes.empty()) return;
  const Words& w = c.w;
  out << '\n' << c.paint.heading(w["codes"] + w["colon"]) << '\n';
  for (const auto& use : r.codes) {
    out << "  " << use.code.hex << (use.code.symbol.empty() ? "" : " " + use.code.symbol) << " (" << w.jobs(use.jobs);
    if (c.engineer()) out << w["list_separator"] << w.list(use.fields);
    out << ")";
    if (!use.code.message.empty()) out << w["colon"] << use.code.message;
    out << '\n';
  }
}

std::string evidence_line(const EvidenceRef& ref, const Context& c, const char* indent) {
  std::string line = indent + report::readable(c.d, ref.time_utc) + "  " + ref.file + " #" +
                     std::to_string(ref.record_id) + "  " + ref.provider + " " + std::to_string(ref.event_id);
  if (ref.summary.empty()) return line;
  line += "  ";
  const std::size_t used = report::display_width(line);
  const std::size_t room = c.options.width > used + 8 ? c.options.width - used : (c.options.width ? 8 : 0);
  return line + report::cut_to_width(ref.summary, room);
}

// The evidence of a group, job by job; a job whose events are the same kinds as the first
// job's (same providers and ids in the same order) gets one line naming its records.
void write_evidence(std::ostream& out, const FindingGroup& g, const Context& c) {
  const Words& w = c.w;
  bool any = false;
  for (const Finding* f : g.members) any = any || !f->evidence.empty();
  if (!any) return;
  out << "    " << w["evidence"] << w["colon"] << '\n';
  const Finding* first = nullptr;
  const auto same_kinds = [](const Finding& a, const Finding& b) {
    return std::equal(a.evidence.begin(), a.evidence.end(), b.evidence.begin(), b.evidence.end(),
                      [](const EvidenceRef& x, const EvidenceRef& y) {
                        return x.provider == y.provider && x.event_id == y.event_id;
                      });
  };
  for (const Finding* f : g.members) {
    const std::string job = f->job ? w.jobs({*f->job}) : w["no_job"];
    if (first && same_kinds(*first, *f)) {
      std::vector<std::string> records;
      for (const EvidenceRef& ref : f->evidence) records.push_back(ref.file + " #" + std::to_string(ref.record_id));
      out << "      "
          << w("evidence_same", {{"job", job}, {"first", w.jobs({*first->job})}, {"records", w.list(records)}}) << '\n';
      continue;
    }
    if (g.members.size() > 1) out << "      " << job << w["colon"] << '\n';
    for (const EvidenceRef& ref : f->evidence)
      out << evidence_line(ref, c, g.members.size() > 1 ? "        " : "      ") << '\n';
    if (!first && f->job) first = f;
  }
}

void write_group(std::ostream& out, const FindingGroup& g, const Context& c) {
  const Words& w = c.w;
  out << "  " << c.paint.verdict(g.verdict, w.verdict(g.verdict)) << w["colon"] << g.texts.title << '\n';
  std::vector<std::string> facts;
  if (!g.jobs.empty()) facts.push_back(w.jobs(g.jobs));
  if (c.engineer()) {
    facts.push_back(w("rule", {{"rule", g.rule}}));
    facts.push_back(w("confidence", {{"value", report::confidence_text(g.confidence)}}));
  }
  if (!facts.empty()) {
    out << "    ";
    for (std::size_t i = 0; i < facts.size(); ++i) out << (i ? "  ·  " : "") << facts[i];
    out << '\n';
  }
  out << "    " << (g.verdict == Verdict::red_herring ? w["why_ignored"] : "") << g.texts.explanation << '\n';
  if (!g.texts.remedy.empty()) out << "    " << w["remedy"] << w["colon"] << g.texts.remedy << '\n';
  if (c.engineer()) write_evidence(out, g, c);
}

void write_findings(std::ostream& out, const MachineReport& r, const Context& c) {
  const Words& w = c.w;
  out << '\n' << c.paint.heading(w[c.engineer() ? "findings" : "findings_customer"] + w["colon"]) << '\n';
  if (r.findings.empty()) out << "  " << w["findings_none"] << '\n';
  for (const FindingGroup& g : r.findings) write_group(out, g, c);
  if (r.red_herrings.empty()) return;
  out << '\n' << c.paint.heading(w["red_herrings"] + w["colon"]) << '\n';
  for (const FindingGroup& g : r.red_herrings) write_group(out, g, c);
}

void write_provenance(std::ostream& out, const std::vector<const Diagnosis*>& machines, const Context& c) {
  const Words& w = c.w;
  out << '\n' << c.paint.heading(w["provenance"] + w["colon"]) << '\n';
  for (const std::string& line : report::provenance_lines(machines, c.options, w)) out << "  " << line << '\n';
}

void write_machine(std::ostream& out, const MachineReport& r, const Context& c) {
  write_case(out, c);
  write_jobs(out, c);
  write_codes(out, r, c);
  write_findings(out, r, c);
}

}  // namespace

std::string render_text_report(const Diagnosis& d, const ReportOptions& options) {
  return render_text_report(std::vector<Diagnosis>{d}, options);
}

std::string render_text_report(const std::vector<Diagnosis>& given, const ReportOptions& options) {
  const std::vector<Diagnosis> none{Diagnosis{}};
  const std::vector<Diagnosis>& machines = given.empty() ? none : given;
  const Words w(report::report_language(options.language, machines.front()));
  const Painter paint{options.ansi_colors};
  std::vector<MachineReport> reports;
  std::vector<const Diagnosis*> pointers;
  for (const Diagnosis& d : machines) {
    reports.push_back(report::build_report(d, w));
    pointers.push_back(&d);
  }
  std::ostringstream out;
  out << paint.heading(w["summary"]) << '\n';
  if (machines.size() > 1) out << "  " << w("machines_note", {{"n", std::to_string(machines.size())}}) << '\n';
  for (const MachineReport& r : reports) out << "  " << r.summary.text << '\n';
  for (std::size_t i = 0; i < machines.size(); ++i) {
    const Context c{machines[i], w, options, paint};
    if (machines.size() > 1)
      out << "\n==== "
          << w("machine_heading", {{"i", std::to_string(i + 1)},
                                   {"n", std::to_string(machines.size())},
                                   {"machine", report::machine_text(machines[i], w.language())}})
          << " ====\n";
    write_machine(out, reports[i], c);
  }
  write_provenance(out, pointers, Context{machines.front(), w, options, paint});
  return out.str();
}

}  // namespace evtxdiag
