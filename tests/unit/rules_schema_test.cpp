// Rule files go through knowledge/schema/rules.schema.yaml and the library's one schema checker:
// each kind of mistake is refused with file, line, column, the rule's id and the key path, all
// mistakes of a file at once; what a schema cannot say is still refused by the loader.
#include <doctest/doctest.h>

#include <string>

#include "evtxdiag/error.hpp"
#include "rules/rule_loader.hpp"

using namespace evtxdiag;
using namespace evtxdiag::diag;

namespace {

// The message load_rules gives for one file "r.yaml", or "" when it is accepted.
std::string refusal(const std::string& yaml) {
  try {
    load_rules({{"r.yaml", yaml}});
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// A valid rule whose line 4 is `line` (the rule starts on line 2).
std::string rule_with(const std::string& line) {
  return "rules:\n  - id: x\n    verdict: cause\n" + line +
         "\n    trigger: {provider: VSS}\n"
         "    text: {en: {title: t, explanation: e}}\n";
}

}  // namespace

TEST_CASE("a valid rule file loads; the built-in files all pass the schema") {
  CHECK(refusal(rule_with("    confidence: 0.5")).empty());
  CHECK(load_rules(builtin_rule_files()).rules.size() > 50);
}

TEST_CASE("a rule without an id names the rule's position") {
  CHECK(refusal("rules:\n  - {verdict: cause, trigger: {provider: VSS}, text: {en: {title: t, explanation: e}}}\n") ==
        "r.yaml:2:5: document.rules[0]: missing required key 'id'");
}

TEST_CASE("a value of the wrong type names file, line, column, rule id and key path") {
  CHECK(refusal(rule_with("    confidence: high")) ==
        "r.yaml:4:17: rule 'x': document.rules[0].confidence: expected a number, found 'high'");
  CHECK(refusal(rule_with("    confidence: 2")) ==
        "r.yaml:4:17: rule 'x': document.rules[0].confidence: 2 is above the maximum 1");
  CHECK(refusal(rule_with("    job: {has_cause: maybe}")) ==
        "r.yaml:4:22: rule 'x': document.rules[0].job.has_cause: expected true or false, found 'maybe'");
}

TEST_CASE("an unknown key is refused with the keys allowed there") {
  CHECK(refusal(rule_with("    colour: red")) ==
        "r.yaml:4:5: rule 'x': document.rules[0]: unknown key 'colour' (allowed here: absent, confidence, examples, "
        "id, job, require, sources, text, trigger, verdict)");
  CHECK(
      refusal("rules:\n  - id: x\n    verdict: cause\n    trigger: {provider: VSS, colour: red}\n"
              "    text: {en: {title: t, explanation: e}}\n")
          .rfind("r.yaml:4:30: rule 'x': document.rules[0].trigger: unknown key 'colour' (allowed here: provider, id,",
                 0) == 0);
  CHECK(refusal("colour: red\n") ==
        "r.yaml:1:1: document: unknown key 'colour' (allowed here: differential, lifecycle, rules, schema, timeline)");
}

TEST_CASE("a code that is no code, and values outside an enum, are refused") {
  CHECK(refusal(rule_with("    job: {codes: [0x80070005, 0xZZ]}")) ==
        "r.yaml:4:31: rule 'x': document.rules[0].job.codes[1]: expected a 32-bit code (0x hex, decimal, or any form "
        "`explain` accepts), found '0xZZ'");
  CHECK(refusal(rule_with("    job: {result: broken}")) ==
        "r.yaml:4:19: rule 'x': document.rules[0].job.result: 'broken' is not one of: succeeded, failed, canceled, "
        "completed-with-warnings, unknown");
  CHECK(
      refusal(
          "rules:\n  - {id: x, verdict: maybe, trigger: {provider: VSS}, text: {en: {title: t, explanation: e}}}\n") ==
      "r.yaml:2:22: rule 'x': document.rules[0].verdict: 'maybe' is not one of: cause, contributing, red-herring, "
      "context");
}

TEST_CASE("every mistake of a file is listed at once") {
  const std::string message = refusal(
      "rules:\n  - id: x\n    verdict: maybe\n    text: {en: {title: t}}\n  - {id: y, verdict: cause, colour: red}\n");
  CHECK(message.rfind("r.yaml: 6 problems:\n", 0) == 0);
  CHECK(message.find("r.yaml:3:14: rule 'x': document.rules[0].verdict: 'maybe' is not one of") != std::string::npos);
  CHECK(message.find("r.yaml:4:16: rule 'x': document.rules[0].text.en: missing required key 'explanation'") !=
        std::string::npos);
  CHECK(message.find("rule 'x': document.rules[0]: missing required key 'trigger'") != std::string::npos);
  CHECK(message.find("r.yaml:5:29: rule 'y': document.rules[1]: unknown key 'colour'") != std::string::npos);
  CHECK(message.find("rule 'y': document.rules[1]: missing required key 'text'") != std::string::npos);
}

TEST_CASE("lifecycle, timeline and differential blocks are checked by the same schema") {
  CHECK(refusal("lifecycle:\n  - {product: mars-agent, provider: CloudBackup, events: [{id: 10, role: [warning, "
                "failure]}]}\n") == "r.yaml:2:74: document.lifecycle[0].events[0].role: no item is 'end'");
  CHECK(
      refusal("lifecycle:\n  - {product: tape-robot, provider: P, events: []}\n") ==
      "r.yaml:2:15: document.lifecycle[0].product: 'tape-robot' is not one of: windows-server-backup, windows7-backup, "
      "mars-agent");
  CHECK(refusal("timeline:\n  - {provider: EventLog, id: [6005, 70000]}\n") ==
        "r.yaml:2:37: document.timeline[0].id[1]: 70000 is above the maximum 65535");
  const std::string texts =
      "  texts: {title: {en: a}, title_no_code: {en: a}, intro: {en: a}, timing: {en: a}, "
      "unknown_code: {en: a}, checks: {en: a}}\n";
  CHECK(refusal("differential:\n" + texts + "  stages: [{id: any, name: {en: Any}, checks: []}]\n").empty());
  CHECK(refusal("differential:\n" + texts + "  stages: [{id: target, name: {en: T}, checks: []}]\n") ==
        "r.yaml:3:11: document.differential.stages: no item is {id: 'any'}");
}

TEST_CASE("what a schema cannot say is still refused by the loader, with rule id and key path") {
  CHECK(refusal("rules:\n  - id: x\n    verdict: cause\n    trigger: {provider: VSS, minutes_after_start: [12, 8]}\n"
                "    text: {en: {title: t, explanation: e}}\n") ==
        "r.yaml:4:51: rule 'x': document.rules[0].trigger.minutes_after_start: from is after to");
  CHECK(
      refusal(rule_with("    examples: [{events: [{time: 2020-02-30T00:00:00Z, provider: P, event_id: 1}]}]")) ==
      "r.yaml:4:33: rule 'x': document.rules[0].examples[0].events[0].time: not an ISO-8601 time with Z or an offset");
  CHECK(refusal(rule_with("    examples: [{events: [{time: 2020-01-01T00:00:00Z, provider: P, event_id: 1, "
                          "data: {C: {type: Colour, value: red}}}]}]"))
            .find("document.rules[0].examples[0].events[0].data.C.type: 'Colour' is not a value type") !=
        std::string::npos);
  const std::string one =
      "rules:\n  - {id: x, verdict: cause, job: {codes: [0x80070005]}, text: {en: {title: t, explanation: e}}}\n";
  try {
    load_rules({{"a.yaml", one}, {"b.yaml", one}});
    FAIL("a duplicate id was accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) ==
          "b.yaml:2:10: rule 'x': document.rules[0].id: duplicate rule id 'x' (also in a.yaml)");
  }
}
