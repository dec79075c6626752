"""One case through `evtxdiag batch` in a subprocess, and the lines of cases it never saw.

The worker runs the command line, like OpenRelik's workers for Hayabusa or Chainsaw do: the
case runs in evtxdiag's own child process with --case-timeout, so a hostile file that hangs or
crashes a decoder becomes a 'timeout' or 'crashed' line, never a lost worker.
"""
import ctypes
import json
import os
import signal
import subprocess

# Options of `evtxdiag batch` a task may carry: only those that shape the diagnosis. Never an
# output path (--out, --summary, --force): a message in the queue must not be able to make a
# worker write files.
OPTIONS_WITH_VALUE = ("--tz", "--margin", "--lang", "--knowledge")
FLAGS = ("--no-recovered", "--no-timings")

# Archive names as evtxdiag's is_archive_name() knows them (lib/src/archive/archive_reader.cpp);
# tests/scripts/test_distributed_units.py checks the two agree through `batch --list-cases`.
ARCHIVE_SUFFIXES = (".zip", ".7z", ".tar", ".tgz", ".tar.gz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tar.zst")


class EvtxdiagError(Exception):
    """evtxdiag could not run the case at all (not found, bad option): a problem of the worker."""


def check_options(options):
    """The batch options of a task, validated; raises ValueError naming the first bad one."""
    options = list(options or ())
    checked, i = [], 0
    while i < len(options):
        option = options[i]
        if option in FLAGS:
            checked.append(option)
            i += 1
        elif option in OPTIONS_WITH_VALUE and i + 1 < len(options) and isinstance(options[i + 1], str):
            checked += [option, options[i + 1]]
            i += 2
        else:
            raise ValueError(f"batch option {option!r} is not allowed in a task "
                             f"(allowed: {', '.join(OPTIONS_WITH_VALUE + FLAGS)})")
    return checked


def kind_of(name, is_directory):
    if is_directory:
        return "directory"
    return "archive" if name.lower().endswith(ARCHIVE_SUFFIXES) else "file"


def failure_line(name, kind, status, error):
    """The line `batch` would print for a case that could not be read at all, for cases that
    never reached evtxdiag (a download refused, a task cut off): the same keys, in order."""
    return json.dumps({
        "case": name, "kind": kind, "status": status, "error": error, "files": 0, "undecodable_files": 0,
        "jobs": 0, "failed_jobs": 0, "input_bytes": 0, "failed_jobs_by_cause": {}, "findings_by_verdict": {},
        "diagnosis": None}, ensure_ascii=False, separators=(",", ":"))


def _die_with_parent():
    """In the child, before exec: SIGKILL when the worker process dies (a pool child killed
    with kill -9 or by the hard time limit must not leave its case running)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run_batch_case(evtxdiag, case, as_case, options, case_timeout):
    """The JSON line of `case` (a fetch.LocalCase), without newline. Raises EvtxdiagError."""
    command = [evtxdiag, "batch", case.path, "--as-case", as_case, "-j", "1"]
    if case_timeout > 0:
        command += ["--case-timeout", f"{case_timeout:g}"]
    command += check_options(options)
    # evtxdiag cuts the case off itself; this is the net under it (the process tree is killed).
    limit = case_timeout + 60 if case_timeout > 0 else None
    try:
        process = subprocess.Popen(command, cwd=case.cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_die_with_parent)
    except OSError as e:
        raise EvtxdiagError(f"cannot run {evtxdiag}: {e}") from None
    try:
        out, err = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        is_dir = os.path.isdir(os.path.join(case.cwd or "", case.path))
        return failure_line(case.name, kind_of(case.name, is_dir), "timeout",
                            f"evtxdiag did not end within {limit:g} s (--case-timeout {case_timeout:g} + 60)")
    except BaseException:  # the soft time limit, a shutdown: the case goes with the task
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    lines = out.decode("utf-8", "replace").splitlines()
    if process.returncode not in (0, 1) or len(lines) != 1:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise EvtxdiagError(f"evtxdiag batch {case.path}: exit {process.returncode}, {len(lines)} line(s): "
                            + " / ".join(detail))
    return lines[0]


def evtxdiag_version(evtxdiag):
    """`evtxdiag --version` (a stored result is only valid for the version that made it)."""
    try:
        done = subprocess.run([evtxdiag, "--version"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise EvtxdiagError(f"cannot run {evtxdiag} --version: {e}") from None
    if done.returncode != 0:
        raise EvtxdiagError(f"{evtxdiag} --version: exit {done.returncode}")
    return done.stdout.decode("utf-8", "replace").strip()
