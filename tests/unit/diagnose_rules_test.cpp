// Every correlation rule of knowledge/rules/ carries its own examples (events that must or
// must not make it fire). This test runs each example through job reconstruction and the
// rule engine, so a broken rule, a broken engine feature or an edited example fails here,
// naming the rule and the example.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "evtxdiag/error.hpp"
#include "jobs/jobs.hpp"
#include "rules/rule_engine.hpp"
#include "rules/rule_loader.hpp"

using namespace evtxdiag;
using namespace evtxdiag::diag;

namespace {

const RuleSet& builtin() {
  static const RuleSet rules = load_rules(builtin_rule_files());
  return rules;
}

// A rule is judged alone, except one that depends on whether a cause was found (job has_cause):
// it is judged beside the built-in cause rules, as in a diagnosis.
bool fires(const Rule& rule, std::vector<Event> events) {
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.time_created < b.time_created; });
  const auto jobs = reconstruct_jobs(events, builtin().lifecycle);
  std::vector<Rule> rules{rule};
  if (rule.has_cause)
    for (const Rule& other : builtin().rules)
      if (other.verdict == Verdict::cause && other.id != rule.id) rules.push_back(other);
  const auto hits = evaluate(rules, jobs, events, 30);
  return std::any_of(hits.begin(), hits.end(), [&](const RuleHit& hit) { return hit.rule->id == rule.id; });
}

}  // namespace

TEST_CASE("the built-in rule files load and define the required rules") {
  const RuleSet& rules = builtin();
  CHECK(builtin_rule_files().size() >= 2);
  CHECK_FALSE(rules.lifecycle.empty());
  std::set<std::string> ids;
  for (const auto& rule : rules.rules) ids.insert(rule.id);
  for (const char* required :
       {"volsnap27-after-successful-backup", "volsnap-shadow-copies-lost-in-failed-job", "wsb-snapshot-bad-block",
        "wsb-snapshot-spp-timeout-vm-load", "wsb-source-shadow-storage-too-small", "win7-user-mapped-section",
        "mars-vhd-mount-io-error-disk11", "vss-writer-timeout", "vss-software-provider-cannot-start",
        "scm-shadow-copy-service-failed", "wsb-refused-another-operation-running", "planned-restart-during-job",
        "wsb-system-writer-missing", "wsb-network-share-unreachable", "win7-target-full",
        "mars-completed-with-warnings", "capi2-513-system-writer-noise", "vss-8224-idle-shutdown-noise",
        "target-low-space-warning-after-success"})
    CHECK_MESSAGE(ids.count(required), required);
}

TEST_CASE("every rule has a firing and a non-firing example, and each behaves as stated") {
  for (const Rule& rule : builtin().rules) {
    CAPTURE(rule.id);
    bool has_positive = false, has_negative = false;
    for (const auto& example : rule.examples) {
      CAPTURE(example.name);
      (example.fires ? has_positive : has_negative) = true;
      CHECK(fires(rule, example.events) == example.fires);
    }
    CHECK_MESSAGE(has_positive, rule.id << " needs an example that fires");
    CHECK_MESSAGE(has_negative, rule.id << " needs an example that does not fire");
    CHECK(rule.text.count("ja"));
  }
}

TEST_CASE("a rule file with a mistake is refused with file, line and key") {
  const std::string bad = "rules:\n  - id: x\n    verdict: cause\n    colour: red\n";
  try {
    load_rules({{"mine.yaml", bad}});
    FAIL("accepted an unknown key");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("mine.yaml:4") != std::string::npos);
    CHECK(std::string(e.what()).find("colour") != std::string::npos);
  }
  CHECK_THROWS_AS(
      load_rules(
          {{"v.yaml",
            "rules:\n  - {id: x, verdict: maybe, job: {codes: [1]}, text: {en: {title: t, explanation: e}}}\n"}}),
      Error);
  CHECK_THROWS_AS(load_rules({{"c.yaml",
                               "rules:\n  - {id: x, verdict: cause, job: {codes: [notacode]}, text: {en: {title: t, "
                               "explanation: e}}}\n"}}),
                  Error);
  CHECK_THROWS_AS(load_rules({{"p.yaml",
                               "rules:\n  - {id: x, verdict: cause, trigger: {provider: disk, placement: sideways}, "
                               "text: {en: {title: t, explanation: e}}}\n"}}),
                  Error);
  const std::string one =
      "rules:\n  - {id: x, verdict: cause, job: {codes: [0x80070005]}, text: {en: {title: t, explanation: e}}}\n";
  CHECK_THROWS_AS(load_rules({{"a.yaml", one}, {"b.yaml", one}}), Error);  // duplicate id in the base set
}

TEST_CASE("an overlay rule with a known id replaces the built-in one") {
  const std::string overlay =
      "rules:\n  - {id: wsb-target-full, verdict: context, confidence: 0.1, trigger: {provider: "
      "Microsoft-Windows-Backup, id: 50},"
      " text: {en: {title: mine, explanation: mine}}}\n";
  const RuleSet rules = load_rules(builtin_rule_files(), {{"overlay.yaml", overlay}});
  CHECK(rules.rules.size() == builtin().rules.size());
  for (const auto& rule : rules.rules)
    if (rule.id == "wsb-target-full") CHECK(rule.verdict == Verdict::context);
}

namespace {

// knowledge/README.md lists the rules in one table per verdict ("### Verdict `cause` (N)"
// followed by rows "| `rule-id` | ..."). Returns verdict -> ids, and the count each heading states.
std::map<std::string, std::multiset<std::string>> catalogue_tables(std::map<std::string, std::size_t>& stated) {
  const char* source = std::getenv("EVTXDIAG_SOURCE_DIR");
  REQUIRE(source != nullptr);
  std::ifstream in(std::string(source) + "/knowledge/README.md");
  REQUIRE(in.good());
  std::map<std::string, std::multiset<std::string>> tables;
  std::string line, verdict;
  while (std::getline(in, line)) {
    const std::string heading = "### Verdict `";
    if (line.rfind(heading, 0) == 0) {
      const auto end = line.find('`', heading.size());
      verdict = line.substr(heading.size(), end - heading.size());
      const auto open = line.find('(', end);
      stated[verdict] = open == std::string::npos ? 0 : std::stoul(line.substr(open + 1));
      tables[verdict];
      continue;
    }
    if (line.rfind("## ", 0) == 0 || line.rfind("# ", 0) == 0) verdict.clear();
    if (verdict.empty() || line.rfind("| `", 0) != 0) continue;
    const auto end = line.find('`', 3);
    tables[verdict].insert(line.substr(3, end - 3));
  }
  return tables;
}

}  // namespace

TEST_CASE("knowledge/README.md lists every rule in the table of its verdict, and nothing else") {
  std::map<std::string, std::size_t> stated;
  const auto tables = catalogue_tables(stated);
  std::map<std::string, std::set<std::string>> rules;
  for (const Rule& rule : builtin().rules) rules[to_string(rule.verdict)].insert(rule.id);
  CHECK(rules["cause"].size() >= 40);
  // (Named copies, not structured bindings: clang 14 cannot capture those in doctest's lambdas.)
  for (const auto& verdict_rules : rules) {
    const std::string& verdict = verdict_rules.first;
    const std::set<std::string>& ids = verdict_rules.second;
    CAPTURE(verdict);
    REQUIRE_MESSAGE(tables.count(verdict), "knowledge/README.md has no table for verdict " << verdict);
    const auto& listed = tables.at(verdict);
    for (const auto& id : ids)
      CHECK_MESSAGE(listed.count(id) == 1, id << " is not listed once in the " << verdict << " table");
    for (const auto& id : listed)
      CHECK_MESSAGE(ids.count(id), id << " is listed under " << verdict << " but is not a rule of that verdict");
    CHECK_MESSAGE(stated.at(verdict) == listed.size(),
                  "the heading of the " << verdict << " table states the wrong count");
  }
  for (const auto& table : tables) CHECK_MESSAGE(rules.count(table.first), "table for unknown verdict " << table.first);
}
