#!/usr/bin/env python3
"""The second half of the failure catalogue: every class has a scenario, every noise rule is shown.

- Every rule of verdict `cause` in the files below is named (`rule:`) by a cause of some scenario's
  `expect:` block (testdata/scenarios/*.yaml, the union over all scenarios);
- every rule of verdict `red-herring` in catalogue_noise.yaml fires in some golden diagnosis
  (tests/golden/*.json), so each piece of noise is seen named as noise;
- every rule an expect block names exists.
test_diagnose_golden.py checks that each named cause is really found for its job.
"""
import glob
import json
import os
import sys

import yaml

SOURCE = os.environ.get("EVTXDIAG_SOURCE_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
RULES = os.path.join(SOURCE, "knowledge", "rules")
PART2 = ["catalogue_wsb_target.yaml", "catalogue_wsb_concurrency_interruption.yaml", "catalogue_windows7.yaml",
         "catalogue_mars.yaml", "catalogue_noise.yaml", "client_and_mars.yaml", "wsb_target_and_partial.yaml",
         "system.yaml"]
NOISE = "catalogue_noise.yaml"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def rules_of(path):
    with open(path, encoding="utf-8") as f:
        return (yaml.load(f, Loader=_Loader) or {}).get("rules") or []


def main():
    failures = []
    all_ids = {r["id"] for path in glob.glob(os.path.join(RULES, "*.yaml")) for r in rules_of(path)}
    causes = {r["id"]: name for name in PART2 for r in rules_of(os.path.join(RULES, name)) if r["verdict"] == "cause"}
    noise = {r["id"] for r in rules_of(os.path.join(RULES, NOISE)) if r["verdict"] == "red-herring"}
    if len(causes) < 40 or len(noise) < 8:
        failures.append(f"only {len(causes)} cause rules and {len(noise)} noise rules found under {RULES}")

    named = {}
    for path in sorted(glob.glob(os.path.join(SOURCE, "testdata", "scenarios", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            expect = (yaml.load(f, Loader=_Loader) or {}).get("expect") or {}
        for cause in expect.get("causes") or []:
            rule = cause.get("rule")
            if not rule:
                continue
            named.setdefault(rule, []).append(os.path.basename(path))
            if rule not in all_ids:
                failures.append(f"{os.path.basename(path)}: expect names rule {rule!r}, which does not exist")
    for rule, file in sorted(causes.items()):
        if rule not in named:
            failures.append(f"cause rule {rule} ({file}) is named by no scenario's expect block")

    shown = set()
    for path in glob.glob(os.path.join(SOURCE, "tests", "golden", "*.json")):
        with open(path, encoding="utf-8") as f:
            shown.update(finding["rule"] for finding in json.load(f).get("findings", []))
    for rule in sorted(noise - shown):
        failures.append(f"noise rule {rule} ({NOISE}) fires in no golden diagnosis (tests/golden/*.json)")

    for message in failures:
        print("FAIL:", message)
    print(f"{len(causes)} cause rules named by {len(set(f for v in named.values() for f in v))} scenarios, "
          f"{len(noise & shown)}/{len(noise)} noise rules shown in goldens")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
