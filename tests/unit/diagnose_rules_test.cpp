// Every correlation rule of knowledge/rules/ carries its own examples (events that must or
// must not make it fire). This test runs each example through job reconstruction and the
// rule engine, so a broken rule, a broken engine feature or an edited example fails here,
// naming the rule and the example.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "diagnose/jobs.hpp"
#include "diagnose/rule_engine.hpp"
#include "diagnose/rule_loader.hpp"
#include "evtxdiag/error.hpp"

using namespace evtxdiag;
using namespace evtxdiag::diag;

namespace {

const RuleSet& builtin() {
  static const RuleSet rules = load_rules(builtin_rule_files());
  return rules;
}

bool fires(const Rule& rule, std::vector<Event> events) {
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.time_created < b.time_created; });
  const auto jobs = reconstruct_jobs(events, builtin().lifecycle);
  return !evaluate({rule}, jobs, events, 30).empty();
}

}  // namespace

TEST_CASE("the built-in rule files load and define the required rules") {
  const RuleSet& rules = builtin();
  CHECK(builtin_rule_files().size() >= 2);
  CHECK_FALSE(rules.lifecycle.empty());
  std::set<std::string> ids;
  for (const auto& rule : rules.rules) ids.insert(rule.id);
  for (const char* required : {"volsnap27-after-successful-backup", "volsnap-shadow-copies-lost-in-failed-job",
                               "wsb-snapshot-bad-block", "wsb-snapshot-spp-timeout-vm-load",
                               "wsb-source-shadow-storage-too-small", "win7-user-mapped-section",
                               "mars-vhd-mount-io-error-disk11", "vss-writer-timeout"})
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
  CHECK_THROWS_AS(load_rules({{"v.yaml", "rules:\n  - {id: x, verdict: maybe, job: {codes: [1]}, text: {en: {title: t, explanation: e}}}\n"}}), Error);
  CHECK_THROWS_AS(load_rules({{"c.yaml", "rules:\n  - {id: x, verdict: cause, job: {codes: [notacode]}, text: {en: {title: t, explanation: e}}}\n"}}), Error);
  CHECK_THROWS_AS(load_rules({{"p.yaml", "rules:\n  - {id: x, verdict: cause, trigger: {provider: disk, placement: sideways}, text: {en: {title: t, explanation: e}}}\n"}}), Error);
  const std::string one = "rules:\n  - {id: x, verdict: cause, job: {codes: [0x80070005]}, text: {en: {title: t, explanation: e}}}\n";
  CHECK_THROWS_AS(load_rules({{"a.yaml", one}, {"b.yaml", one}}), Error);  // duplicate id in the base set
}

TEST_CASE("an overlay rule with a known id replaces the built-in one") {
  const std::string overlay =
      "rules:\n  - {id: wsb-target-full, verdict: context, confidence: 0.1, trigger: {provider: Microsoft-Windows-Backup, id: 50},"
      " text: {en: {title: mine, explanation: mine}}}\n";
  const RuleSet rules = load_rules(builtin_rule_files(), {{"overlay.yaml", overlay}});
  CHECK(rules.rules.size() == builtin().rules.size());
  for (const auto& rule : rules.rules)
    if (rule.id == "wsb-target-full") CHECK(rule.verdict == Verdict::context);
}
