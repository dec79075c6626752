"""Checks of Japanese output text shared by the tests that read Japanese reports, explanations
and knowledge data: no English sentence outside log content and identifiers, no stray
half-width space between Japanese characters.

Microsoft's Japanese style separates the words of a katakana compound with a half-width space
(バックアップ ジョブ) and writes a few mixed terms the same way; those terms are listed in
knowledge/labels/report.yaml `japanese_spaced_terms`. Any other space between two Japanese
characters is a defect (バックアップが 必ず失敗し, 最適化して から, 回復 パーティション).
"""
import os
import re

import yaml

JAPANESE = r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uff60\u3000-\u303f]"
KATAKANA = r"[\u30a1-\u30fc]"
STRAY_SPACE = re.compile(f"(?!{KATAKANA} {KATAKANA}){JAPANESE} {JAPANESE}")
# An English sentence: four or more English words in a row, one of them a word only prose uses.
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'-]*(?:[ ,]+[A-Za-z][A-Za-z'-]*){3,}")
PROSE_WORDS = {"the", "of", "is", "was", "to", "and", "for", "not", "with", "on", "in", "could", "be", "has",
               "have", "are", "were", "by", "from", "that", "this", "no", "at", "failed", "because", "an",
               "it", "its", "as", "or", "if", "when", "after", "before", "during", "can", "cannot", "may",
               "will", "should", "see", "run", "check", "means", "usually", "often"}


def spaced_terms(source_dir):
    with open(os.path.join(source_dir, "knowledge", "labels", "report.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)["japanese_spaced_terms"]


def without_quotes(text):
    """The text with quoted log text, commands and paths removed (they are not our words)."""
    text = re.sub(r'"[^"\n]*"', '""', text)          # quoted log text ("180 E. South America Standard Time")
    text = re.sub(r"「[^」\n]*」", "「」", text)
    text = re.sub(r"`[^`\n]*`", "``", text)          # commands and paths
    return re.sub(r"'[^'\n]*'", "''", text)


def english_sentences(text):
    found = []
    for match in ENGLISH_RUN.finditer(text):
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", match.group(0))}
        if words & PROSE_WORDS:
            found.append(match.group(0))
    return found


def stray_spaces(text, terms):
    for term in terms:
        text = text.replace(term, term.replace(" ", ""))
    return [text[max(0, m.start() - 8):m.end() + 8] for m in STRAY_SPACE.finditer(text)]
