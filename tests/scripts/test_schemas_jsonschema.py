#!/usr/bin/env python3
"""The schema files are standard JSON Schema: python3-jsonschema, an independent implementation,
accepts every schema under knowledge/schema/ as valid draft 2020-12, validates every knowledge
document the library ships, and rejects the same broken documents the library's own checker
(lib/src/schema/) rejects, so the two cannot drift apart.

YAML is read as YAML 1.2 reads it (as the library does): only true/false are booleans, 0x... is
an integer, a quoted scalar is a string."""
import glob
import os
import re
import sys

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


def validator(schema_file):
    schema = load(os.path.join(KNOWLEDGE, "schema", schema_file))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


failures = []
checked = 0
knowledge = validator("knowledge.schema.yaml")
for folder in ("events", "codes", "cases"):
    for path in sorted(glob.glob(os.path.join(KNOWLEDGE, folder, "*.yaml"))):
        doc = load(path)
        errors = sorted(knowledge.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors[:3]:
            failures.append(f"{os.path.relpath(path, SOURCE)}: {'/'.join(map(str, e.path))}: {e.message}")
        checked += 1
if checked < 20:
    failures.append(f"only {checked} knowledge documents found")

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

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"{checked} knowledge documents valid under python3-jsonschema; the broken ones refused")
