"""`dump` and `diagnose` print byte-identical output (stdout, stderr, exit code) with -j1 and
-j2 on every sample file (parallel decoding must not change the output order or content).
dump runs with --recovered so that the live and recovered paths are both compared."""
# ctest-labels: nosan slow
import os
import subprocess
import sys

from skip import skip_test  # tests/support (PYTHONPATH)

evtxdiag = os.environ["EVTXDIAG"]
samples = os.environ.get("EVTXDIAG_SAMPLES_DIR", "")
if not samples or not os.path.isdir(samples):
    skip_test("samples", "no samples directory (EVTXDIAG_SAMPLES_DIR)")
files = sorted(os.path.join(samples, n) for n in os.listdir(samples) if n.endswith(".evtx"))
if not files:
    skip_test("samples", "no .evtx files in " + samples)


def run(*args):
    res = subprocess.run([evtxdiag, *args], capture_output=True, check=False, timeout=120)
    return res.returncode, res.stdout, res.stderr


failures = []
for path in files:
    name = os.path.basename(path)
    for command in (["dump", path, "--recovered", "--tz", "UTC"], ["diagnose", path, "--tz", "UTC", "--format", "json"]):
        one = run(*command, "-j", "1")
        two = run(*command, "-j", "2")
        if one != two:
            what = [part for part, a, b in zip(("exit code", "stdout", "stderr"), one, two) if a != b]
            failures.append(f"{command[0]} {name}: -j1 and -j2 differ in {', '.join(what)}")
        elif command[0] == "dump" and one[0] != 2 and not one[1]:
            failures.append(f"dump {name}: no output at all")
# All files at once: diagnose reads several files in parallel.
one = run("diagnose", *files, "--tz", "UTC", "--format", "json", "-j", "1")
two = run("diagnose", *files, "--tz", "UTC", "--format", "json", "-j", "2")
if one != two:
    failures.append("diagnose of all samples at once: -j1 and -j2 differ")
# The largest sample with the two smallest: one file holds most of the bytes, so the files
# are read one after another, each with every thread.
by_size = sorted(files, key=os.path.getsize)
dominated = [by_size[-1], by_size[0], by_size[1]]
one = run("diagnose", *dominated, "--tz", "UTC", "--format", "json", "-j", "1")
for threads in ("2", "3"):
    if run("diagnose", *dominated, "--tz", "UTC", "--format", "json", "-j", threads) != one:
        failures.append(f"diagnose of one large and two small samples: -j1 and -j{threads} differ")

for failure in failures:
    print("FAIL: " + failure)
print(f"{len(files)} samples, dump and diagnose with -j1 and -j2: {'FAILED' if failures else 'identical'}")
sys.exit(1 if failures else 0)
