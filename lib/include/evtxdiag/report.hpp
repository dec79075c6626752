#pragma once
// Reports for people: the plain-text diagnosis (what `evtxdiag diagnose` prints) and a
// self-contained HTML page with a timeline picture, in English or Japanese.
//
//   evtxdiag::Diagnosis d = evtxdiag::diagnose({"case/logs"}, options);
//   evtxdiag::ReportOptions report;
//   report.lang = "ja";
//   std::ofstream("report.html") << evtxdiag::render_html_report(d, report);
//
// Both renderers are pure functions of the Diagnosis: no file access, no clock, no network,
// so the same diagnosis always gives byte-identical output (the goldens rely on it).
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
#include <string>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// How to render a report.
struct ReportOptions {
  /// Language of headings and labels: "en" or "ja"; empty = the Diagnosis's own lang.
  std::string lang;
  /// HTML <title> and top heading; empty = "evtxdiag report: <machine>" (localized).
  std::string title;
  /// Text report only: ANSI SGR colours for headings, verdicts and job results (for terminals).
  bool ansi_colors = false;
};

/// The text report: machine and zone, inputs, a table of jobs (local time with UTC beside), the
/// findings of each job with remedies and evidence, then the red herrings and why they can be
/// ignored. Lines end with '\n'. Throws Error(invalid_input) for a lang other than en/ja.
std::string render_text_report(const Diagnosis& diagnosis, const ReportOptions& options = {});

/// The HTML report (a complete document, UTF-8). Throws Error(invalid_input) for a lang other
/// than en/ja.
std::string render_html_report(const Diagnosis& diagnosis, const ReportOptions& options = {});

/// The reports of diagnose_machines(): for one machine the report above; for several, a line
/// naming them, then each machine's own report under its heading (one HTML page, element ids
/// prefixed "m1-", "m2-", ...).
std::string render_text_report(const std::vector<Diagnosis>& machines, const ReportOptions& options = {});
std::string render_html_report(const std::vector<Diagnosis>& machines, const ReportOptions& options = {});

/// `text` with &, <, >, " and ' replaced by character references (safe in element content and
/// in quoted attribute values). Invalid UTF-8 is passed through unchanged.
std::string html_escape(const std::string& text);

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
