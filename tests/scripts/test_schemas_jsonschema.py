#!/usr/bin/env python3
"""The schema files are standard JSON Schema: python3-jsonschema, an independent implementation,
accepts every schema under knowledge/schema/ as valid draft 2020-12 and validates with them every
YAML file the library reads: the knowledge documents, the rule files (rules.schema.yaml) and the
scenarios (scenario.schema.yaml). It rejects the same broken documents the library's own checker
(lib/src/schema/) rejects, and for rules and scenarios this test hands each broken document to
the evtxdiag program too (diagnose --knowledge, synth), which must refuse it naming the file and
the key path: the two validators agree on every file, good or bad.

YAML is read as YAML 1.2 reads it (as the library does): only true/false are booleans, 0x... is
an integer, a quoted scalar is a string."""
import glob
import os
import re
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.join(os.environ["EVTXDIAG_SOURCE_DIR"], "tests", "support"))
from skip import skip_test  # noqa: E402

try:
    import jsonschema
except ImportError:
    skip_test("python:jsonschema", "python3-jsonschema is not installed")

SOURCE = os.environ["EVTXDIAG_SOURCE_DIR"]
KNOWLEDGE = os.path.join(SOURCE, "knowledge")


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1 ("yes" is a boolean, "1:30" a number); the library reads 1.2 core."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), first)


def construct_int(loader, node):
    text = loader.construct_scalar(node)
    return int(text[2:], 16) if text.startswith("0x") else int(text[2:], 8) if text.startswith("0o") else int(text)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", construct_int)


def load(path_or_text, is_text=False):
    if is_text:
        return yaml.load(path_or_text, Loader=Yaml12Loader)
    with open(path_or_text, encoding="utf-8") as f:
        return yaml.load(f, Loader=Yaml12Loader)


def is_code(value):
    """The format evtxdiag-code: a code as `evtxdiag explain` reads it (lib/src/knowledge/code.cpp,
    written by a person). An integer arrives here already read by YAML, whatever its form."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return True  # the format applies to integers and strings only
    if isinstance(value, int):
        return -0x80000000 <= value <= 0xFFFFFFFF or 0xFFFFFFFF80000000 <= value <= 0xFFFFFFFFFFFFFFFF
    text = value.strip()
    if re.fullmatch(r"%%[0-9]{1,10}", text):
        return int(text[2:]) <= 0xFFFFFFFF
    if re.fullmatch(r"0[xX][0-9a-fA-F]{1,16}", text):
        number = int(text, 16)
        return number <= 0xFFFFFFFF or (len(text) == 18 and number >= 0xFFFFFFFF80000000)
    if re.fullmatch(r"-[0-9]{1,10}", text):
        return 0 < int(text[1:]) <= 0x80000000
    if re.fullmatch(r"[0-9]+", text):
        return len(text) == 8 or int(text) <= 0xFFFFFFFF
    return re.fullmatch(r"[0-9a-fA-F]{1,8}", text) is not None


FORMATS = jsonschema.FormatChecker()
FORMATS.checks("evtxdiag-code")(is_code)


def validator(schema_file):
    schema = load(os.path.join(KNOWLEDGE, "schema", schema_file))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=FORMATS)


def check_files(schema, paths, minimum, kind):
    """Every file valid; at least `minimum` of them (a moved folder must not pass silently)."""
    for path in paths:
        errors = sorted(schema.iter_errors(load(path)), key=lambda e: list(e.path))
        for e in errors[:3]:
            failures.append(f"{os.path.relpath(path, SOURCE)}: {'/'.join(map(str, e.path))}: {e.message}")
    if len(paths) < minimum:
        failures.append(f"only {len(paths)} {kind} found")
    return len(paths)


failures = []
knowledge = validator("knowledge.schema.yaml")
checked = check_files(knowledge, sorted(p for folder in ("events", "codes", "cases", "labels")
                                        for p in glob.glob(os.path.join(KNOWLEDGE, folder, "*.yaml"))),
                      20, "knowledge documents")
rules = validator("rules.schema.yaml")
rule_files = check_files(rules, sorted(glob.glob(os.path.join(KNOWLEDGE, "rules", "*.yaml"))), 10, "rule files")
scenario = validator("scenario.schema.yaml")
scenario_files = check_files(scenario, sorted(glob.glob(os.path.join(SOURCE, "testdata", "scenarios", "*.yaml")) +
                                              glob.glob(os.path.join(SOURCE, "fuzz", "corpus", "scenario", "*.yaml"))),
                             40, "scenarios")

# The broken documents of tests/unit/knowledge_load_test.cpp, which the library refuses: the
# independent validator must refuse them too.
good_code = {"code": 0x80780021, "message": {"en": "m"}, "source": "s", "certainty": "certain",
             "example": {"input": "0x80780021"}}
broken = {
    "unknown key": {"schema": "codes", "codes": [dict(good_code, colour="red")]},
    "missing required key": {"schema": "codes", "codes": [{k: v for k, v in good_code.items() if k != "message"}]},
    "bad stage": {"schema": "codes", "codes": [dict(good_code, stage="during-lunch")]},
    "quoted id": load("schema: events\nprovider: {name: P, channel: C, source: s}\nevents:\n"
                      "  - {id: '7', level: error, meaning: {en: m}, source: s, certainty: likely, example: {data: {}}}\n",
                      is_text=True),
    "wrong document kind": {"schema": "rules"},
}
if not knowledge.is_valid({"schema": "codes", "codes": [good_code]}):
    failures.append("a valid codes document was refused")
for name, doc in broken.items():
    if knowledge.is_valid(doc):
        failures.append(f"python3-jsonschema accepted a document with a {name}")

# Broken rule files and scenarios: python3-jsonschema refuses each, and so does evtxdiag, naming
# the file and the key path (with the rule's id inside a rule). (name, YAML, expected in stderr)
RULE = "  - {id: r1, verdict: cause, trigger: {provider: VSS}, text: {en: {title: t, explanation: e}}}\n"
broken_rules = [
    ("missing id", "rules:\n  - {verdict: cause, trigger: {provider: VSS}, text: {en: {title: t, explanation: e}}}\n",
     ":2:5: document.rules[0]: missing required key 'id'"),
    ("wrong type", "rules:\n" + RULE.replace("verdict: cause,", "verdict: cause, confidence: high,"),
     "rule 'r1': document.rules[0].confidence: expected a number, found 'high'"),
    ("unknown key", "rules:\n" + RULE.replace("verdict: cause,", "verdict: cause, colour: red,"),
     "rule 'r1': document.rules[0]: unknown key 'colour'"),
    ("bad code", "rules:\n" + RULE.replace("trigger: {provider: VSS}", "trigger: {provider: VSS, codes: [0xZZ]}"),
     "rule 'r1': document.rules[0].trigger.codes[0]: expected a 32-bit code"),
    ("unknown verdict", "rules:\n" + RULE.replace("verdict: cause", "verdict: maybe"),
     "rule 'r1': document.rules[0].verdict: 'maybe' is not one of: cause, contributing, red-herring, context"),
    ("role without end", "lifecycle:\n  - {product: mars-agent, provider: CloudBackup, events: [{id: 10, role: [warning, failure]}]}\n",
     "document.lifecycle[0].events[0].role"),
    ("no stage any", "differential:\n  texts: {" + ", ".join(f"{t}: {{en: x}}" for t in (
        "title", "title_no_code", "intro", "timing", "unknown_code", "checks")) +
     "}\n  stages: [{id: target, name: {en: T}, checks: []}]\n", "document.differential.stages: no item is {id: 'any'}"),
]
broken_scenarios = [
    ("missing provider", "      - {time: 2012-01-18T07:26:31Z, event_id: 1}\n", ":6:9: logs[0].events[0]: missing required key 'provider'"),
    ("unknown key", "      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: 1, colour: red}\n",
     ":6:64: logs[0].events[0]: unknown key 'colour'"),
    ("event id too large", "      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: 70000}\n",
     ":6:61: logs[0].events[0].event_id: 70000 is above the maximum 65535"),
    ("quoted event id", "      - {time: 2012-01-18T07:26:31Z, provider: a, event_id: '7'}\n",
     ":6:61: logs[0].events[0].event_id: expected an integer, found '7'"),
]
SCENARIO_HEAD = "computer: X\nlogs:\n  - file: S.evtx\n    channel: System\n    events:\n"
for name, text, _ in broken_rules:
    if rules.is_valid(load(text, is_text=True)):
        failures.append(f"python3-jsonschema accepted a rule file with a {name}")
for name, text, _ in broken_scenarios:
    if scenario.is_valid(load(SCENARIO_HEAD + text, is_text=True)):
        failures.append(f"python3-jsonschema accepted a scenario with a {name}")

EVTXDIAG = os.environ.get("EVTXDIAG")
if not EVTXDIAG or not os.path.exists(EVTXDIAG):
    failures.append("EVTXDIAG is not set to the evtxdiag program (run through ctest)")
else:
    with tempfile.TemporaryDirectory() as tmp:
        logs = os.path.join(tmp, "logs")
        made = subprocess.run([EVTXDIAG, "synth", os.path.join(SOURCE, "testdata", "scenarios", "basic-classic.yaml"),
                               "--out", logs], capture_output=True, text=True)
        if made.returncode != 0:
            failures.append(f"synth basic-classic.yaml: exit {made.returncode} {made.stderr!r}")
        inputs = sorted(glob.glob(os.path.join(logs, "*.evtx")))
        for index, (name, text, expected) in enumerate(broken_rules):
            overlay = os.path.join(tmp, f"k{index}", "rules")
            os.makedirs(overlay)
            with open(os.path.join(overlay, "bad.yaml"), "w", encoding="utf-8") as f:
                f.write(text)
            run = subprocess.run([EVTXDIAG, "diagnose", "--knowledge", os.path.dirname(overlay), *inputs],
                                 capture_output=True, text=True)
            if run.returncode != 2 or "bad.yaml" not in run.stderr or expected not in run.stderr:
                failures.append(f"evtxdiag on a rule file with a {name}: exit {run.returncode}, "
                                f"expected {expected!r} in {run.stderr!r}")
        for index, (name, text, expected) in enumerate(broken_scenarios):
            path = os.path.join(tmp, f"bad{index}.yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(SCENARIO_HEAD + text)
            run = subprocess.run([EVTXDIAG, "synth", path, "--out", os.path.join(tmp, f"out{index}")],
                                 capture_output=True, text=True)
            if run.returncode != 2 or f"{path}{expected}" not in run.stderr:
                failures.append(f"evtxdiag synth on a scenario with a {name}: exit {run.returncode}, "
                                f"expected {path + expected!r} in {run.stderr!r}")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"{checked} knowledge documents, {rule_files} rule files and {scenario_files} scenarios valid under "
      f"python3-jsonschema; the broken ones refused by it and by evtxdiag")
