// The plain-text diagnosis report (render_text_report, report.hpp). The English output is the
// format of the committed goldens (tests/golden/*.txt); Japanese swaps the fixed words only.
#include <algorithm>
#include <sstream>

#include "evtxdiag/report.hpp"
#include "report/labels.hpp"
#include "report/text_util.hpp"

namespace evtxdiag {
namespace {

using report::Labels;
using report::pad;

// ANSI SGR wrapping for terminals; identity when colours are off.
struct Painter {
  bool on = false;
  std::string operator()(const std::string& text, const char* sgr) const {
    return on ? "\x1b[" + std::string(sgr) + "m" + text + "\x1b[0m" : text;
  }
  std::string verdict(Verdict v, Language language) const {
    const char* sgr = v == Verdict::cause ? "1;31" : v == Verdict::contributing ? "33" : v == Verdict::undetermined ? "35"
                      : v == Verdict::context ? "36" : "2";
    return (*this)(report::verdict_label(v, language), sgr);
  }
  std::string result(JobResult r, const std::string& text) const {
    const char* sgr = r == JobResult::failed ? "31" : r == JobResult::succeeded ? "32" : "33";
    return (*this)(text, sgr);
  }
  std::string heading(const std::string& text) const { return (*this)(text, "1"); }
};

std::string codes_text(const BackupJob& job) {
  std::string text;
  for (const auto& code : job.codes) text += (text.empty() ? "" : " ") + code.hex;
  return text.empty() ? "-" : text;
}

std::string product_short(BackupProduct product) {
  switch (product) {
    case BackupProduct::windows_server_backup: return "wsb";
    case BackupProduct::windows7_backup: return "win7";
    case BackupProduct::mars_agent: return "mars";
  }
  return "?";
}

void write_evidence(std::ostream& out, const std::vector<EvidenceRef>& evidence, const char* indent) {
  for (const auto& ref : evidence) {
    out << indent << ref.time_local << " (" << ref.time_utc.iso_utc() << ")  " << ref.file << " #" << ref.record_id
        << "  " << ref.provider << ' ' << ref.event_id;
    if (!ref.summary.empty()) out << "  " << ref.summary;
    out << '\n';
  }
}

void write_finding(std::ostream& out, const Finding& f, bool red_herring, Language language, const Painter& paint) {
  const Labels& l = report::labels(language);
  out << "  " << paint.verdict(f.verdict, language) << " (" << l.confidence << ' '
      << report::confidence_text(f.confidence) << ") [" << f.rule << "] " << f.title << '\n';
  out << "    " << (red_herring ? l.why_ignored : "") << f.explanation << '\n';
  if (!f.remedy.empty()) out << "    " << l.remedy << ": " << f.remedy << '\n';
  if (!f.evidence.empty()) {
    out << "    " << l.evidence << ":\n";
    write_evidence(out, f.evidence, "      ");
  }
}

void write_header(std::ostream& out, const Diagnosis& d, const Labels& l, Language language) {
  const std::string machine = std::string(l.machine) + ":";
  const std::string zone = std::string(l.zone) + ":";
  const std::string margin = std::string(l.margin) + ":";
  std::size_t key_width = 9;  // "Machine: " in English
  for (const auto* key : {&machine, &zone, &margin}) key_width = std::max(key_width, report::display_width(*key) + 1);
  out << pad(machine, key_width) << report::machine_text(d, language) << '\n';
  out << pad(zone, key_width) << d.zone.name << " (" << d.zone.source << ")\n";
  for (const auto& note : d.zone.notes) out << std::string(key_width, ' ') << note << '\n';
  out << pad(margin, key_width) << d.margin_minutes << ' ' << l.margin_text << '\n';
  if (!d.missing_logs.empty()) {
    out << l.missing_logs << ":\n";
    for (const auto& log : d.missing_logs) out << "  " << report::missing_log_text(log, language) << '\n';
  }
  out << l.inputs << ":\n";
  for (const auto& input : d.inputs) {
    out << "  " << input.path << ": ";
    if (!input.readable) {
      out << l.not_readable << ": " << input.error << '\n';
      continue;
    }
    out << report::input_counts_text(input, language);
    if (!input.mta.empty()) out << "; " << l.messages_from << ' ' << input.mta;
    out << '\n';
  }
}

void write_jobs(std::ostream& out, const Diagnosis& d, Language language, const Painter& paint) {
  const Labels& l = report::labels(language);
  std::size_t failed = 0;
  for (const auto& job : d.jobs) failed += job.result == JobResult::failed;
  out << '\n' << paint.heading(l.backup_jobs + std::string(":")) << ' ' << d.jobs.size() << " (" << failed << ' '
      << l.failed_count << ")\n";
  if (d.jobs.empty()) return;
  out << "  " << pad("#", 4) << pad(l.col_product, 8) << pad(l.col_start_local, 35) << pad(l.col_start_utc, 30)
      << pad(l.col_end_utc, 30) << pad(l.col_result, 24) << l.col_codes << '\n';
  for (const auto& job : d.jobs)
    out << "  " << pad(std::to_string(job.index), 4) << pad(product_short(job.product), 8) << pad(job.start_local, 35)
        << pad(job.start_utc.iso_utc(), 30) << pad(job.end_utc.iso_utc(), 30)
        << paint.result(job.result, pad(report::result_label(job.result, language), 24)) << codes_text(job) << '\n';
}

}  // namespace

std::string render_text_report(const Diagnosis& d, const ReportOptions& options) {
  const Language language = report::report_language(options.lang, d);
  const Labels& l = report::labels(language);
  const Painter paint{options.ansi_colors};
  std::ostringstream out;
  write_header(out, d, l, language);
  write_jobs(out, d, language, paint);

  bool any = false;
  for (const auto& job : d.jobs) {
    bool header = false;
    for (const auto& f : d.findings) {
      if (f.job != job.index || f.verdict == Verdict::red_herring) continue;
      if (!header) {
        out << '\n'
            << paint.heading(l.job + std::string(" ") + std::to_string(job.index)) << " ("
            << paint.result(job.result, report::result_label(job.result, language)) << ", " << l.started << ' '
            << job.start_local << "):\n";
        for (const auto& code : job.codes)
          out << "  " << l.code << ' ' << code.hex << (code.symbol.empty() ? "" : " " + code.symbol)
              << (code.message.empty() ? "" : ": " + code.message) << " (" << code.field << ")\n";
        header = any = true;
      }
      write_finding(out, f, false, language, paint);
    }
  }
  if (!any) out << '\n' << l.findings_none << '\n';

  bool herring_header = false;
  for (const auto& f : d.findings) {
    if (f.verdict != Verdict::red_herring) continue;
    if (!herring_header) {
      out << '\n' << paint.heading(l.red_herrings + std::string(":")) << '\n';
      herring_header = true;
    }
    out << ' ' << l.job << ' ' << (f.job ? std::to_string(*f.job) : std::string("-")) << ":\n";
    write_finding(out, f, true, language, paint);
  }
  return out.str();
}

std::string render_text_report(const std::vector<Diagnosis>& machines, const ReportOptions& options) {
  if (machines.size() == 1) return render_text_report(machines.front(), options);
  if (machines.empty()) return render_text_report(Diagnosis{}, options);
  const Language language = report::report_language(options.lang, machines.front());
  const std::string count = std::to_string(machines.size());
  std::ostringstream out;
  out << (language == Language::ja
              ? "これらのログは " + count + " 台のコンピューターのものです。コンピューターごとに個別に診断しています:\n"
              : "These logs come from " + count + " machines; each is diagnosed on its own:\n");
  for (const Diagnosis& d : machines) out << "  " << report::machine_text(d, language) << '\n';
  for (std::size_t i = 0; i < machines.size(); ++i) {
    out << "\n==== " << report::labels(language).machine << ' ' << i + 1 << '/' << count << ": "
        << report::machine_text(machines[i], language) << " ====\n";
    out << render_text_report(machines[i], options);
  }
  return out.str();
}

}  // namespace evtxdiag
