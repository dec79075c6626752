// The self-contained HTML report (render_html_report, report.hpp): case summary, SVG timeline,
// jobs, findings with remedies, red herrings set apart. No external resources; every string from
// the logs or the knowledge base goes through html_escape().
#include <sstream>

#include "evtxdiag/report.hpp"
#include "report/html_timeline.hpp"
#include "report/labels.hpp"
#include "report/text_util.hpp"

namespace evtxdiag {
namespace {

using report::Labels;

// Screen, narrow-screen and print rules. Colours: job results and verdicts share the legend.
constexpr const char* kStyle = R"css(
:root{--ok:#2e7d32;--failed:#c62828;--canceled:#6d4c41;--warnings:#f9a825;--unknown:#757575;
--cause:#b71c1c;--contributing:#ef6c00;--context:#1565c0;--herring:#9e9e9e;--undetermined:#6a1b9a}
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK JP","Hiragino Sans","Meiryo",sans-serif;
margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#212121;line-height:1.45}
h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.2rem;border-bottom:2px solid #e0e0e0;padding-bottom:.2rem;margin-top:1.6rem}
h3{font-size:1.05rem;margin:1rem 0 .4rem}
dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dl.summary dt{font-weight:600}dl.summary dd{margin:0}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.9rem;margin:.4rem 0}
th,td{border:1px solid #e0e0e0;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f5f5f5}
td.num{text-align:right}.utc{color:#616161;font-size:.85em}.time{white-space:nowrap;font-variant-numeric:tabular-nums}
.result{font-weight:600}.result.ok{color:var(--ok)}.result.failed{color:var(--failed)}.result.canceled{color:var(--canceled)}
.result.warnings{color:#a66f00}.result.unknown{color:var(--unknown)}
.finding{border-left:6px solid var(--context);background:#fafafa;padding:.5rem .8rem;margin:.6rem 0;break-inside:avoid}
.finding.cause{border-color:var(--cause)}.finding.contributing{border-color:var(--contributing)}
.finding.undetermined{border-color:var(--undetermined)}.finding.undetermined .verdict{color:var(--undetermined)}
.verdict{font-weight:700;text-transform:none}.finding.cause .verdict{color:var(--cause)}
.finding.contributing .verdict{color:var(--contributing)}.finding.context .verdict{color:var(--context)}
.rule{color:#757575;font-size:.85em}.remedy{background:#e8f5e9;padding:.3rem .5rem;border-radius:3px}
.evidence{font-size:.85rem}.evidence td{border-color:#eeeeee}.evidence td.message{white-space:pre-line}
section.red-herrings{background:#f5f5f5;border:2px dashed var(--herring);padding:.2rem 1rem 1rem;margin-top:2rem}
section.red-herrings .finding{border-color:var(--herring);background:#fff}
section.red-herrings .verdict{color:#616161}
svg.timeline{max-width:100%;height:auto;font-size:12px;background:#fff}
svg .label{text-anchor:end;fill:#424242}svg .axis line{stroke:#9e9e9e}svg .tick line{stroke:#eeeeee}
svg .tick text{text-anchor:middle;fill:#616161}svg .caption{text-anchor:end;fill:#616161}
svg .bar.ok{fill:var(--ok)}svg .bar.failed{fill:var(--failed)}svg .bar.canceled{fill:var(--canceled)}
svg .bar.warnings{fill:var(--warnings)}svg .bar.unknown{fill:var(--unknown)}
svg .mark path{stroke:#fff;stroke-width:1}svg .mark.cause path{fill:var(--cause);stroke:#000}
svg .mark.contributing path{fill:var(--contributing)}svg .mark.context path{fill:var(--context)}svg .mark.undetermined path{fill:var(--undetermined)}
svg .mark.red-herring path{fill:#fff;stroke:#616161;stroke-dasharray:2 1}
.legend span{display:inline-block;margin-right:1rem;font-size:.85rem}
.legend i{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:-.1rem;border-radius:2px}
.note{color:#616161;font-size:.9rem}
@media (max-width:700px){body{padding:.5rem}dl.summary{grid-template-columns:1fr}dl.summary dd{margin-bottom:.4rem}
table{font-size:.8rem}h1{font-size:1.2rem}}
@media print{body{max-width:none;padding:0;font-size:10pt}h2{break-after:avoid}section{break-inside:auto}
.finding,tr,svg{break-inside:avoid}.scroll{overflow:visible}a{color:inherit}
section.red-herrings{background:none}.remedy{background:none;border:1px solid #9e9e9e}}
)css";

// Records script errors in the DOM (the browser test reads it) and marks the page rendered.
constexpr const char* kScript =
    "(function(){var n=0;window.addEventListener('error',function(){n++;"
    "document.documentElement.setAttribute('data-script-errors',String(n));});"
    "document.addEventListener('DOMContentLoaded',function(){"
    "document.documentElement.setAttribute('data-rendered','1');});})();";

std::string e(const std::string& text) { return html_escape(text); }

using report::result_class;
using report::verdict_class;

std::string time_cell(const std::string& local, Timestamp utc) {
  return "<td class=\"time\">" + e(local) + "<br><span class=\"utc\">" + utc.iso_utc() + "</span></td>";
}

// The event's message: an MTA message whole (line breaks kept, it is what the customer's Event
// Viewer showed), otherwise the one-line summary.
std::string message_cell(const EvidenceRef& ref) {
  if (ref.message_source == MessageSource::mta)
    return "<td class=\"message\" data-source=\"mta\">" + e(ref.message) + "</td>";
  return "<td class=\"message\" data-source=\"" + std::string(to_string(ref.message_source)) + "\">" + e(ref.summary) +
         "</td>";
}

void write_summary(std::ostream& out, const Diagnosis& d, const Labels& l, Language language) {
  out << "<section id=\"summary\"><h2>" << l.summary << "</h2>\n<dl class=\"summary\">\n";
  out << "<dt>" << l.machine << "</dt><dd id=\"machine\">" << e(report::machine_text(d, language))
      << "</dd>\n";
  out << "<dt>" << l.zone << "</dt><dd id=\"zone\">" << e(d.zone.name) << " (" << e(d.zone.source) << ")";
  for (const auto& note : d.zone.notes) out << "<br><span class=\"note\">" << e(note) << "</span>";
  out << "</dd>\n<dt>" << l.margin << "</dt><dd>" << d.margin_minutes << ' ' << l.margin_text << "</dd>\n";
  if (!d.missing_logs.empty()) {
    out << "<dt>" << l.missing_logs << "</dt><dd id=\"missing-logs\"><ul>";
    for (const auto& log : d.missing_logs) out << "<li class=\"missing-log\">" << e(report::missing_log_text(log, language)) << "</li>";
    out << "</ul></dd>\n";
  }
  out << "</dl>\n";
  out << "<h3>" << l.inputs << "</h3>\n<div class=\"scroll\"><table class=\"inputs\"><tr><th>" << l.inputs << "</th><th>"
      << l.live_records << "</th><th>" << l.relevant << "</th><th>" << l.undecodable << "</th><th>" << l.recovered
      << "</th><th>" << l.duplicates << "</th></tr>\n";
  for (const auto& input : d.inputs) {
    out << "<tr class=\"input\"><td>" << e(input.path);
    if (!input.mta.empty())
      out << "<br><span class=\"note mta\">" << l.messages_from << ' ' << e(input.mta) << "</span>";
    out << "</td>";
    if (!input.readable)
      out << "<td colspan=\"5\" class=\"result failed\">" << l.not_readable << ": " << e(input.error) << "</td>";
    else
      out << "<td class=\"num\">" << input.live_records << "</td><td class=\"num\">" << input.records
          << "</td><td class=\"num\">" << input.live_lost << "</td><td class=\"num\">" << input.recovered
          << "</td><td class=\"num\">" << input.duplicates << "</td>";
    out << "</tr>\n";
  }
  out << "</table></div></section>\n";
}

void write_legend(std::ostream& out, Language language) {
  out << "<p class=\"legend\">";
  for (JobResult r : {JobResult::succeeded, JobResult::failed, JobResult::canceled, JobResult::completed_with_warnings,
                      JobResult::unknown})
    out << "<span><i style=\"background:var(--" << (r == JobResult::succeeded ? "ok" : result_class(r)) << ")\"></i>"
        << e(report::result_label(r, language)) << "</span>";
  for (Verdict v : {Verdict::cause, Verdict::contributing, Verdict::undetermined, Verdict::context, Verdict::red_herring})
    out << "<span><i style=\"background:var(--" << (v == Verdict::red_herring ? "herring" : verdict_class(v))
        << ");transform:rotate(45deg) scale(.8)\"></i>" << e(report::verdict_label(v, language)) << "</span>";
  out << "</p>\n";
}

void write_jobs(std::ostream& out, const Diagnosis& d, Language language) {
  const Labels& l = report::labels(language);
  std::size_t failed = 0;
  for (const auto& job : d.jobs) failed += job.result == JobResult::failed;
  out << "<section id=\"jobs\"><h2>" << l.backup_jobs << ": " << d.jobs.size() << " (" << failed << ' ' << l.failed_count
      << ")</h2>\n";
  if (!d.jobs.empty()) {
    out << "<div class=\"scroll\"><table class=\"jobs\"><tr><th>#</th><th>" << l.col_product << "</th><th>"
        << l.col_start_local << "</th><th>" << l.col_end_local << "</th><th>" << l.col_result << "</th><th>" << l.col_codes
        << "</th></tr>\n";
    for (const auto& job : d.jobs) {
      out << "<tr class=\"job\" id=\"job-" << job.index << "\" data-result=\"" << to_string(job.result) << "\"><td>"
          << job.index << "</td><td>" << to_string(job.product) << "</td>" << time_cell(job.start_local, job.start_utc)
          << time_cell(job.end_local, job.end_utc) << "<td class=\"result " << result_class(job.result) << "\">"
          << e(report::result_label(job.result, language)) << "</td><td>";
      for (const auto& code : job.codes)
        out << "<div><code>" << e(code.hex) << "</code>" << (code.symbol.empty() ? "" : " " + e(code.symbol)) << "</div>";
      out << "</td></tr>\n";
    }
    out << "</table></div>\n";
  }
  out << "</section>\n";
}

void write_finding(std::ostream& out, const Finding& f, Language language) {
  const Labels& l = report::labels(language);
  out << "<div class=\"finding " << verdict_class(f.verdict) << "\" data-rule=\"" << e(f.rule) << "\" data-verdict=\""
      << to_string(f.verdict) << "\"" << (f.job ? " data-job=\"" + std::to_string(*f.job) + "\"" : std::string())
      << ">\n<p><span class=\"verdict\">" << e(report::verdict_label(f.verdict, language)) << "</span> <strong class=\"title\">"
      << e(f.title) << "</strong> <span class=\"rule\">[" << e(f.rule) << "] " << l.confidence << ' '
      << report::confidence_text(f.confidence) << "</span></p>\n<p class=\"explanation\">"
      << (f.verdict == Verdict::red_herring ? e(l.why_ignored) : std::string()) << e(f.explanation) << "</p>\n";
  if (!f.remedy.empty()) out << "<p class=\"remedy\"><strong>" << l.remedy << ":</strong> " << e(f.remedy) << "</p>\n";
  if (!f.evidence.empty()) {
    out << "<details open><summary>" << l.evidence << " (" << f.evidence.size()
        << ")</summary><div class=\"scroll\"><table class=\"evidence\">\n";
    for (const auto& ref : f.evidence)
      out << "<tr>" << time_cell(ref.time_local, ref.time_utc) << "<td>" << e(ref.file) << " #" << ref.record_id
          << "</td><td>" << e(ref.provider) << ' ' << ref.event_id << "</td>" << message_cell(ref) << "</tr>\n";
    out << "</table></div></details>\n";
  }
  out << "</div>\n";
}

void write_findings(std::ostream& out, const Diagnosis& d, Language language) {
  const Labels& l = report::labels(language);
  out << "<section id=\"findings\"><h2>" << l.findings << "</h2>\n";
  bool any = false;
  for (const auto& job : d.jobs) {
    bool header = false;
    for (const auto& f : d.findings) {
      if (f.job != job.index || f.verdict == Verdict::red_herring) continue;
      if (!header) {
        out << "<h3 id=\"findings-job-" << job.index << "\">" << l.job << ' ' << job.index << " ("
            << e(report::result_label(job.result, language)) << ", " << l.started << ' ' << e(job.start_local) << ")</h3>\n";
        for (const auto& code : job.codes)
          out << "<p class=\"code\">" << l.code << " <code>" << e(code.hex) << "</code>"
              << (code.symbol.empty() ? "" : " " + e(code.symbol)) << (code.message.empty() ? "" : ": " + e(code.message))
              << " <span class=\"rule\">(" << e(code.field) << ")</span></p>\n";
        header = any = true;
      }
      write_finding(out, f, language);
    }
  }
  bool other_header = false;  // findings not tied to a job (the text report leaves them out)
  for (const auto& f : d.findings) {
    if (f.job || f.verdict == Verdict::red_herring) continue;
    if (!other_header) out << "<h3>" << l.other_events << "</h3>\n";
    other_header = any = true;
    write_finding(out, f, language);
  }
  if (!any) out << "<p class=\"none\">" << l.findings_none << "</p>\n";
  out << "</section>\n";

  bool herrings = false;
  for (const auto& f : d.findings) {
    if (f.verdict != Verdict::red_herring) continue;
    if (!herrings) out << "<section id=\"red-herrings\" class=\"red-herrings\"><h2>" << l.red_herrings << "</h2>\n";
    herrings = true;
    out << "<h3>" << l.job << ' ' << (f.job ? std::to_string(*f.job) : std::string("-")) << "</h3>\n";
    write_finding(out, f, language);
  }
  if (herrings) out << "</section>\n";
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

namespace {

void write_head(std::ostream& out, const Labels& l, const std::string& title) {
  out << "<!DOCTYPE html>\n<html lang=\"" << l.html_lang << "\" data-script-errors=\"0\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'\">\n<title>"
      << e(title) << "</title>\n<style>" << kStyle << "</style>\n<script>" << kScript << "</script>\n</head>\n<body>\n<h1>"
      << e(title) << "</h1>\n";
}

// Summary, timeline, jobs and findings of one machine.
void write_body(std::ostream& out, const Diagnosis& d, Language language) {
  const Labels& l = report::labels(language);
  write_summary(out, d, l, language);
  const std::string svg = report::timeline_svg(d, language);
  if (!svg.empty()) {
    out << "<section id=\"timeline\"><h2>" << l.timeline << "</h2>\n<p class=\"note\">" << l.timeline_note << "</p>\n"
        << "<div class=\"scroll\">" << svg << "</div>\n";
    write_legend(out, language);
    out << "</section>\n";
  }
  write_jobs(out, d, language);
  write_findings(out, d, language);
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

std::string render_html_report(const Diagnosis& d, const ReportOptions& options) {
  const Language language = report::report_language(options.lang, d);
  const Labels& l = report::labels(language);
  const std::string title = !options.title.empty() ? options.title
                                                    : std::string(l.report_title) + ": " +
                                                          (d.computer.empty() ? l.unknown_machine : d.computer);
  std::ostringstream out;
  write_head(out, l, title);
  write_body(out, d, language);
  out << "</body>\n</html>\n";
  return out.str();
}

std::string render_html_report(const std::vector<Diagnosis>& machines, const ReportOptions& options) {
  if (machines.size() == 1) return render_html_report(machines.front(), options);
  if (machines.empty()) return render_html_report(Diagnosis{}, options);
  const Language language = report::report_language(options.lang, machines.front());
  const Labels& l = report::labels(language);
  const bool ja = language == Language::ja;
  const std::string count = std::to_string(machines.size());
  const std::string title = !options.title.empty() ? options.title
                                                    : std::string(l.report_title) + ": " + count +
                                                          (ja ? " 台のコンピューター" : " machines");
  std::ostringstream out;
  write_head(out, l, title);
  out << "<p class=\"note\" id=\"machines-note\">"
      << (ja ? "これらのログは " + count + " 台のコンピューターのものです。コンピューターごとに個別に診断しています。"
             : "These logs come from " + count + " machines; each is diagnosed on its own.")
      << "</p>\n<ul class=\"machines\">\n";
  for (std::size_t i = 0; i < machines.size(); ++i)
    out << "<li>" << e(report::machine_text(machines[i], language)) << "</li>\n";
  out << "</ul>\n";
  for (std::size_t i = 0; i < machines.size(); ++i) {
    std::ostringstream body;
    write_body(body, machines[i], language);
    out << "<article class=\"machine\" data-machine=\"" << e(machines[i].computer) << "\"><h2>" << l.machine
        << l.colon << e(report::machine_text(machines[i], language)) << "</h2>\n"
        << prefix_ids(body.str(), "m" + std::to_string(i + 1) + "-") << "</article>\n";
  }
  out << "</body>\n</html>\n";
  return out.str();
}

}  // namespace evtxdiag
