#pragma once
// The fixed words of the reports (headings, labels, verdict and result names) in English and
// Japanese. Texts from the knowledge base are already localized by the diagnosis.
#include <string>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/knowledge.hpp"

namespace evtxdiag::report {

struct Labels {
  const char* html_lang;        ///< value of <html lang>
  const char* report_title;     ///< "evtxdiag report"
  const char* machine;
  const char* unknown_machine;
  const char* zone;
  const char* margin;           ///< "Margin"
  const char* margin_text;      ///< "minutes before and after each job" (after the number)
  const char* inputs;
  const char* not_readable;
  const char* live_records;     ///< column: live records in the file
  const char* relevant;         ///< column: events the diagnosis used
  const char* undecodable;
  const char* recovered;
  const char* duplicates;
  const char* backup_jobs;      ///< "Backup jobs"
  const char* failed_count;     ///< "failed" in "5 (3 failed)"
  const char* col_product;
  const char* col_start_local;
  const char* col_start_utc;
  const char* col_end_local;
  const char* col_end_utc;
  const char* col_result;
  const char* col_codes;
  const char* job;              ///< "Job"
  const char* started;          ///< "started"
  const char* code;             ///< "Code"
  const char* confidence;
  const char* why_ignored;      ///< "Why it can be ignored: "
  const char* remedy;           ///< "Remedy: " label without the colon
  const char* evidence;
  const char* findings;
  const char* findings_none;    ///< "Findings: none"
  const char* red_herrings;     ///< "Red herrings (alarming, but can be ignored)"
  const char* timeline;         ///< heading of the SVG section
  const char* timeline_note;    ///< how to read the picture
  const char* local_time;       ///< axis caption: "local time"
  const char* summary;          ///< "Case summary"
  const char* other_events;     ///< row label for evidence without a job
  const char* colon;            ///< ": " or "："
  const char* messages_from;    ///< "messages from" before the MTA file of an input
  const char* missing_logs;     ///< heading: "Missing logs"
  const char* missing_log;      ///< "no %s log" prefix before what it hides ("no " ... " log")
};

/// The labels of a language.
const Labels& labels(Language language);

/// Localized verdict: English upper case "CAUSE", Japanese "原因", ...
std::string verdict_label(Verdict verdict, Language language);
/// Localized job result: "failed" / "失敗", ...
std::string result_label(JobResult result, Language language);

/// Resolves ReportOptions::lang (empty = diagnosis.lang); throws Error(invalid_input).
Language report_language(const std::string& option_lang, const Diagnosis& diagnosis);

}  // namespace evtxdiag::report
