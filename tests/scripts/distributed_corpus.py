"""A corpus of 24 synthetic cases for the distributed-batch tests (imported by test_celery_queue.py
and test_distributed_local.py): 20 scenario folders, one of them nested a level deeper, the loose
logs of the corpus folder itself, a zip bundle, an empty folder and a folder with a junk log, so
that every case rule of batch and several statuses go through the queue. Also: the skip rule
when Celery, redis-py or redis-server is missing, and helpers shared by those tests."""
import os
import shutil
import subprocess
import sys
import zipfile

EVTXDIAG = os.environ["EVTXDIAG"]
SOURCE = os.environ["EVTXDIAG_SOURCE_DIR"]
SCENARIOS = os.path.join(SOURCE, "testdata", "scenarios")
# Options of every run, reference and distributed alike: byte-reproducible lines.
OPTIONS = ["--no-timings"]


def skip_without_celery():
    """Exit 77 (CTest 'Skipped', recorded with what was missing) when the distributed batch
    cannot run here."""
    from skip import skip_test  # tests/support (PYTHONPATH)
    for module, package in (("celery", "python3-celery"), ("redis", "python3-redis")):
        try:
            __import__(module)
        except ImportError:
            skip_test(f"python:{module}", f"{package} is not installed (scripts/install-deps.sh installs it)")
    if shutil.which("redis-server") is None:
        skip_test("tool:redis-server", "redis-server is not installed (scripts/install-deps.sh installs it)")
    if os.environ.get("EVTXDIAG_SANITIZE") == "1":
        skip_test("sanitizer", "the distributed batch runs the normal build's evtxdiag only")
    sys.path.insert(0, os.path.join(SOURCE, "contrib", "celery"))


def synth(scenario, out):
    done = subprocess.run([EVTXDIAG, "synth", os.path.join(SCENARIOS, scenario), "--out", out],
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()


def build_corpus(root):
    """Returns (corpus folder, number of cases)."""
    corpus = os.path.join(root, "corpus")
    os.makedirs(corpus)
    scenarios = sorted(n for n in os.listdir(SCENARIOS) if n.endswith(".yaml"))
    # The biggest case first in order, so that the fault tests find a case still running.
    chosen = ["basic-many-chunks.yaml"] + [n for n in scenarios if n != "basic-many-chunks.yaml"][:19]
    for i, name in enumerate(chosen):
        folder = os.path.join(corpus, f"c{i:02d}-{name[:-5]}")
        synth(name, os.path.join(folder, "logs", "deeper") if i == 3 else folder)
    synth("seed-004-hyperv-spp-timeout.yaml", corpus)  # loose logs: the 'top-level' case
    bundle = os.path.join(root, "bundle")
    synth("seed-003-vss-writer-timeout.yaml", bundle)
    with zipfile.ZipFile(os.path.join(corpus, "z-bundle.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(os.listdir(bundle)):
            z.write(os.path.join(bundle, name), "export/" + name)
    os.makedirs(os.path.join(corpus, "x-empty"))
    os.makedirs(os.path.join(corpus, "y-junk"))
    with open(os.path.join(corpus, "y-junk", "System.evtx"), "wb") as f:
        f.write(b"not an event log")
    return corpus, len(chosen) + 4


def batch_reference(corpus, out):
    """`evtxdiag batch` of the corpus: (exit code, the JSONL text)."""
    done = subprocess.run([EVTXDIAG, "batch", corpus, "-j", "2", "--out", out, *OPTIONS], capture_output=True,
                          timeout=300)
    with open(out, encoding="utf-8") as f:
        return done.returncode, f.read()
