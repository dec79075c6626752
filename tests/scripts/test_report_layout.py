#!/usr/bin/env python3
# ctest-labels: slow nosan
# ctest-timeout: 600
"""The HTML report's layout in headless Chromium at a phone's width (390 px), a desktop's (1400 px)
and printed (A4): nothing wider than the page, no table scrolling sideways (a hidden column), no
text clipped, no table cell or result badge squeezed to one character per line. English and
Japanese reports of golden cases with many codes and findings. A canary (the same report with a
style that breaks it) must be caught, so the checks cannot pass by seeing nothing.
Screenshots and the printed PDF are kept in <build>/screenshots/ for a person to look at.
Skipped where chromium or python3-websocket is missing."""
import base64
import os
import shutil
import subprocess
import sys
import tempfile

from skip import skip_test  # tests/support (PYTHONPATH)

try:
    from devtools import Browser
except ImportError:  # python3-websocket missing
    Browser = None

EVTXDIAG = os.environ["EVTXDIAG"]
SCENARIOS = os.path.join(os.environ["EVTXDIAG_SOURCE_DIR"], "testdata", "scenarios")
SHOTS = os.path.join(os.environ["EVTXDIAG_BUILD_DIR"], "screenshots")
CASES = [  # scenario, zone, languages
    ("seed-001-ja-mta-source-volume-space", "Asia/Tokyo", ["ja", "en"]),
    ("catalogue-snapshot-hyperv-writer-spp-us-dst", "America/New_York", ["en", "ja"]),
    ("catalogue-interruption-restarts", "Europe/Berlin", ["ja"]),
]
WIDTHS = [390, 1400]
PRINT_WIDTH = 718  # A4 (210 mm) at 96 dpi less Chromium's default print margins
failures = []

# Runs in the report: every layout fault a reader would see, as short descriptions.
LAYOUT_PROBLEMS = r"""(() => {
  const viewport = document.documentElement.clientWidth;
  const problems = [];
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  if (document.documentElement.scrollWidth > viewport + 1) problems.push('the page scrolls sideways');
  for (const el of document.body.querySelectorAll('*')) {
    if (!visible(el)) continue;
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (r.right > viewport + 1 && style.position !== 'fixed')
      problems.push('wider than the page: ' + name(el) + ' (right edge ' + Math.round(r.right) + ' px)');
    const scrolls = el.scrollWidth > el.clientWidth + 1;
    if (scrolls && ['hidden', 'clip'].includes(style.overflowX))
      problems.push('text clipped: ' + name(el));
    if (scrolls && ['auto', 'scroll'].includes(style.overflowX) && el.querySelector('table'))
      problems.push('a table scrolls sideways (hidden columns): ' + name(el));
  }
  // Lines of the text itself (a table cell is as tall as its row, so its box says nothing).
  const linesOf = el => {
    const tops = new Set();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
    }
    return tops.size;
  };
  for (const el of document.querySelectorAll('td, th, .badge')) {
    const text = el.textContent.trim();
    if (text.length < 2 || !visible(el)) continue;
    const lines = linesOf(el);
    const longestWord = Math.max(...text.split(/\s+/).map(w => [...w].length));
    if (lines >= 2 && lines >= Math.min([...text].length, longestWord) * 0.6)
      problems.push('one character per line: ' + name(el) + ' "' + text.slice(0, 24) + '" in ' + lines + ' lines');
  }
  return [...new Set(problems)].slice(0, 12);
})()"""


def check(ok, what):
    if not ok:
        failures.append(what)
    return ok


def evtxdiag(cwd, *args):
    return subprocess.run([EVTXDIAG, *args], cwd=cwd, capture_output=True, timeout=120)


def load(browser, page, width, media):
    browser.call("Emulation.setDeviceMetricsOverride", width=width, height=1000, deviceScaleFactor=1,
                 mobile=width < 600)
    browser.call("Emulation.setEmulatedMedia", media=media)
    browser.call("Page.navigate", url="file://" + page)
    return browser.wait_for("document.documentElement.dataset.rendered === '1' || "
                            "(document.body && document.body.dataset.rendered === '1') || "
                            "!!document.querySelector('[data-rendered=\"1\"]')", 60)


def layout_problems(browser, page, width, media):
    if not load(browser, page, width, media):
        return ["the report did not finish rendering"]
    return browser.evaluate(LAYOUT_PROBLEMS)


def screenshot(browser, path):
    data = browser.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
    with open(path, "wb") as f:
        f.write(base64.b64decode(data))
    check(os.path.getsize(path) > 10000, f"{path}: screenshot empty")


def canary(page, tmp):
    """The report with a style that squeezes its tables: the checks must see it."""
    with open(page, encoding="utf-8") as f:
        html = f.read()
    broken = html.replace("</style>", "table{table-layout:fixed;width:120px} td,th{word-break:break-all}"
                          " .summary, section{overflow-x:hidden;white-space:nowrap}</style>", 1)
    check(broken != html, "canary: the report has no <style> to break")
    path = os.path.join(tmp, "canary.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(broken)
    return path


def main():
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        skip_test("tool:chromium", "chromium not installed (apt-get install chromium)")
    if Browser is None:
        skip_test("python:websocket", "python3-websocket not installed")
    os.makedirs(SHOTS, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="evtxdiag-layout-") as tmp:
        browser = Browser(tmp)
        try:
            browser.call("Page.enable")
            browser.call("Runtime.enable")
            pages = []
            for name, zone, languages in CASES:
                logs = os.path.join(tmp, name)
                synth = evtxdiag(tmp, "synth", os.path.join(SCENARIOS, name + ".yaml"), "--out", logs)
                if not check(synth.returncode == 0, f"{name}: synth failed: {synth.stderr.decode()}"):
                    continue
                for lang in languages:
                    page = os.path.join(tmp, f"{name}.{lang}.html")
                    run = evtxdiag(logs, "diagnose", ".", "--tz", zone, "--lang", lang, "--format", "html", "-o", page)
                    if check(run.returncode in (0, 1), f"{name}/{lang}: diagnose exit {run.returncode}"):
                        pages.append((f"{name}.{lang}", page))
            for label, page in pages:
                for width in WIDTHS:
                    problems = layout_problems(browser, page, width, "screen")
                    check(not problems, f"{label} at {width} px: {problems}")
                    screenshot(browser, os.path.join(SHOTS, f"report-{label}-{width}.png"))
                problems = layout_problems(browser, page, PRINT_WIDTH, "print")
                check(not problems, f"{label} printed: {problems}")
                pdf = base64.b64decode(browser.call("Page.printToPDF", paperWidth=8.27, paperHeight=11.69)["data"])
                check(pdf.startswith(b"%PDF") and len(pdf) > 10000, f"{label}: printed PDF empty")
                with open(os.path.join(SHOTS, f"report-{label}-print.pdf"), "wb") as f:
                    f.write(pdf)
            if pages:
                broken = canary(pages[0][1], tmp)
                caught = layout_problems(browser, broken, 390, "screen")
                check(len(caught) >= 2, f"canary: a squeezed report was not caught: {caught}")
        finally:
            browser.close()
    if failures:
        print("\n".join(failures))
        return 1
    print(f"{len(pages)} reports lay out at {', '.join(map(str, WIDTHS))} px and in print; screenshots in {SHOTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
