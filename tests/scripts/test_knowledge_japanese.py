#!/usr/bin/env python3
"""The Japanese of the knowledge base (knowledge/**/*.yaml), checked as data:

- every event the knowledge base knows has a Japanese meaning, Japanese notes when it has notes,
  and a Japanese message template for every English one (main template and variants), with the
  same %N insertions as the English template, a `ja_wording` that says how sure the wording is,
  and an example `message_ja` (which tests/unit/knowledge_examples_test.cpp renders);
- no Japanese text written by us (every `ja:` text, except templates whose wording is Windows'
  own) contains an English sentence or a half-width space between two Japanese characters
  outside the terms Microsoft writes that way;
- every entry of `japanese_spaced_terms` whose space is not simply between two katakana words
  is spelled that way by Windows itself somewhere in the knowledge base (a Windows-worded
  template or a zone name Japanese Windows writes), so the list cannot excuse our own spacing.
"""
import glob
import os
import re
import sys

import yaml

from japanese_text import KATAKANA, english_sentences, spaced_terms, stray_spaces, without_quotes  # tests/support

SOURCE = os.environ["EVTXDIAG_SOURCE_DIR"]
KNOWLEDGE = os.path.join(SOURCE, "knowledge")
TERMS = spaced_terms(SOURCE)
INSERTION = re.compile(r"%(\d{1,2})")
ESCAPE = re.compile(r"%(?:\d{1,2}(?:![^!]*!)?|[nt%])")
JAPANESE_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=yaml.BaseLoader)


def our_words(text):
    """A Japanese text as a reader sees our words: insertions and quoted log text removed."""
    return without_quotes(ESCAPE.sub(" X ", text))


def check_own_text(where, text):
    words = our_words(text)
    check(not english_sentences(words), f"{where}: English in Japanese text: {english_sentences(words)[:2]}")
    check(not stray_spaces(words, TERMS), f"{where}: stray half-width space: {stray_spaces(words, TERMS)[:3]}")


def check_template(where, english, japanese, wording):
    check(japanese is not None, f"{where}: no Japanese message template")
    if japanese is None:
        return
    check(wording in ("windows", "translation"), f"{where}: ja_wording missing")
    check(sorted(set(INSERTION.findall(english))) == sorted(set(INSERTION.findall(japanese))),
          f"{where}: insertions differ from the English template: {sorted(set(INSERTION.findall(english)))} vs "
          f"{sorted(set(INSERTION.findall(japanese)))}")
    if wording != "windows":  # Windows' own wording is log text, not ours
        check_own_text(where, japanese)


def check_events():
    windows_texts = []
    events = 0
    for path in sorted(glob.glob(os.path.join(KNOWLEDGE, "events", "*.yaml"))):
        doc = load(path)
        name = os.path.relpath(path, KNOWLEDGE)
        if "notes" in doc["provider"]:
            check("ja" in doc["provider"]["notes"], f"{name}: provider notes have no Japanese")
        for event in doc["events"]:
            events += 1
            where = f"{name} {event['id']}"
            check("ja" in event["meaning"], f"{where}: no Japanese meaning")
            if "notes" in event:
                check("ja" in event["notes"], f"{where}: no Japanese notes")
            templates = []
            if "message" in event:
                templates.append((where, event["message"], event.get("ja_wording")))
            for number, variant in enumerate(event.get("variants", [])):
                templates.append((f"{where} variant {number + 1}", variant["message"], variant.get("ja_wording")))
            for at, message, wording in templates:
                check_template(at, message["en"], message.get("ja"), wording)
                if wording == "windows" and "ja" in message:
                    windows_texts.append(message["ja"])
            if templates:
                check("message_ja" in event["example"], f"{where}: the example has no message_ja")
    check(events > 200, f"only {events} events")
    return windows_texts


def japanese_texts(node, path=()):
    """Every `ja:` text of a knowledge document, with the keys leading to it."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "ja" and isinstance(value, str):
                yield path, value
            else:
                yield from japanese_texts(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from japanese_texts(value, path + (index,))


def check_all_japanese_texts():
    checked = 0
    for path in sorted(glob.glob(os.path.join(KNOWLEDGE, "**", "*.yaml"), recursive=True)):
        name = os.path.relpath(path, KNOWLEDGE)
        if name.startswith("events" + os.sep):
            continue  # templates are checked with their ja_wording above
        for keys, text in japanese_texts(load(path)):
            check_own_text(f"{name} {'.'.join(map(str, keys))}", text)
            checked += 1
    for path in sorted(glob.glob(os.path.join(KNOWLEDGE, "events", "*.yaml"))):
        name = os.path.relpath(path, KNOWLEDGE)
        doc = load(path)
        for event in doc["events"]:
            for key in ("meaning", "notes"):
                if "ja" in event.get(key, {}):
                    check_own_text(f"{name} {event['id']} {key}", event[key]["ja"])
                    checked += 1
    check(checked > 500, f"only {checked} Japanese texts")


def windows_zone_names():
    names = []
    for path in glob.glob(os.path.join(KNOWLEDGE, "timezones", "*.yaml")):
        for zone in load(path).get("zones", []):
            if zone.get("lang") == "ja":
                names += zone.get("names", [])
    return names


def check_spaced_terms(windows_texts):
    written_by_windows = "\n".join(windows_texts + windows_zone_names())
    for term in TERMS:
        check(" " in term, f"japanese_spaced_terms: '{term}' has no half-width space")
        if all(re.fullmatch(f"{KATAKANA} {KATAKANA}", term[m.start() - 1:m.end() + 1])
               for m in re.finditer(" ", term)):
            continue  # katakana compound words: Microsoft's rule, allowed anyway
        check(term in written_by_windows,
              f"japanese_spaced_terms: '{term}' is not written so in any Windows text of the knowledge base")


def main():
    windows_texts = check_events()
    check_all_japanese_texts()
    check_spaced_terms(windows_texts)
    if failures:
        print("\n".join(failures))
        return 1
    print("every event has Japanese meaning and templates; the Japanese reads without English or stray spaces")
    return 0


if __name__ == "__main__":
    sys.exit(main())
