// The self-contained HTML report (render_html_report, report.hpp): the summary first, the case,
// an SVG timeline, the jobs, the codes, one block per finding (naming every job it explains),
// the red herrings set apart, and the provenance in the footer. No external resources; every
// string from the logs or the knowledge base goes through html_escape(). Tables reflow into
// one card per row on narrow screens (each cell labelled), so no column is ever off-screen.
#include <sstream>

#include "evtxdiag/report.hpp"
#include "report/html_timeline.hpp"
#include "report/provenance.hpp"
#include "report/report_model.hpp"
#include "report/text_util.hpp"
#include "report/words.hpp"

namespace evtxdiag {
namespace {

using report::FindingGroup;
using report::MachineReport;
using report::Words;

// Screen, narrow-screen and print rules. Colours: job results and verdicts share the legend.
// Table cells wrap with break-word, not the body's `anywhere`: `anywhere` shrinks a cell's
// minimum width to one character, so tables squeezed short columns (Job, Event) to a character
// per line in favour of the message column.
constexpr const char* kStyle = R"css(
:root{--ok:#2e7d32;--failed:#c62828;--canceled:#6d4c41;--warnings:#a66f00;--unknown:#616161;
--cause:#b71c1c;--contributing:#e65100;--context:#1565c0;--herring:#757575;--undetermined:#6a1b9a}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK JP","Hiragino Sans","Meiryo",sans-serif;
margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#212121;line-height:1.5;overflow-wrap:anywhere}
h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.2rem;border-bottom:2px solid #e0e0e0;padding-bottom:.2rem;margin-top:1.6rem}
h3{font-size:1.05rem;margin:1rem 0 .4rem}
section#summary{background:#fff8e1;border:1px solid #ffe082;border-radius:6px;padding:.2rem 1rem .6rem}
section#summary h2{border:0;margin-top:.6rem}p.summary-text{font-size:1.05rem;margin:.4rem 0}
dl.case{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dl.case dt{font-weight:600}dl.case dd{margin:0}
table{border-collapse:collapse;font-size:.9rem;margin:.4rem 0;width:100%}
th,td{border:1px solid #e0e0e0;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:#f5f5f5;white-space:nowrap}td.codes,td.path{overflow-wrap:anywhere}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.hash{font-family:ui-monospace,monospace;font-size:.8rem;word-break:break-all}
time,.time{white-space:nowrap;font-variant-numeric:tabular-nums}code{font-family:ui-monospace,monospace;font-size:.92em;background:#f5f5f5;padding:0 .2em;border-radius:3px}
.badge{display:inline-block;white-space:nowrap;border-radius:1em;padding:0 .6em;font-size:.85rem;font-weight:600;color:#fff;background:var(--unknown)}
.badge.ok{background:var(--ok)}.badge.failed{background:var(--failed)}.badge.canceled{background:var(--canceled)}
.badge.warnings{background:var(--warnings)}.badge.cause{background:var(--cause)}.badge.contributing{background:var(--contributing)}
.badge.context{background:var(--context)}.badge.red-herring{background:var(--herring)}.badge.undetermined{background:var(--undetermined)}
.finding{border-left:6px solid var(--context);background:#fafafa;padding:.5rem .8rem;margin:.8rem 0;break-inside:avoid}
.finding.cause{border-color:var(--cause)}.finding.contributing{border-color:var(--contributing)}.finding.undetermined{border-color:var(--undetermined)}
.finding .heading{margin:.2rem 0}.finding .title{font-size:1.02rem}
.facts{color:#616161;font-size:.85rem;margin:.2rem 0}.facts span+span::before{content:" · "}
.remedy{background:#e8f5e9;padding:.3rem .5rem;border-radius:3px}
.evidence{font-size:.85rem}.evidence td{border-color:#eeeeee}.evidence td.message{white-space:pre-line}
section.red-herrings{background:#f5f5f5;border:2px dashed var(--herring);padding:.2rem 1rem 1rem;margin-top:2rem}
section.red-herrings .finding{border-color:var(--herring);background:#fff}
svg.timeline{max-width:100%;height:auto;font-size:12px;background:#fff}
svg .label{text-anchor:end;fill:#424242}svg .axis line{stroke:#9e9e9e}svg .tick line{stroke:#eeeeee}
svg .tick text{text-anchor:middle;fill:#616161}svg .caption{text-anchor:end;fill:#616161}
svg .bar.ok{fill:var(--ok)}svg .bar.failed{fill:var(--failed)}svg .bar.canceled{fill:var(--canceled)}
svg .bar.warnings{fill:var(--warnings)}svg .bar.unknown{fill:var(--unknown)}
svg .mark path{stroke:#fff;stroke-width:1}svg .mark.cause path{fill:var(--cause);stroke:#000}
svg .mark.contributing path{fill:var(--contributing)}svg .mark.context path{fill:var(--context)}svg .mark.undetermined path{fill:var(--undetermined)}
svg .mark.red-herring path{fill:#fff;stroke:#616161;stroke-dasharray:2 1}
.legend span{display:inline-block;margin:0 1rem .2rem 0;font-size:.85rem}
.legend i{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:-.1rem;border-radius:2px}
.note{color:#616161;font-size:.9rem}footer{margin-top:2rem;border-top:2px solid #e0e0e0;color:#424242;font-size:.85rem}
@media (max-width:640px){body{padding:.5rem}h1{font-size:1.2rem}dl.case{grid-template-columns:1fr}dl.case dd{margin-bottom:.4rem}
table.reflow,table.reflow tbody,table.reflow tr,table.reflow td{display:block;width:100%}table.reflow thead{display:none}
table.reflow tr{border:1px solid #e0e0e0;border-radius:4px;margin:.5rem 0;padding:.3rem .5rem}
table.reflow td{border:0;padding:.1rem 0}table.reflow td.num{text-align:left}
table.reflow td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:#616161}}
@media print{body{max-width:none;padding:0;font-size:9.5pt}.time{white-space:normal}h2{break-after:avoid}section{break-inside:auto}
.finding,tr,svg{break-inside:avoid}a{color:inherit}section#summary{border:1px solid #9e9e9e;background:none}
section.red-herrings{background:none}.remedy{background:none;border:1px solid #9e9e9e}
.badge{color:#000;background:none!important;border:1px solid #616161}td.message{font-size:8.5pt}}
)css";

// Records script errors and, once laid out, how many elements stick out of the viewport on the
// right (a hidden column); both as attributes of <html> that the browser test reads.
constexpr const char* kScript =
    "(function(){var n=0;window.addEventListener('error',function(){n++;"
    "document.documentElement.setAttribute('data-script-errors',String(n));});"
    "window.addEventListener('load',function(){var w=document.documentElement.clientWidth,k=0,first='';"
    "document.querySelectorAll('body *').forEach(function(e){if(e.closest('svg'))return;"
    "var r=e.getBoundingClientRect();if(r.width>0&&r.right>w+1){k++;if(!first)first=e.tagName+'.'+e.className;}});"
    "document.documentElement.setAttribute('data-overflow',String(k));"
    "document.documentElement.setAttribute('data-overflow-first',first);"
    "document.documentElement.setAttribute('data-rendered','1');});})();";

std::string e(const std::string& text) { return html_escape(text); }

// Knowledge text: escaped, with `inline code` as <code> (an unpaired backtick stays as it is).
std::string rich(const std::string& text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = text.find('`', pos);
    const std::size_t close = open == std::string::npos ? std::string::npos : text.find('`', open + 1);
    if (close == std::string::npos) {
      out += e(text.substr(pos));
      break;
    }
    out += e(text.substr(pos, open - pos)) + "<code>" + e(text.substr(open + 1, close - open - 1)) + "</code>";
    pos = close + 1;
  }
  return out;
}

using report::result_class;
using report::verdict_class;

struct Context {
  const Diagnosis& d;
  const Words& w;
  const ReportOptions& options;
  bool engineer() const { return options.audience == Audience::engineer; }
};

// A readable local time; the exact local instant and UTC in the tooltip and datetime attribute.
std::string time_html(const Diagnosis& d, Timestamp utc) {
  return "<time datetime=\"" + utc.iso_utc() + "\" title=\"" + e(d.zone.resolution.format_local(utc)) + " = " +
         utc.iso_utc() + "\">" + e(report::readable(d, utc)) + "</time>";
}

std::string cell(const std::string& label, const std::string& html, const char* cls = nullptr) {
  return "<td" + std::string(cls ? " class=\"" + std::string(cls) + "\"" : "") + " data-label=\"" + e(label) + "\">" +
         html + "</td>";
}

std::string badge(const char* cls, const std::string& text) {
  return "<span class=\"badge " + std::string(cls) + "\">" + e(text) + "</span>";
}

// The event's message: an MTA message whole (line breaks kept, it is what the customer's Event
// Viewer showed), otherwise the one-line summary.
std::string message_cell(const EvidenceRef& ref, const Words& w) {
  const std::string text = ref.message_source == MessageSource::mta ? ref.message : ref.summary;
  return "<td class=\"message\" data-label=\"" + e(w["col.message"]) + "\" data-source=\"" +
         to_string(ref.message_source) + "\">" + e(text) + "</td>";
}

void write_case(std::ostream& out, const Context& c) {
  const Words& w = c.w;
  out << "<section id=\"case\"><h2>" << e(w["case"]) << "</h2>\n<dl class=\"case\">\n";
  out << "<dt>" << e(w["machine"]) << "</dt><dd id=\"machine\">" << e(report::machine_text(c.d, w.language()))
      << "</dd>\n";
  out << "<dt>" << e(w["zone"]) << "</dt><dd id=\"zone\">"
      << e(c.engineer() ? report::zone_text(c.d, w) : report::zone_text_short(c.d, w));
  for (const auto& note : report::zone_notes(c.d, w)) out << "<br><span class=\"note\">" << e(note) << "</span>";
  out << "</dd>\n";
  if (c.engineer())
    out << "<dt>" << e(w["margin"]) << "</dt><dd>" << e(w("margin_text", {{"n", std::to_string(c.d.margin_minutes)}}))
        << "</dd>\n";
  if (!c.d.missing_logs.empty()) {
    out << "<dt>" << e(w["missing_logs"]) << "</dt><dd id=\"missing-logs\"><ul>";
    for (const auto& log : c.d.missing_logs)
      out << "<li class=\"missing-log\">" << e(report::missing_log_text(log, w)) << "</li>";
    out << "</ul></dd>\n";
  }
  out << "</dl>\n";
  if (!c.engineer()) {
    out << "<h3>" << e(w["logs_examined"]) << "</h3>\n<ul class=\"inputs\">";
    for (const auto& input : c.d.inputs)
      out << "<li class=\"input\">" << e(input.path)
          << (input.readable ? std::string() : " — " + e(w["not_readable"]) + w["colon"] + e(input.error)) << "</li>";
    out << "</ul>\n</section>\n";
    return;
  }
  const std::string labels[] = {w["col.file"],        w["col.live_records"], w["col.used"],
                                w["col.undecodable"], w["col.recovered"],    w["col.duplicates"]};
  out << "<h3>" << e(w["inputs"]) << "</h3>\n<table class=\"inputs reflow\"><thead><tr>";
  for (const std::string& label : labels) out << "<th>" << e(label) << "</th>";
  out << "</tr></thead><tbody>\n";
  for (const auto& input : c.d.inputs) {
    out << "<tr class=\"input\">"
        << cell(labels[0],
                e(input.path) + (input.mta.empty() ? std::string()
                                                   : "<br><span class=\"note mta\">" +
                                                         e(w("messages_from", {{"file", input.mta}})) + "</span>"),
                "path");
    if (!input.readable)
      out << "<td colspan=\"5\" data-label=\"" << e(w["not_readable"]) << "\">" << badge("failed", w["not_readable"])
          << ' ' << e(input.error) << "</td>";
    else
      out << cell(labels[1], std::to_string(input.live_records), "num")
          << cell(labels[2], std::to_string(input.records), "num")
          << cell(labels[3], std::to_string(input.live_lost), "num")
          << cell(labels[4], std::to_string(input.recovered), "num")
          << cell(labels[5], std::to_string(input.duplicates), "num");
    out << "</tr>\n";
  }
  out << "</tbody></table>\n</section>\n";
}

void write_legend(std::ostream& out, const Words& w) {
  out << "<p class=\"legend\">";
  for (JobResult r : {JobResult::succeeded, JobResult::failed, JobResult::canceled, JobResult::completed_with_warnings,
                      JobResult::unknown})
    out << "<span><i style=\"background:var(--" << result_class(r) << ")\"></i>" << e(w.result(r)) << "</span>";
  for (Verdict v :
       {Verdict::cause, Verdict::contributing, Verdict::undetermined, Verdict::context, Verdict::red_herring})
    out << "<span><i style=\"background:var(--" << (v == Verdict::red_herring ? "herring" : verdict_class(v))
        << ");transform:rotate(45deg) scale(.8)\"></i>" << e(w.verdict(v)) << "</span>";
  out << "</p>\n";
}

void write_jobs(std::ostream& out, const Context& c) {
  const Words& w = c.w;
  std::size_t failed = 0;
  for (const auto& job : c.d.jobs) failed += job.result == JobResult::failed;
  out << "<section id=\"jobs\"><h2>" << e(w["backup_jobs"]) << w["colon"]
      << e(w("jobs_count", {{"n", std::to_string(c.d.jobs.size())}, {"failed", std::to_string(failed)}})) << "</h2>\n";
  if (!c.d.jobs.empty()) {
    const std::string labels[] = {"#", w["col.product"], w["col.start"], w["col.end"], w["col.result"], w["col.codes"]};
    out << "<table class=\"jobs reflow\"><thead><tr>";
    for (const std::string& label : labels) out << "<th>" << e(label) << "</th>";
    out << "</tr></thead><tbody>\n";
    for (const auto& job : c.d.jobs) {
      std::string codes;
      for (const auto& code : job.codes)
        codes += "<div><code>" + e(code.hex) + "</code>" + (code.symbol.empty() ? "" : " " + e(code.symbol)) + "</div>";
      out << "<tr class=\"job\" id=\"job-" << job.index << "\" data-result=\"" << to_string(job.result) << "\">"
          << cell(labels[0], std::to_string(job.index)) << cell(labels[1], e(w.product(job.product)))
          << cell(labels[2], time_html(c.d, job.start_utc)) << cell(labels[3], time_html(c.d, job.end_utc))
          << cell(labels[4], badge(result_class(job.result), w.result(job.result)))
          << cell(labels[5], codes.empty() ? "-" : codes, "codes") << "</tr>\n";
    }
    out << "</tbody></table>\n";
  }
  out << "</section>\n";
}

void write_codes(std::ostream& out, const MachineReport& r, const Context& c) {
  if (r.codes.empty()) return;
  const Words& w = c.w;
  out << "<section id=\"codes\"><h2>" << e(w["codes"]) << "</h2>\n";
  for (const auto& use : r.codes) {
    out << "<p class=\"code\"><code>" << e(use.code.hex) << "</code>"
        << (use.code.symbol.empty() ? "" : " " + e(use.code.symbol)) << " <span class=\"facts\"><span>"
        << e(w.jobs(use.jobs)) << "</span>";
    if (c.engineer()) out << "<span>" << e(w.list(use.fields)) << "</span>";
    out << "</span>";
    if (!use.code.message.empty()) out << "<br>" << e(use.code.message);
    out << "</p>\n";
  }
  out << "</section>\n";
}

void write_evidence(std::ostream& out, const FindingGroup& g, const Context& c) {
  const Words& w = c.w;
  std::size_t count = 0;
  for (const Finding* f : g.members) count += f->evidence.size();
  if (count == 0) return;
  const bool several = g.members.size() > 1;
  out << "<details open><summary>" << e(w["evidence"]) << " (" << count
      << ")</summary><table class=\"evidence reflow\"><thead><tr>"
      << (several ? "<th>" + e(w["col.job"]) + "</th>" : "") << "<th>" << e(w["col.time"]) << "</th><th>"
      << e(w["col.record"]) << "</th><th>" << e(w["col.event"]) << "</th><th>" << e(w["col.message"])
      << "</th></tr></thead><tbody>\n";
  for (const Finding* f : g.members)
    for (const EvidenceRef& ref : f->evidence) {
      out << "<tr>";
      if (several) out << cell(w["col.job"], f->job ? std::to_string(*f->job) : "-");
      out << cell(w["col.time"], time_html(c.d, ref.time_utc))
          << cell(w["col.record"], e(ref.file) + " #" + std::to_string(ref.record_id), "path")
          << cell(w["col.event"], e(ref.provider) + ' ' + std::to_string(ref.event_id)) << message_cell(ref, w)
          << "</tr>\n";
    }
  out << "</tbody></table></details>\n";
}

void write_group(std::ostream& out, const FindingGroup& g, const Context& c) {
  const Words& w = c.w;
  std::string jobs;
  for (std::size_t job : g.jobs) jobs += (jobs.empty() ? "" : " ") + std::to_string(job);
  out << "<div class=\"finding " << verdict_class(g.verdict) << "\"";
  if (c.engineer()) out << " data-rule=\"" << e(g.rule) << "\"";
  out << " data-verdict=\"" << to_string(g.verdict) << "\"";
  if (!jobs.empty()) out << " data-jobs=\"" << jobs << "\"";
  out << ">\n<p class=\"heading\">" << badge(verdict_class(g.verdict), w.verdict(g.verdict))
      << " <strong class=\"title\">" << rich(g.texts.title) << "</strong></p>\n<p class=\"facts\">";
  if (!g.jobs.empty()) out << "<span class=\"jobs\">" << e(w.jobs(g.jobs)) << "</span>";
  if (c.engineer())
    out << "<span class=\"rule\">" << e(w("rule", {{"rule", g.rule}})) << "</span><span class=\"confidence\">"
        << e(w("confidence", {{"value", report::confidence_text(g.confidence)}})) << "</span>";
  out << "</p>\n<p class=\"explanation\">" << (g.verdict == Verdict::red_herring ? e(w["why_ignored"]) : std::string())
      << rich(g.texts.explanation) << "</p>\n";
  if (!g.texts.remedy.empty())
    out << "<p class=\"remedy\"><strong>" << e(w["remedy"]) << w["colon"] << "</strong>" << rich(g.texts.remedy)
        << "</p>\n";
  if (c.engineer()) write_evidence(out, g, c);
  out << "</div>\n";
}

void write_findings(std::ostream& out, const MachineReport& r, const Context& c) {
  const Words& w = c.w;
  out << "<section id=\"findings\"><h2>" << e(w[c.engineer() ? "findings" : "findings_customer"]) << "</h2>\n";
  if (r.findings.empty()) out << "<p class=\"none\">" << e(w["findings_none"]) << "</p>\n";
  for (const FindingGroup& g : r.findings) write_group(out, g, c);
  out << "</section>\n";
  if (r.red_herrings.empty()) return;
  out << "<section id=\"red-herrings\" class=\"red-herrings\"><h2>" << e(w["red_herrings"]) << "</h2>\n";
  for (const FindingGroup& g : r.red_herrings) write_group(out, g, c);
  out << "</section>\n";
}

// The case, timeline, jobs, codes and findings of one machine.
void write_body(std::ostream& out, const MachineReport& r, const Context& c) {
  write_case(out, c);
  const std::string svg = report::timeline_svg(c.d, c.w);
  if (!svg.empty()) {
    out << "<section id=\"timeline\"><h2>" << e(c.w["timeline"]) << "</h2>\n<p class=\"note\">"
        << e(c.w["timeline_note"]) << "</p>\n"
        << svg;
    write_legend(out, c.w);
    out << "</section>\n";
  }
  write_jobs(out, c);
  write_codes(out, r, c);
  write_findings(out, r, c);
}

void write_provenance(std::ostream& out, const std::vector<const Diagnosis*>& machines, const ReportOptions& options,
                      const Words& w) {
  out << "<footer id=\"provenance\"><h2>" << e(w["provenance"]) << "</h2>\n<p>"
      << e(w("provenance.tool", {{"tool", report::tool_text()}}));
  if (options.analysed_at)
    out << "<br>" << e(w("provenance.analysed_at", {{"time", TimeZone::utc().format_readable(*options.analysed_at)}}));
  out << "</p>\n<table class=\"provenance reflow\"><thead><tr><th>" << e(w["col.file"]) << "</th><th>"
      << e(w["col.size"]) << "</th><th>SHA-256</th></tr></thead><tbody>\n";
  for (const InputSummary* input : report::distinct_inputs(machines))
    out << "<tr>" << cell(w["col.file"], e(input->path), "path")
        << cell(w["col.size"], input->sha256.empty() ? "-" : e(w("bytes", {{"n", std::to_string(input->size)}})), "num")
        << cell("SHA-256", input->sha256.empty() ? e(w["not_readable"]) : input->sha256, "hash") << "</tr>\n";
  out << "</tbody></table>\n</footer>\n";
}

void write_head(std::ostream& out, const Words& w, const std::string& title) {
  out << "<!DOCTYPE html>\n<html lang=\"" << (w.ja() ? "ja" : "en")
      << "\" data-script-errors=\"0\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'\">\n<title>"
      << e(title) << "</title>\n<style>" << kStyle << "</style>\n<script>" << kScript
      << "</script>\n</head>\n<body>\n<h1>" << e(title) << "</h1>\n";
}

// Element ids of one machine's part of a several-machine page get a prefix, so that they stay
// unique. Safe as text replacement: log text is escaped, so `id="` only occurs in our markup.
std::string prefix_ids(std::string html, const std::string& prefix) {
  const std::string attribute = " id=\"";
  for (std::size_t at = html.find(attribute); at != std::string::npos; at = html.find(attribute, at + attribute.size()))
    html.insert(at + attribute.size(), prefix);
  return html;
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  return out;
}

std::string render_html_report(const Diagnosis& d, const ReportOptions& options) {
  return render_html_report(std::vector<Diagnosis>{d}, options);
}

std::string render_html_report(const std::vector<Diagnosis>& given, const ReportOptions& options) {
  const std::vector<Diagnosis> none{Diagnosis{}};
  const std::vector<Diagnosis>& machines = given.empty() ? none : given;
  const Words w(report::report_language(options.language, machines.front()));
  std::vector<MachineReport> reports;
  std::vector<const Diagnosis*> pointers;
  for (const Diagnosis& d : machines) {
    reports.push_back(report::build_report(d, w));
    pointers.push_back(&d);
  }
  const bool several = machines.size() > 1;
  const std::string title =
      !options.title.empty() ? options.title
      : several              ? w("report_title_machines", {{"n", std::to_string(machines.size())}})
                             : w("report_title", {{"machine", report::machine_text(machines.front(), w.language())}});
  std::ostringstream out;
  write_head(out, w, title);
  out << "<section id=\"summary\"><h2>" << e(w["summary"]) << "</h2>\n";
  if (several)
    out << "<p class=\"note\" id=\"machines-note\">" << e(w("machines_note", {{"n", std::to_string(machines.size())}}))
        << "</p>\n";
  for (const MachineReport& r : reports)
    out << "<p class=\"summary-text\" data-status=\"" << r.summary.status << "\">" << rich(r.summary.text) << "</p>\n";
  out << "</section>\n";
  for (std::size_t i = 0; i < machines.size(); ++i) {
    const Context c{machines[i], w, options};
    if (!several) {
      write_body(out, reports[i], c);
      continue;
    }
    std::ostringstream body;
    write_body(body, reports[i], c);
    out << "<article class=\"machine\" data-machine=\"" << e(machines[i].computer) << "\"><h2>" << e(w["machine"])
        << w["colon"] << e(report::machine_text(machines[i], w.language())) << "</h2>\n"
        << prefix_ids(body.str(), "m" + std::to_string(i + 1) + "-") << "</article>\n";
  }
  write_provenance(out, pointers, options, w);
  out << "</body>\n</html>\n";
  return out.str();
}

}  // namespace evtxdiag
