#!/usr/bin/env python3
# ctest-labels: slow nosan
# ctest-timeout: 600
"""The HTML report of every golden case (testdata/scenarios with an `expect:` block) opened in
headless Chromium: the DOM after load has every job (with its result) and every finding of the
JSON diagnosis, the red herrings inside their own section, the timeline picture, and no script
error; a screenshot of the first case (English and Japanese) is a real, non-empty PNG.
A Japanese export with LocaleMetaData (a scenario with `mta:`) shows its MTA message of each cause
in the DOM. Also a hostile scenario: event data holding markup shows as text, never as elements.
Skipped (exit 77) where chromium is not installed."""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

from golden_cases import golden_scenarios  # tests/support (PYTHONPATH)
from skip import skip_test  # tests/support (PYTHONPATH)

EVTXDIAG = os.environ["EVTXDIAG"]
SCENARIOS = os.path.join(os.environ["EVTXDIAG_SOURCE_DIR"], "testdata", "scenarios")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def evtxdiag(cwd, *args):
    return subprocess.run([EVTXDIAG, *args], cwd=cwd, capture_output=True, timeout=120)


def chromium(tmp, *args):
    profile = tempfile.mkdtemp(dir=tmp, prefix="profile-")  # fresh user data dir per run
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, timeout=120)


def check_dom(name, dom, doc):
    check('data-rendered="1"' in dom, f"{name}: page did not finish loading")
    check('data-script-errors="0"' in dom, f"{name}: script error recorded")
    for job in doc["jobs"]:
        check(f'id="job-{job["index"]}" data-result="{job["result"]}"' in dom, f"{name}: job {job['index']} missing")
    check(dom.count('<rect class="bar') == len(doc["jobs"]), f"{name}: timeline bars != jobs")
    herrings_at = dom.find('<section id="red-herrings"')
    for f in doc["findings"]:
        at = dom.find(f'data-rule="{f["rule"]}" data-verdict="{f["verdict"]}"')
        check(at >= 0, f"{name}: finding {f['rule']} missing")
        if f["verdict"] == "red-herring":
            check(herrings_at >= 0 and at > herrings_at, f"{name}: red herring {f['rule']} not in its section")
    check(dom.count('class="finding ') == len(doc["findings"]), f"{name}: finding count")
    check(len(re.findall(r"<script\b", dom)) == 1, f"{name}: unexpected script element")


def mta_messages(scenario):
    """The explicit messages of a cause's evidence in a scenario with `mta:` (escaped as in HTML)."""
    with open(scenario, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=yaml.BaseLoader) or {}
    if not any("mta" in log for log in doc.get("logs", [])):
        return []
    wanted = {c["event"].split(" ")[0] + "#" + c["event"].split("#")[1].split(" ")[0]
              for c in (doc.get("expect") or {}).get("causes") or []}
    return [html.escape(e["message"], quote=False) for log in doc["logs"] for e in log["events"]
            if log["file"] + "#" + e.get("record_id", "") in wanted and isinstance(e.get("message"), str)]


def hostile_case(tmp):
    """The red-herring scenario with markup in a computer name and in event data."""
    with open(os.path.join(SCENARIOS, "red-herring-volsnap27-after-success.yaml"), encoding="utf-8") as f:
        scenario = yaml.safe_load(f)
    scenario.pop("expect", None)
    scenario["computer"] = 'SRV"><img src=x onerror=alert(2)>'
    for log in scenario["logs"]:
        for event in log["events"]:
            if isinstance(event.get("data"), dict):
                for key in event["data"]:
                    event["data"][key] = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    path = os.path.join(tmp, "hostile.yaml")
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(scenario, f, allow_unicode=True)
    return path


def main():
    if not CHROMIUM:
        skip_test("tool:chromium", "chromium not installed (apt-get install chromium)")
    cases = list(golden_scenarios(os.environ["EVTXDIAG_SOURCE_DIR"]))
    check(len(cases) >= 8, f"only {len(cases)} golden cases")
    with tempfile.TemporaryDirectory(prefix="evtxdiag-browser-") as tmp:
        cases.append(("hostile", hostile_case(tmp), "UTC"))
        for index, (name, scenario, zone) in enumerate(cases):
            logs = os.path.join(tmp, name)
            synth = evtxdiag(tmp, "synth", scenario, "--out", logs)
            if synth.returncode != 0:
                check(False, f"{name}: synth failed: {synth.stderr.decode()}")
                continue
            doc = json.loads(evtxdiag(logs, "diagnose", ".", "--tz", zone, "--format", "json").stdout)
            for lang in (["en", "ja"] if index == 0 or name == "hostile" else ["en"]):
                page = os.path.join(tmp, f"{name}.{lang}.html")
                run = evtxdiag(logs, "diagnose", ".", "--tz", zone, "--format", "html", "--lang", lang, "-o", page)
                check(run.returncode == 0, f"{name}: diagnose --format html exit {run.returncode}")
                dom = chromium(tmp, "--dump-dom", "file://" + page).stdout.decode("utf-8", "replace")
                check_dom(f"{name}/{lang}", dom, doc)
                if mta_messages(scenario):  # a Japanese export: the MTA's text reaches the page as text
                    check(all(m in dom for m in mta_messages(scenario)), f"{name}/{lang}: MTA message missing in the DOM")
                    check('data-source="mta"' in dom, f"{name}/{lang}: evidence not marked as MTA text")
                if name == "hostile":
                    check("<img" not in dom, "hostile: an <img> element was injected")
                    check("&lt;script&gt;alert(1)&lt;/script&gt;" in dom, "hostile: script text not shown as text")
                    check("onerror=alert(2)&gt;" in dom, "hostile: img text not shown as text")
                if index == 0:
                    png = os.path.join(tmp, f"{name}.{lang}.png")
                    chromium(tmp, f"--screenshot={png}", "--window-size=1200,1600", "file://" + page)
                    with open(png, "rb") as f:
                        data = f.read()
                    check(data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20000, f"{name}/{lang}: screenshot empty")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"{len(cases)} reports render in Chromium with every job and finding")
    return 0


if __name__ == "__main__":
    sys.exit(main())
