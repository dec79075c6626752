#!/usr/bin/env python3
"""Reports an engineer can send as they are, checked on every golden case
(testdata/scenarios with an `expect:` block), for both audiences, in English and Japanese, as
text, HTML and JSON:

- the report opens with the summary (text: its first heading; HTML: the first section; JSON:
  the first key after "schema"), which says whether later jobs succeeded when they did;
- no finding is repeated (one block per finding, naming every job it explains);
- no raw message placeholder ("%3", "%%2155348249") and no message cut with "...";
- the customer report names no rule id and no confidence;
- in Japanese: no English sentence outside log content (the evidence records' messages and
  quoted log text) and no half-width space between two Japanese characters except inside the
  terms Microsoft writes that way (knowledge/labels/report.yaml `japanese_spaced_terms`); the
  checks are tests/support/japanese_text.py, shared with the explain and knowledge tests.
"""
import html
import json
import os
import re
import subprocess
import sys
import tempfile

from golden_cases import golden_scenarios  # tests/support (PYTHONPATH)
from japanese_text import english_sentences, spaced_terms, without_quotes  # tests/support (PYTHONPATH)
from japanese_text import stray_spaces as japanese_stray_spaces

SOURCE = os.environ["EVTXDIAG_SOURCE_DIR"]
EVTXDIAG = os.environ["EVTXDIAG"]
SCENARIOS = os.path.join(SOURCE, "testdata", "scenarios")
SPACED_TERMS = spaced_terms(SOURCE)

# A placeholder is "%N" or "%%NNNN" not glued to a word ("CloudBackup%4Operational.evtx" is a file name).
PLACEHOLDER = re.compile(r"(?<![A-Za-z0-9%])%%?\d+\b")
EVIDENCE_LINE = re.compile(r"^\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+  ")  # time, then file, event and message

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def run(cwd, *args):
    proc = subprocess.run([EVTXDIAG, *args], cwd=cwd, capture_output=True)
    return proc.returncode, proc.stdout.decode("utf-8")


def without_log_content(text):
    """The report's own words: evidence lines and quoted log text removed."""
    lines = [line for line in text.splitlines() if not EVIDENCE_LINE.match(line)]
    return without_quotes("\n".join(lines))


def stray_spaces(text):
    return japanese_stray_spaces(text, SPACED_TERMS)


def html_text(page):
    """The visible text of an HTML report, one block element per line, evidence rows marked."""
    page = re.sub(r"<style.*?</style>|<script.*?</script>|<svg.*?</svg>", "", page, flags=re.S)
    page = re.sub(r'<td class="message"[^>]*>.*?</td>', "", page, flags=re.S)  # log content
    page = re.sub(r"<title>.*?</title>", "", page, flags=re.S)
    page = re.sub(r"<code>.*?</code>", "``", page, flags=re.S)
    page = re.sub(r"</(p|h\d|li|tr|dt|dd|div|section|summary)>", "\n", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def check_text(name, text, lang, audience, doc):
    first = {"en": "Summary\n", "ja": "概要\n"}[lang]
    check(text.startswith(first), f"{name}: does not open with the summary")
    summary = text.split("\n\n", 1)[0]
    if doc["summary"]["status"] == "recovered":
        check("resolved" in summary or "解消" in summary, f"{name}: summary does not say the backups succeed again")
    check(not PLACEHOLDER.search(text), f"{name}: raw placeholder {PLACEHOLDER.findall(text)[:3]}")
    check(not [line for line in text.splitlines() if EVIDENCE_LINE.match(line) and line.endswith("...")],
          f"{name}: an event message is cut")
    heads = [line for line in text.splitlines() if re.match(r"^  \S.*: ", line) and not line.startswith("  ./")]
    verdict_heads = [h for h in heads if any(h.startswith("  " + v + ": ") for v in VERDICT_WORDS[lang])]
    check(len(verdict_heads) == len(set(verdict_heads)), f"{name}: a finding is repeated")
    if audience == "customer":
        check(not any(f["rule"] in text for f in doc["findings"]), f"{name}: customer report names a rule id")
        check("confidence" not in text and "確信度" not in text, f"{name}: customer report gives a confidence")
    if lang == "ja":
        own = without_log_content(text)
        check(not english_sentences(own), f"{name}: English in a Japanese report: {english_sentences(own)[:3]}")
        check(not stray_spaces(own), f"{name}: stray half-width spaces: {stray_spaces(own)[:3]}")


VERDICT_WORDS = {"en": ["Cause", "Contributing", "Can be ignored", "Context", "Cause not identified"],
                 "ja": ["原因", "寄与要因", "無視してよい警告", "参考情報", "原因未特定"]}


def check_html(name, page, lang, audience, doc):
    body = page[page.find("<body"):]
    first_section = re.search(r'<section id="([^"]+)"', body)
    check(first_section and first_section.group(1) == "summary", f"{name}: HTML does not open with the summary")
    check(not PLACEHOLDER.search(html_text(page)), f"{name}: raw placeholder in HTML")
    check("`" not in html_text(page).replace("``", ""), f"{name}: literal backticks in HTML")
    groups = re.findall(r'<div class="finding [^"]*"[^>]*data-verdict="[^"]+"(?: data-jobs="([^"]*)")?', page)
    check(len(groups) == len(doc["findings"]), f"{name}: HTML has {len(groups)} findings, JSON {len(doc['findings'])}")
    if audience == "customer":
        check("data-rule=" not in page and not any(f["rule"] in page for f in doc["findings"]),
              f"{name}: customer HTML names a rule id")
    if lang == "ja":
        own = without_log_content(html_text(page))
        check(not english_sentences(own), f"{name}: English in a Japanese HTML report: {english_sentences(own)[:3]}")
        check(not stray_spaces(own), f"{name}: stray half-width spaces in HTML: {stray_spaces(own)[:3]}")


def check_json(name, doc, lang):
    check(list(doc)[:2] == ["schema", "summary"], f"{name}: JSON does not open with the summary")
    keys = [(f["rule"], f["verdict"], f["title"]) for f in doc["findings"]]
    check(len(keys) == len(set(keys)), f"{name}: a finding is repeated in JSON")
    for f in doc["findings"]:
        check(f["job"] is None or f["job"] == f["jobs"][0], f"{name}: finding job is not its first job")
        for field in ("title", "explanation", "remedy"):
            check(not PLACEHOLDER.search(f[field]), f"{name}: placeholder in finding {field}")
    if lang == "ja":
        texts = [doc["summary"]["text"], doc["zone"]["source"]] + [f[k] for f in doc["findings"]
                                                                  for k in ("title", "explanation", "remedy")]
        own = without_log_content("\n".join(texts))
        check(not english_sentences(own), f"{name}: English in Japanese JSON: {english_sentences(own)[:3]}")


def main():
    cases = list(golden_scenarios(os.environ["EVTXDIAG_SOURCE_DIR"]))
    check(len(cases) >= 8, f"only {len(cases)} golden cases")
    reports = 0
    with tempfile.TemporaryDirectory(prefix="evtxdiag-language-") as tmp:
        for name, scenario, zone in cases:
            logs = os.path.join(tmp, name)
            rc, _ = run(tmp, "synth", scenario, "--out", logs)
            if rc != 0:
                check(False, f"{name}: synth failed")
                continue
            for lang in ("en", "ja"):
                base = ["diagnose", ".", "--tz", zone, "--lang", lang]
                _, out = run(logs, *base, "--format", "json")
                doc = json.loads(out)
                check_json(f"{name}/{lang}/json", doc, lang)
                for audience in ("engineer", "customer"):
                    _, text = run(logs, *base, "--audience", audience)
                    check_text(f"{name}/{lang}/{audience}/text", text, lang, audience, doc)
                    page = os.path.join(tmp, f"{name}.{lang}.{audience}.html")
                    run(logs, *base, "--audience", audience, "--format", "html", "-o", page)
                    with open(page, encoding="utf-8") as f:
                        check_html(f"{name}/{lang}/{audience}/html", f.read(), lang, audience, doc)
                    reports += 2
                reports += 1
    if failures:
        print("\n".join(failures))
        return 1
    print(f"{reports} reports of {len(cases)} cases open with the summary and read in their own language")
    return 0


if __name__ == "__main__":
    sys.exit(main())
