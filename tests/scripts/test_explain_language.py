#!/usr/bin/env python3
"""`evtxdiag explain --lang ja` for every event and every code the knowledge base knows reads in
Japanese: no English sentence outside identifiers, codes and quoted log text, no stray
half-width space (tests/support/japanese_text.py), as text and as JSON. In both languages the
output carries no internal research note: an entry's `source` (document keys, section numbers,
certainty shorthand such as "[C]") is for the people who edit the knowledge, not for a reader.
"""
import glob
import json
import os
import subprocess
import sys

import yaml

from japanese_text import english_sentences, spaced_terms, stray_spaces, without_quotes  # tests/support

SOURCE = os.environ["EVTXDIAG_SOURCE_DIR"]
EVTXDIAG = os.environ["EVTXDIAG"]
KNOWLEDGE = os.path.join(SOURCE, "knowledge")
TERMS = spaced_terms(SOURCE)

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def explain(*args):
    proc = subprocess.run([EVTXDIAG, "explain", *args], capture_output=True)
    return proc.returncode, proc.stdout.decode("utf-8")


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=yaml.BaseLoader)


def check_japanese(name, text):
    own = without_quotes(text)
    check(not english_sentences(own), f"{name}: English in Japanese output: {english_sentences(own)[:3]}")
    check(not stray_spaces(own, TERMS), f"{name}: stray half-width spaces: {stray_spaces(own, TERMS)[:3]}")


def check_no_source_note(name, text, source):
    for marker in ("出典", "Source:", "[C]", "[L]", "[B]", "[I]", "events.md", "§"):
        check(marker not in text, f"{name}: internal source note '{marker}' in the output")
    check(source not in text, f"{name}: the entry's source note is printed")


def json_texts(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("origin", "insertions", "aliases", "guid", "channel", "provider", "roles", "level",
                           "symbol", "references", "related_events", "input", "form", "hex", "structure",
                           "stage", "id"):
                yield from json_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from json_texts(value)


STRUCTURE_LABELS = ("unsigned", "signed ", "severity", "customer bit", "facility ", "code 0x", "Win32 error",
                    "channel", "(version", "  error  ", "  warning  ", "  information  ")


def windows_wording(event):
    """The Japanese templates of an event that are Windows' own wording: log text, not ours."""
    found = []
    if event.get("ja_wording") == "windows":
        found.append(event["message"]["ja"])
    found += [v["message"]["ja"] for v in event.get("variants", []) if v.get("ja_wording") == "windows"]
    return found


def check_query(name, query, source, log_texts=()):
    def ours(text):
        for log_text in log_texts:
            text = text.replace(log_text, "")
        return text

    for lang in ("en", "ja"):
        rc, text = explain(query, "--lang", lang)
        check(rc == 0, f"{name}/{lang}: exit code {rc}")
        check_no_source_note(f"{name}/{lang}", text, source)
        if lang == "ja":
            check_japanese(f"{name}/ja", ours(text))
            # The labels of the structure and header lines, which are not sentences the checker sees.
            lines = ours(text).splitlines()
            labelled = lines[:1] + [line for line in lines if line.startswith(("構造:", "旧版"))]
            for label in STRUCTURE_LABELS:
                check(not any(label in line for line in labelled), f"{name}/ja: English label {label!r}")
    rc, out = explain(query, "--lang", "ja", "--format", "json")
    doc = json.loads(out)
    check("source" not in doc.get("origin", {}), f"{name}/json: origin carries the source note")
    check_japanese(f"{name}/ja/json", ours("\n".join(json_texts(doc))))


def main():
    events = codes = 0
    for path in sorted(glob.glob(os.path.join(KNOWLEDGE, "events", "*.yaml"))):
        doc = load(path)
        for event in doc["events"]:
            query = f"{doc['provider']['name']}/{event['id']}"
            check_query(query, query, event["source"], windows_wording(event))
            events += 1
    for path in sorted(glob.glob(os.path.join(KNOWLEDGE, "codes", "*.yaml"))):
        for entry in load(path)["codes"]:
            check_query(f"code {entry['code']}", entry["code"], entry["source"])
            codes += 1
    check(events > 200 and codes > 100, f"only {events} events and {codes} codes")
    if failures:
        print("\n".join(failures[:60]))
        print(f"{len(failures)} problems")
        return 1
    print(f"explain of {events} events and {codes} codes reads in Japanese, with no internal source note")
    return 0


if __name__ == "__main__":
    sys.exit(main())
