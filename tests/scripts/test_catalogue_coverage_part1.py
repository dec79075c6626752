#!/usr/bin/env python3
"""Every cause rule of the first half of the failure catalogue is named by a scenario.

Reads every rule file of knowledge/rules/ and the `expect:` block of every scenario in
testdata/scenarios/; fails when a rule of verdict `cause` in one of the files below is named by no
scenario's expected causes (`causes: [{rule: <id>, job: <n>, ...}]`, the union over all scenarios),
or when a scenario names a rule id that no rule file defines or that is not a `cause` rule.
test_diagnose_golden.py checks that the diagnosis of that scenario really gives that finding.

The catalogue was split between two engineers; this test checks this half only:
  part 1 (this file): catalogue_vss_snapshot, catalogue_services, catalogue_wsb_source,
                      catalogue_wsb_system_state, vss_writers, wsb_snapshot, storage
  part 2 (test_catalogue_coverage_part2.py): the other rule files
"""
import os
import sys

import yaml

SOURCE = os.environ.get("EVTXDIAG_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
RULES = os.path.join(SOURCE, "knowledge", "rules")
SCENARIOS = os.path.join(SOURCE, "testdata", "scenarios")
PART1 = ["catalogue_vss_snapshot", "catalogue_services", "catalogue_wsb_source", "catalogue_wsb_system_state",
         "vss_writers", "wsb_snapshot", "storage"]
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def main():
    verdicts = {}  # rule id -> verdict, over every rule file
    part1 = []
    for file in sorted(os.listdir(RULES)):
        if not file.endswith(".yaml"):
            continue
        with open(os.path.join(RULES, file), encoding="utf-8") as f:
            doc = yaml.load(f, Loader=Loader) or {}
        for rule in doc.get("rules") or []:
            verdicts[rule["id"]] = rule["verdict"]
            if file[:-5] in PART1 and rule["verdict"] == "cause":
                part1.append(rule["id"])
    missing = [f for f in PART1 if not os.path.exists(os.path.join(RULES, f + ".yaml"))]

    named = {}  # rule id -> scenarios naming it
    problems = []
    for file in sorted(os.listdir(SCENARIOS)):
        if not file.endswith(".yaml"):
            continue
        with open(os.path.join(SCENARIOS, file), encoding="utf-8") as f:
            doc = yaml.load(f, Loader=Loader) or {}
        for cause in (doc.get("expect") or {}).get("causes") or []:
            rule = cause.get("rule")
            if rule is None:
                continue
            if verdicts.get(rule) != "cause":
                problems.append(f"{file}: expects rule {rule!r}, which is {'not a rule' if rule not in verdicts else 'of verdict ' + verdicts[rule]}")
            named.setdefault(rule, []).append(file)

    for f in missing:
        problems.append(f"knowledge/rules/{f}.yaml does not exist (update PART1)")
    for rule in part1:
        if rule not in named:
            problems.append(f"cause rule {rule} is named by no scenario's expect block")
    for p in problems:
        print("FAIL:", p)
    covered = sum(1 for r in part1 if r in named)
    print(f"{covered}/{len(part1)} cause rules of part 1 named by a scenario")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
