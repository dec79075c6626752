"""Running the Windows program (scripts/windows/build.sh) under Wine next to the Linux one, for
the tests of tests/windows/. SKIPPED (exit 77, recorded by tests/support/skip.py) without the
Windows build or Wine."""
import os
import shutil
import subprocess

from skip import skip_test

SOURCE = os.environ["EVTXDIAG_SOURCE_DIR"]
LINUX = os.environ["EVTXDIAG"]
WINDOWS_BUILD = os.environ.get("EVTXDIAG_WINDOWS_BUILD_DIR") or os.path.join(SOURCE, "build-windows")
EXE = os.path.join(WINDOWS_BUILD, "evtxdiag.exe")
WINE_RUN = os.path.join(SOURCE, "scripts", "windows", "wine-run")
SCENARIOS = os.path.join(SOURCE, "testdata", "scenarios")

# Wine reads Unix file names and arguments in the locale's encoding: UTF-8, whatever the CI has.
# Its Windows code page is then 1252, where narrow APIs cannot name 東京: only wide ones work.
WINE_ENV = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")


def skip_unless_ready(*programs):
    if not shutil.which("wine"):
        # wine-run also finds /usr/lib/wine/wine64 alone, but `scripts/windows/build.sh` installs
        # the wine package, and the need must be one that tests/support/check_skips.py can check.
        skip_test("tool:wine", "Wine is not installed (scripts/windows/build.sh installs wine64 and wine)")
    for program in (EXE,) + programs:
        if not os.path.isfile(program):
            skip_test(f"path:{program}", f"{os.path.basename(program)} not built (scripts/windows/build.sh builds it)")


def windows(*args, cwd=None, program=EXE, timeout=600):
    """Runs the Windows program under Wine: (exit code, stdout bytes, stderr bytes)."""
    proc = subprocess.run([WINE_RUN, program, *args], cwd=cwd, capture_output=True, env=WINE_ENV, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


def linux(*args, cwd=None, program=LINUX):
    proc = subprocess.run([program, *args], cwd=cwd, capture_output=True)
    return proc.returncode, proc.stdout, proc.stderr


def synth(scenario, out):
    rc, _, err = linux("synth", os.path.join(SCENARIOS, scenario), "--out", out)
    if rc != 0:
        raise RuntimeError(f"synth {scenario}: {err.decode('utf-8', 'replace')}")


def first_difference(a: bytes, b: bytes):
    """'line N: <a> | <b>' for the first differing line of two outputs."""
    la, lb = a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"line {i + 1}:\n    linux:   {x[:300]}\n    windows: {y[:300]}"
    return f"{len(la)} lines (linux) vs {len(lb)} lines (windows)"


class Checks:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def check(self, ok, message):
        if ok:
            self.passed += 1
        else:
            self.failures.append(message)
        return ok

    def same(self, what, linux_result, windows_result):
        """Both programs gave the same exit code and byte-identical stdout."""
        (lrc, lout, lerr), (wrc, wout, werr) = linux_result, windows_result
        if not self.check(lrc == wrc, f"{what}: exit code {lrc} (linux) vs {wrc} (windows): "
                                      f"{werr.decode('utf-8', 'replace')[-500:]}"):
            return False
        return self.check(lout == wout, f"{what}: outputs differ at {first_difference(lout, wout)}")

    def finish(self, summary):
        if self.failures:
            print("\n".join(self.failures))
            print(f"{len(self.failures)} failed, {self.passed} passed")
            return 1
        print(f"{summary} ({self.passed} checks)")
        return 0
