#!/usr/bin/env python3
"""scripts/distributed-local end to end, on loopback, with faults: 24 synthetic cases through
Redis and two worker processes give exactly `evtxdiag batch`'s JSONL and exit code; a worker's
pool child killed with SIGKILL in the middle of a case loses nothing (every case comes back
once); Redis stopped in the middle of a run makes the script name the cases not done and exit 4,
and the same command run again does only those and ends with batch's JSONL (no case twice).
Every wait is bounded. Skipped without Celery/Redis."""
# ctest-labels: nosan
# ctest-timeout: 400
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import distributed_corpus as dc  # noqa: E402

dc.skip_without_celery()
SCRIPT = os.path.join(dc.SOURCE, "scripts", "distributed-local")
errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def start(corpus, out, state):
    command = [SCRIPT, corpus, out, "--state", state, "--idle-timeout", "60", *dc.OPTIONS]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.01)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def finish(process, seconds=240):
    try:
        out, err = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        errors.append(f"distributed-local did not end within {seconds} s")
    return process.returncode, err.decode("utf-8", "replace")


def read_state(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def lines_of(path):
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines()


def zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rpartition(")")[2].split()[0] == "Z"
    except OSError:
        return False


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def main():
    with tempfile.TemporaryDirectory() as tmp:
        corpus, count = dc.build_corpus(tmp)
        rc_ref, reference = dc.batch_reference(corpus, os.path.join(tmp, "reference.jsonl"))
        names = [json.loads(l)["case"] for l in reference.splitlines()]

        # 1. Plain run: batch's bytes and exit code; everything started is gone afterwards.
        out = os.path.join(tmp, "plain.jsonl")
        process = start(corpus, out, os.path.join(tmp, "plain.state"))
        rc, err = finish(process)
        check(rc == rc_ref, f"plain run: exit {rc} != batch's {rc_ref}\n{err}")
        check(os.path.exists(out) and open(out, encoding="utf-8").read() == reference, "plain run: JSONL differs from batch's")
        check("cases: " in err and "failed jobs by cause:" in err, f"plain run: batch's summary on stderr\n{err}")
        state = read_state(os.path.join(tmp, "plain.state")) or {}
        left = [p for p in [state.get("redis_pid", 0)] + state.get("workers", []) if p and alive(p)]
        check(state and not left and not os.path.exists(state["dir"]), f"processes or files left behind: {left} {state}")

        # 2. kill -9 of a pool child while it runs a case: redelivered, nothing lost or doubled.
        out = os.path.join(tmp, "killed.jsonl")
        state_file = os.path.join(tmp, "killed.state")
        process = start(corpus, out, state_file)
        state = wait_for(lambda: read_state(state_file), 90, "the cluster to start")

        def busy_pool_child():
            for worker in state["workers"]:
                for child in children(worker):
                    if children(child):  # a pool child with its evtxdiag running
                        return child
            return None

        victim = wait_for(busy_pool_child, 60, "a pool child running a case")
        # Frozen first, so that it is certainly killed in the middle of its case (cases are fast):
        # stopped, it cannot report the case, whose evtxdiag it started and is still waiting for.
        os.kill(victim, signal.SIGSTOP)
        check(children(victim), "the pool child was stopped in the middle of a case")
        os.kill(victim, signal.SIGKILL)
        rc, err = finish(process)
        check(rc == rc_ref, f"after kill -9: exit {rc} != {rc_ref}\n{err}")
        got = lines_of(out) if os.path.exists(out) else []
        check(got == reference.splitlines(), f"after kill -9: {len(got)} lines, want batch's {count}\n{err}")

        # 3. Redis stopped mid-run: the cases not done are named, exit 4; a re-run does only those.
        out = os.path.join(tmp, "stopped.jsonl")
        state_file = os.path.join(tmp, "stopped.state")
        process = start(corpus, out, state_file)
        state = wait_for(lambda: read_state(state_file), 90, "the cluster to start")
        partial = out + ".partial"
        wait_for(lambda: os.path.exists(partial) and len(lines_of(partial)) >= 2, 90, "the first cases to come back")
        # The workers frozen while Redis stops, so that the run is certainly cut off mid-way.
        for worker in state["workers"]:
            os.killpg(worker, signal.SIGSTOP)
        os.kill(state["redis_pid"], signal.SIGTERM)
        wait_for(lambda: not alive(state["redis_pid"]) or zombie(state["redis_pid"]), 30, "Redis to stop")
        for worker in state["workers"]:
            os.killpg(worker, signal.SIGCONT)
        rc, err = finish(process)
        done = [json.loads(l)["case"] for l in lines_of(partial)] if os.path.exists(partial) else []
        reported = re.findall(r"^  (.+?): (?:ConnectionError|TimeoutError|OperationalError)", err, re.M)
        check(rc == 4, f"Redis stopped: exit {rc}, want 4\n{err}")
        check(0 < len(done) < count, f"Redis stopped after {len(done)} of {count} cases: not mid-run")
        check(f"{count - len(done)} case(s) not done" in err and sorted(reported + done) == sorted(names),
              f"the cases not done are named: {len(reported)} named + {len(done)} done != {count}\n{err}")
        check(not os.path.exists(out), "no reduced JSONL from an incomplete run")
        rc, err = finish(start(corpus, out, os.path.join(tmp, "rerun.state")))
        check(rc == rc_ref, f"re-run: exit {rc} != {rc_ref}\n{err}")
        check(f"{count - len(done)} case(s) sent ({count - len(done)} run, 0 from the store), {len(done)} kept" in err,
              f"the re-run sends only the cases not done:\n{err}")
        check(os.path.exists(out) and open(out, encoding="utf-8").read() == reference and not os.path.exists(partial),
              "re-run: JSONL differs from batch's")
    if errors:
        print("\n".join(errors))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
