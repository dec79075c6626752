#!/usr/bin/env python3
"""build-web/evtxdiag.html in headless Chromium, opened from file:// and driven over the DevTools
protocol as a user would: a golden case's zip is given to the page's file input, the language and
zone chosen, Diagnose pressed. Checked: the page's JSON equals the native command's for the same
arguments; the report shown (in the page's frame) has every job with its result, every finding
and no script error; no request leaves the page (only file:, data:, blob: and about: URLs);
screenshots (English and Japanese) are written next to the page for a person to look at.

    tests/web/test_web_page.py build-web/evtxdiag.html build/tools/evtxdiag   (scripts/run web)
Needs chromium and python3-websocket (scripts/debian-packages.txt). On the Japanese page no English word may remain
outside names that stay as they are (Windows, LocaleMetaData, HTML...).
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
from devtools import Browser  # noqa: E402
from golden_cases import golden_cases  # noqa: E402

CASES = {"seed-001-ja-mta-source-volume-space": "ja", "catalogue-interruption-restarts": "en"}  # name -> page language
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
STATUS = "document.getElementById('status').textContent"
failures = []
# The page's own visible text (not the report frame, the file list, the engine's messages or the
# language names), less names that stay as they are in Japanese: English words left over.
ENGLISH_ON_PAGE = r"""(() => {
  const keep = /evtxdiag|Windows|LocaleMetaData|\.evtx|\.MTA|\.zip|\.7z|\.tar\.gz|HTML|JSON|CSV|MB/g;
  const words = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('select, #chosen, #messages, script, style') || el.offsetParent === null) continue;
    words.push(...(node.textContent.replace(keep, '').match(/[A-Za-z]{3,}/g) || []));
  }
  return words;
})()"""


def check(ok, what):
    if not ok:
        failures.append(what)
    return ok


def native_json(native, archive, zone, lang):
    """The native diagnosis of the zip alone in a folder, run from there as the page runs it."""
    folder = archive + ".d"
    os.makedirs(folder)
    shutil.copy(archive, folder)
    proc = subprocess.run([native, "diagnose", ".", "--tz", zone, "--lang", lang, "--format", "json"],
                          cwd=folder, capture_output=True, timeout=120)
    return json.loads(proc.stdout)


def report_dom(browser):
    """The outer HTML of the report shown in the page's frame (a sandboxed srcdoc document: an
    opaque origin, which Chromium may run in a process of its own, i.e. as a target of its own)."""
    frames = [t for t in browser.call("Target.getTargets")["targetInfos"] if t["type"] == "iframe"]
    for frame in frames:
        session = browser.call("Target.attachToTarget", targetId=frame["targetId"], flatten=True)["sessionId"]
        try:
            result = browser.call("Runtime.evaluate", session=session, returnByValue=True,
                                  expression="document.documentElement.outerHTML")
            html = result["result"].get("value") or ""
        finally:
            browser.call("Target.detachFromTarget", sessionId=session)
        if "data-script-errors" in html:
            return html
    root = browser.call("DOM.getDocument", depth=-1, pierce=True)["root"]

    def find(node):
        if node.get("nodeName") == "IFRAME" and node.get("contentDocument"):
            return node["contentDocument"]
        for child in node.get("children", []):
            hit = find(child)
            if hit:
                return hit
        return None

    document = find(root)
    return browser.call("DOM.getOuterHTML", nodeId=document["nodeId"])["outerHTML"] if document else ""


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    page, native = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shots = os.path.dirname(page)
    with tempfile.TemporaryDirectory(prefix="evtxdiag-web-page-") as tmp:
        browser = Browser(tmp)
        try:
            browser.call("Network.enable")
            browser.call("Runtime.enable")
            browser.call("Page.enable")
            started = time.monotonic()
            browser.call("Page.navigate", url="file://" + page)
            if not check(browser.wait_for("document.documentElement.dataset.state === 'ready'", 120) is not None,
                         f"the page did not become ready: {browser.evaluate(STATUS)}"):
                return finish(browser)
            print(f"page ready in {time.monotonic() - started:.1f} s", flush=True)
            for case in golden_cases(native, ROOT, tmp, names=set(CASES)):
                lang = CASES[case.name]
                archive = os.path.join(tmp, case.name + ".zip")
                with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
                    for folder, _, files in os.walk(case.folder):
                        for f in sorted(files):
                            full = os.path.join(folder, f)
                            z.write(full, os.path.join(case.name, os.path.relpath(full, case.folder)))
                doc = browser.call("DOM.getDocument")["root"]
                node = browser.call("DOM.querySelector", nodeId=doc["nodeId"], selector="#files")["nodeId"]
                browser.call("DOM.setFileInputFiles", nodeId=node, files=[archive])
                browser.evaluate(f"document.getElementById('lang').value = {json.dumps(lang)};"
                                 "document.getElementById('lang').dispatchEvent(new Event('change'));"
                                 f"document.getElementById('tz').value = {json.dumps(case.zone)};")
                started = time.monotonic()
                browser.evaluate("document.getElementById('run').click()")
                state = browser.wait_for("['done', 'error'].includes(document.documentElement.dataset.state) && "
                                         "document.documentElement.dataset.state", 300)
                seconds = time.monotonic() - started
                if not check(state == "done", f"{case.name}: page state {state}: "
                             f"{browser.evaluate(STATUS)}"):
                    continue
                print(f"{case.name} ({lang}): diagnosed in the page in {seconds:.1f} s", flush=True)
                want = native_json(native, archive, case.zone, lang)
                got = json.loads(browser.evaluate("window.evtxdiagOutputs && window.evtxdiagOutputs.json") or "null")
                check(got == want, f"{case.name}: the page's JSON differs from the native command's")
                if lang == "ja":  # the page around the report speaks Japanese too
                    english = browser.evaluate(ENGLISH_ON_PAGE)
                    check(not english, f"{case.name}: English words on the Japanese page: {english}")
                    check(browser.evaluate(STATUS) == "完了しました。", f"{case.name}: status {browser.evaluate(STATUS)!r}")
                dom = report_dom(browser)
                check('data-rendered="1"' in dom, f"{case.name}: the report did not finish rendering")
                check('data-script-errors="0"' in dom, f"{case.name}: the report recorded a script error")
                for job in want["jobs"]:
                    check(f'id="job-{job["index"]}" data-result="{job["result"]}"' in dom,
                          f"{case.name}: job {job['index']} ({job['result']}) not shown")
                check(dom.count('<rect class="bar') == len(want["jobs"]), f"{case.name}: timeline bars != jobs")
                shot = browser.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
                path = os.path.join(shots, f"evtxdiag-page-{case.name}.png")
                with open(path, "wb") as f:
                    f.write(base64.b64decode(shot))
                check(os.path.getsize(path) > 10000, f"{case.name}: screenshot too small")
                print(f"  screenshot {path}", flush=True)
            return finish(browser)
        finally:
            browser.close()


def finish(browser):
    outside = [u for u in browser.requests if not u.startswith(LOCAL_SCHEMES)]
    check(not outside, f"requests left the page: {outside}")
    check(not browser.exceptions, f"script exceptions: {browser.exceptions}")
    print(f"{len(browser.requests)} requests, all local" if not outside else "")
    if failures:
        print("\n".join(failures))
        return 1
    print("page checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
