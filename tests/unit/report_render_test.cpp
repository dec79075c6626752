// Report renderers on a hand-made Diagnosis: escaping of hostile log strings, languages,
// determinism, timeline picture content, colours, and Japanese column widths.
#include <doctest/doctest.h>

#include <string>

#include "evtxdiag/error.hpp"
#include "evtxdiag/report.hpp"
#include "report/text_util.hpp"

namespace {

using namespace evtxdiag;

const std::string kScript = "<script>alert(1)</script>";
const std::string kImg = "\"><img src=x onerror=alert(2)>";

Diagnosis hostile_diagnosis() {
  Diagnosis d;
  d.computer = "SRV" + kImg;
  d.zone.name = "Asia/Tokyo";
  d.zone.source = "given by the user";
  d.zone.origin = ZoneOrigin::user;
  d.zone.zone = *TimeZone::parse("Asia/Tokyo");
  d.margin_minutes = 30;
  d.language = Language::en;
  InputSummary input;
  input.path = "logs/" + kScript + ".evtx";
  input.live_records = 12;
  input.records = 10;
  d.inputs.push_back(input);
  BackupJob job;
  job.index = 1;
  job.start_utc = *Timestamp::parse_iso("2012-01-18T07:26:31.3100000Z");
  job.start_local = "2012-01-18T16:26:31.3100000+09:00";
  job.end_utc = *Timestamp::parse_iso("2012-01-18T07:36:40.6100000Z");
  job.end_local = "2012-01-18T16:36:40.6100000+09:00";
  job.result = JobResult::failed;
  job.codes.push_back({0x807800A1, "0x807800A1", "HRESULT", "", ""});
  d.jobs.push_back(job);
  Finding f;
  f.rule = "rule-" + kImg;
  f.verdict = Verdict::cause;
  f.confidence = 0.7;
  f.title = "Title " + kScript;
  f.explanation = "Because " + kImg;
  f.remedy = "Fix it & retry";
  f.job = 1;
  EvidenceRef ref;
  ref.file = "System.evtx";
  ref.record_id = 42;
  ref.provider = "Disk";
  ref.event_id = 7;
  ref.time_utc = *Timestamp::parse_iso("2012-01-18T07:30:00Z");
  ref.time_local = "2012-01-18T16:30:00.0000000+09:00";
  ref.summary = "Data: " + kScript + kImg;
  f.evidence.push_back(ref);
  d.findings.push_back(f);
  Finding herring = f;
  herring.rule = "harmless";
  herring.verdict = Verdict::red_herring;
  herring.remedy.clear();
  d.findings.push_back(herring);
  return d;
}

TEST_CASE("html_escape replaces every markup character") {
  CHECK(html_escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(html_escape("東京 plain") == "東京 plain");
}

TEST_CASE("hostile log strings never become markup in the HTML report") {
  const std::string html = render_html_report(hostile_diagnosis());
  CHECK(html.find(kScript) == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("onerror=alert(2)&gt;") != std::string::npos);  // present, as text
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  // exactly one script element: the report's own error recorder
  std::size_t scripts = 0;
  for (auto at = html.find("<script"); at != std::string::npos; at = html.find("<script", at + 1)) ++scripts;
  CHECK(scripts == 1);
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // no external resource
}

TEST_CASE("HTML report: jobs, findings, red herrings apart, timeline, deterministic") {
  const Diagnosis d = hostile_diagnosis();
  const std::string html = render_html_report(d);
  CHECK(html == render_html_report(d));
  CHECK(html.find("id=\"job-1\" data-result=\"failed\"") != std::string::npos);
  CHECK(html.find("<svg class=\"timeline\"") != std::string::npos);
  CHECK(html.find("<rect class=\"bar failed\"") != std::string::npos);
  CHECK(html.find("<g class=\"mark cause\">") != std::string::npos);
  CHECK(html.find("<g class=\"mark red-herring\">") != std::string::npos);
  const auto herrings = html.find("<section id=\"red-herrings\"");
  REQUIRE(herrings != std::string::npos);
  CHECK(html.find("data-rule=\"harmless\"") > herrings);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("@media (max-width:640px)") != std::string::npos);
  // axis ticks in local time (Tokyo), UTC in the tick's title
  CHECK(html.find(">01-18 16:30</text>") != std::string::npos);
  CHECK(html.find("2012-01-18T07:30:00.0000000Z</title>") != std::string::npos);
}

TEST_CASE("Japanese labels in both reports; the report follows the diagnosis's language by default") {
  Diagnosis d = hostile_diagnosis();
  ReportOptions ja;
  ja.language = Language::ja;
  const std::string html = render_html_report(d, ja);
  CHECK(html.find("<html lang=\"ja\"") != std::string::npos);
  CHECK(html.find("無視してよい警告") != std::string::npos);
  const std::string text = render_text_report(d, ja);
  CHECK(text.find("概要\n") == 0);  // the answer first
  CHECK(text.find("コンピューター") != std::string::npos);
  CHECK(text.find("  原因: Title") != std::string::npos);
  CHECK(text.find("確信度 0.70") != std::string::npos);
  CHECK(text.find("失敗") != std::string::npos);
  d.language = Language::ja;  // no ReportOptions::language: the diagnosis's
  CHECK(render_text_report(d) == text);
  ReportOptions english;
  english.language = Language::en;
  CHECK(render_text_report(d, english).find("Summary\n") == 0);
}

TEST_CASE("text report colours only on request") {
  const Diagnosis d = hostile_diagnosis();
  ReportOptions colour;
  colour.ansi_colors = true;
  CHECK(render_text_report(d).find('\x1b') == std::string::npos);
  const std::string painted = render_text_report(d, colour);
  CHECK(painted.find("\x1b[1;31mCause\x1b[0m") != std::string::npos);
}

TEST_CASE("display width counts Japanese as two columns") {
  CHECK(report::display_width("abc") == 3);
  CHECK(report::display_width("失敗") == 4);
  CHECK(report::pad("失敗", 6) == "失敗  ");
  CHECK(report::pad("toolong", 3) == "toolong ");
}

}  // namespace
