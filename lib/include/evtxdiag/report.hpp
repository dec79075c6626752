#pragma once
// Reports for people: the plain-text diagnosis (what `evtxdiag diagnose` prints) and a
// self-contained HTML page with a timeline picture, in English or Japanese.
//
//   evtxdiag::Diagnosis d = evtxdiag::diagnose({"case/logs"}, options);
//   evtxdiag::ReportOptions report;
//   report.lang = "ja";
//   std::ofstream("report.html") << evtxdiag::render_html_report(d, report);
//
// Both renderers are pure functions of the Diagnosis and the options: no file access, no clock
// (the time of the analysis only when given), no network, so the same diagnosis always gives
// byte-identical output (the goldens rely on it). Every fixed word comes from
// knowledge/labels/report.yaml in the report language.
// Texts from the knowledge base (titles, explanations, remedies) come in the language the
// Diagnosis was made with (DiagnoseOptions::lang); `ReportOptions::lang` chooses the
// report's own headings, labels, verdict and result names.
//
// HTML: one UTF-8 file with inline CSS (screen, narrow screen and print) and a tiny inline
// script that only records script errors (data-script-errors on <html>); no external
// resources. Every string taken from the logs or the knowledge base is HTML-escaped.
// The SVG timeline shows each job as a bar coloured by its result and the evidence of the
// findings as marks, on a local-time axis (zone of the diagnosis); UTC is in each mark's and
// bar's tooltip (<title>) and in the tables beside it.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// Who reads the report.
enum class Audience {
  /// The support engineer: rule ids, confidence, the evidence records, input counts.
  engineer,
  /// The customer: plain words, causes and remedies; no rule ids, confidence, record numbers or
  /// internal names (a report to send as it is).
  customer,
};
/// "engineer" / "customer"; parse_audience() reads them back (nullopt for anything else).
[[nodiscard]] const char* to_string(Audience audience) noexcept;
[[nodiscard]] std::optional<Audience> parse_audience(const std::string& text) noexcept;

/// How to render a report.
struct ReportOptions {
  /// Language of headings and labels; nullopt = the Diagnosis's own language.
  std::optional<Language> language;
  /// HTML <title> and top heading; empty = "evtxdiag report: <machine>" (localized).
  std::string title;
  /// Text report only: ANSI SGR colours for headings, verdicts and job results (for terminals).
  bool ansi_colors = false;
  Audience audience = Audience::engineer;
  /// Text report only: cut event messages to fit lines of this many columns ("…"); 0 = never cut.
  std::size_t width = 0;
  /// When the analysis ran, for the provenance footer; unset (the default) keeps the output a
  /// pure function of the Diagnosis (the goldens rely on it).
  std::optional<Timestamp> analysed_at;
};

/// The text report: the summary (what failed, since when until when, why, what to do, whether
/// later jobs succeeded), machine and zone, inputs, the jobs, the error codes, the findings
/// (one block per finding, naming every job it explains) with remedies and evidence, the red
/// herrings and why they can be ignored, and the provenance (tool version, inputs with size
/// and SHA-256). Lines end with '\n'. Throws Error(invalid_input) for a lang other than en/ja.
[[nodiscard]] std::string render_text_report(const Diagnosis& diagnosis, const ReportOptions& options = {});

/// The HTML report (a complete document, UTF-8): the same parts as the text report, with an SVG
/// timeline; tables reflow into cards on narrow screens, results and verdicts are badges, times
/// show UTC in a tooltip, a footer gives the provenance. Throws Error(invalid_input) for a lang
/// other than en/ja.
[[nodiscard]] std::string render_html_report(const Diagnosis& diagnosis, const ReportOptions& options = {});

/// The reports of diagnose_machines(): for one machine the report above; for several, a line
/// naming them, then each machine's own report under its heading (one HTML page, element ids
/// prefixed "m1-", "m2-", ...).
[[nodiscard]] std::string render_text_report(const std::vector<Diagnosis>& machines, const ReportOptions& options = {});
[[nodiscard]] std::string render_html_report(const std::vector<Diagnosis>& machines, const ReportOptions& options = {});

/// `text` with &, <, >, " and ' replaced by character references (safe in element content and
/// in quoted attribute values). Invalid UTF-8 is passed through unchanged.
[[nodiscard]] std::string html_escape(const std::string& text);

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
