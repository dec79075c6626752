// The rule language's newer keys, each shown to change the outcome (knowledge/rules/README.md):
// fields {contains}, condition evidence: false, minutes_after_start, job has_cause, codes_in,
// lifecycle roles refused and [warning, end], and the loader's refusals of bad values.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "evtxdiag/error.hpp"
#include "jobs/jobs.hpp"
#include "rules/rule_engine.hpp"
#include "rules/rule_loader.hpp"

using namespace evtxdiag;
using namespace evtxdiag::diag;

namespace {

const char* const kLifecycle = R"(
schema: 1
lifecycle:
  - product: windows-server-backup
    provider: Microsoft-Windows-Backup
    events:
      - {id: 1, role: start}
      - {id: 4, role: success}
      - {id: 521, role: failure, backup_time: [BackupTime]}
      - {id: 518, role: refused, backup_time: [BackupTime]}
  - product: mars-agent
    provider: CloudBackup
    events:
      - {id: 1, role: start}
      - {id: 10, role: [warning, end]}
  - product: windows7-backup
    provider: Windows Backup
    events:
      - {id: 4097, role: start}
      - {id: 4104, role: failure, codes_in: ["1"]}
)";

RuleSet rules_with(const std::string& rules_yaml) {
  return load_rules({{"lifecycle.yaml", kLifecycle}, {"rules.yaml", "schema: 1\nrules:\n" + rules_yaml}});
}

Event event(const std::string& time, const std::string& provider, std::uint32_t id, std::vector<DataField> data = {}) {
  static std::uint64_t record = 1;
  Event e;
  e.time_created = *Timestamp::parse_iso(time);
  e.provider_name = provider;
  e.event_id = id;
  e.event_record_id = e.record_number = ++record;
  e.level = 2;
  e.data = std::move(data);
  return e;
}

std::vector<RuleHit> run(const RuleSet& rules, const std::vector<Event>& events) {
  return evaluate(rules.rules, reconstruct_jobs(events, rules.lifecycle), events, 30);
}

std::string rule(const std::string& id, const std::string& verdict, const std::string& body) {
  return "  - id: " + id + "\n    verdict: " + verdict + "\n" + body +
         "    text: {en: {title: t, explanation: e, remedy: r}}\n";
}

const std::vector<Event> kFailedWithWriter{
    event("2020-01-01T12:00:00Z", "Microsoft-Windows-Backup", 1),
    event("2020-01-01T12:03:00Z", "VSS", 8229, {{"1", "0x800423f4"}, {"2", "Writer name: 'SqlServerWriter'"}}),
    event("2020-01-01T12:10:00Z", "Microsoft-Windows-Backup", 521,
          {{"BackupTime", "2020-01-01T12:00:00.000000000Z"}, {"ErrorCode", "2155348129"}}),
};

}  // namespace

TEST_CASE("fields {contains}: a writer named inside a context text") {
  const RuleSet r = rules_with(
      rule("sql", "cause", "    trigger: {provider: VSS, id: 8229, fields: {\"2\": {contains: sqlserverwriter}}}\n") +
      rule("exchange", "cause",
           "    trigger: {provider: VSS, id: 8229, fields: {\"2\": {contains: [Exchange, MSExchangeIS]}}}\n"));
  const auto hits = run(r, kFailedWithWriter);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].rule->id == "sql");
}

TEST_CASE("evidence: false holds without being cited; minutes_after_start filters by time into the job") {
  const RuleSet r =
      rules_with(rule("quiet", "cause",
                      "    job: {result: failed}\n    require:\n      - {provider: VSS, id: 8229, evidence: false}\n") +
                 rule("timed", "cause",
                      "    trigger: {provider: Microsoft-Windows-Backup, id: 521, minutes_after_start: [8, 12]}\n") +
                 rule("early", "cause",
                      "    trigger: {provider: Microsoft-Windows-Backup, id: 521, minutes_after_start: [0, 5]}\n"));
  const auto hits = run(r, kFailedWithWriter);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].rule->id == "quiet");
  CHECK(hits[0].evidence.empty());
  CHECK(hits[1].rule->id == "timed");
}

TEST_CASE("has_cause: noise named only beside a cause; a fallback only without one") {
  const std::string noise =
      rule("noise", "red-herring", "    job: {has_cause: true}\n    trigger: {provider: VSS, id: 8229}\n");
  const std::string fallback = rule(
      "fallback", "context", "    job: {has_cause: false, result: failed}\n    trigger: {provider: VSS, id: 8229}\n");
  const std::string cause = rule("cause", "cause", "    trigger: {provider: Microsoft-Windows-Backup, id: 521}\n");
  auto ids = [](const std::vector<RuleHit>& hits) {
    std::vector<std::string> out;
    for (const auto& h : hits) out.push_back(h.rule->id);
    return out;
  };
  CHECK(ids(run(rules_with(noise + fallback + cause), kFailedWithWriter)) ==
        std::vector<std::string>{"noise", "cause"});
  CHECK(ids(run(rules_with(noise + fallback), kFailedWithWriter)) == std::vector<std::string>{"fallback"});
}

TEST_CASE("lifecycle: a refused job stays its own; [warning, end] closes the job; codes_in reads codes from text") {
  const RuleSet r = rules_with(
      rule("any", "context",
           "    trigger: {provider: [Microsoft-Windows-Backup, CloudBackup, Windows Backup], id: [1, 4097]}\n"));
  // Another backup refused 2 minutes after the running one started: two jobs, the first succeeds.
  const std::vector<Event> concurrent{event("2020-01-01T12:00:00Z", "Microsoft-Windows-Backup", 1),
                                      event("2020-01-01T12:02:00Z", "Microsoft-Windows-Backup", 518,
                                            {{"BackupTime", "2020-01-01T12:02:00.000000000Z"}}),
                                      event("2020-01-01T12:40:00Z", "Microsoft-Windows-Backup", 4)};
  const auto jobs = reconstruct_jobs(concurrent, r.lifecycle);
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[0].result() == JobResult::succeeded);
  CHECK(jobs[1].result() == JobResult::failed);
  // Both twins of one refusal (here twice 518 quoting the same BackupTime): one refused job.
  std::vector<Event> twins = concurrent;
  twins.insert(twins.begin() + 2, event("2020-01-01T12:02:01Z", "Microsoft-Windows-Backup", 518,
                                        {{"BackupTime", "2020-01-01T12:02:00.000000000Z"}}));
  CHECK(reconstruct_jobs(twins, r.lifecycle).size() == 2);
  // MARS 10 completes with warnings and closes the job: a later event starts nothing new in it.
  const auto mars = reconstruct_jobs(
      {event("2020-01-01T12:00:00Z", "CloudBackup", 1), event("2020-01-01T12:30:00Z", "CloudBackup", 10)}, r.lifecycle);
  REQUIRE(mars.size() == 1);
  CHECK(mars[0].closed);
  CHECK(mars[0].result() == JobResult::completed_with_warnings);
  const auto win7 =
      reconstruct_jobs({event("2020-01-01T12:00:00Z", "Windows Backup", 4097),
                        event("2020-01-01T12:30:00Z", "Windows Backup", 4104, {{"1", "Error text (0x81000019)"}})},
                       r.lifecycle);
  REQUIRE(win7.size() == 1);
  REQUIRE(win7[0].codes.size() == 1);
  CHECK(win7[0].codes[0].value == 0x81000019u);
}

TEST_CASE("the loader refuses malformed new keys with file and line") {
  auto refused = [](const std::string& body) {
    try {
      rules_with(rule("bad", "cause", body));
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(refused("    trigger: {provider: VSS, minutes_after_start: [12, 8]}\n").find("from is after to") !=
        std::string::npos);
  CHECK(refused("    trigger: {provider: VSS, fields: {\"1\": {has: x}}}\n").find("unknown key 'has'") !=
        std::string::npos);
  CHECK(refused("    job: {has_cause: maybe}\n    trigger: {provider: VSS}\n").find("rules.yaml") != std::string::npos);
  CHECK_THROWS_AS(load_rules({{"d.yaml", "schema: 1\ndifferential: {texts: {}, stages: []}\n"}}), Error);
}

TEST_CASE("job codes in a rule file are read as `explain` reads them: a bare 8-digit code is hex") {
  // A person copies "80780021" from a KB article; it must not become the decimal 80,780,021.
  const RuleSet r = rules_with(rule("bare", "cause",
                                    "    job: {result: failed, codes: [80780021, 1224, 0x807800A1]}\n"
                                    "    trigger: {provider: Microsoft-Windows-Backup, id: 521}\n"));
  REQUIRE(r.rules.size() == 1);
  CHECK(r.rules[0].job_codes == std::vector<std::uint32_t>{0x80780021u, 0x800704C8u, 0x807800A1u});
}
