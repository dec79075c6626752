#!/usr/bin/env python3
"""build-web/evtxdiag.html in headless Chromium, opened from file:// and driven over the DevTools
protocol as a user would: a golden case's zip is given to the page's file input, the language and
zone chosen, Diagnose pressed. Checked: the page's JSON equals the native command's for the same
arguments; the report shown (in the page's frame) has every job with its result, every finding
and no script error; no request leaves the page (only file:, data:, blob: and about: URLs);
screenshots (English and Japanese) are written next to the page for a person to look at.

    tests/web/test_web_page.py build-web/evtxdiag.html build/tools/evtxdiag   (scripts/run web)
Needs chromium and python3-websocket (scripts/web/debian-packages.txt).
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile

import websocket  # python3-websocket

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
from golden_cases import golden_cases  # noqa: E402

CASES = {"seed-001-ja-mta-source-volume-space": "ja", "catalogue-interruption-restarts": "en"}  # name -> page language
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
STATUS = "document.getElementById('status').textContent"
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
    return ok


class Browser:
    """One headless Chromium with one page, over the DevTools protocol."""

    def __init__(self, tmp):
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        profile = tempfile.mkdtemp(dir=tmp, prefix="profile-")
        self.proc = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                      "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                      "--window-size=1280,1600", "--remote-debugging-port=0",
                                      f"--user-data-dir={profile}", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.monotonic() + 30
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if time.monotonic() > deadline:
                raise RuntimeError("chromium did not start")
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=300, suppress_origin=True)
        self.next_id = 0
        self.requests = []
        self.exceptions = []

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=30)

    def call(self, method, session=None, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("method") == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
            elif message.get("method") == "Runtime.exceptionThrown":
                self.exceptions.append(message["params"]["exceptionDetails"].get("text", "?"))
            elif message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except RuntimeError:  # between documents while the page loads
                value = None
            if value:
                return value
            time.sleep(0.2)
        return None


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
