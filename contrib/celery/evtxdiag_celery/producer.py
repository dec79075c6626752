"""The producer: streams cases into the queue, collects their lines as they come back, and
reduces them with `evtxdiag summarize` into the JSONL and summary `evtxdiag batch` would give.

Cases come from corpus folders and archives (listed by `evtxdiag batch --list-cases`, so the
case rules are batch's own), list files (one URI per line), or listings (the JSON lines of
`batch --list-cases`). Each case is sent once, as soon as fewer than `window` cases are in
flight; its line is appended to OUT.partial as it arrives. When something stops the run (Redis
gone, no reply for `idle_timeout` seconds, a case that fails on the worker) the producer names
the cases not done and exits 4, keeping OUT.partial; the same command run again keeps the lines
there and sends only the cases still missing, so no case is run, or written, twice.
"""
import json
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

import redis
from celery import Celery
from kombu.exceptions import OperationalError

from .fetch import FetchError, case_name
from .store import reply_key

EXIT_USAGE = 2
EXIT_INCOMPLETE = 4
SHOWN_NOT_DONE = 50


class UsageError(Exception):
    pass


@dataclass(frozen=True)
class Case:
    uri: str
    as_case: str
    name: str


def _safe_name(uri):
    try:
        return case_name(uri)
    except FetchError:
        return uri


def cases_of_corpora(evtxdiag, corpora):
    if not corpora:
        return
    done = subprocess.run([evtxdiag, "batch", "--list-cases", *corpora], capture_output=True)
    if done.returncode != 0:
        raise UsageError(done.stderr.decode("utf-8", "replace").strip() or f"evtxdiag batch --list-cases: exit {done.returncode}")
    for line in done.stdout.decode("utf-8", "surrogateescape").splitlines():
        listed = json.loads(line)
        yield Case(listed["case"], listed["as_case"], listed["case"])


def _lines(path):
    with (sys.stdin if path == "-" else open(path, encoding="utf-8")) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith("#"):
                yield number, line


def cases_of_list(path):
    for _, uri in _lines(path):
        yield Case(uri, "tree", _safe_name(uri))


def cases_of_listing(path):
    for number, line in _lines(path):
        try:
            listed = json.loads(line)
            yield Case(listed["case"], listed.get("as_case", "tree"), _safe_name(listed["case"]))
        except (ValueError, KeyError, TypeError):
            raise UsageError(f"{path}:{number}: not a line of 'evtxdiag batch --list-cases'") from None


def unique(cases):
    """Each case once; two URIs that would give lines of the same name are refused."""
    uri_of = {}
    for case in cases:
        seen = uri_of.get(case.name)
        if seen is None:
            uri_of[case.name] = case.uri
            yield case
        elif seen != case.uri:
            raise UsageError(f"{seen} and {case.uri} are both named '{case.name}' in results: give one of them")


def load_partial(path):
    """The lines of an earlier run of the same command, by case name (a torn last line is dropped)."""
    lines = {}
    if not os.path.exists(path):
        return lines
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            try:
                name = json.loads(line)["case"]
            except (ValueError, KeyError, TypeError):
                continue
            lines.setdefault(name, line.rstrip("\n"))
    return lines


def _write_lines(path, lines):
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8", errors="surrogateescape") as f:
        for line in lines:
            f.write(line + "\n")
    os.replace(temporary, path)


def check_output(out, corpora, force):
    """Never into a folder the run reads (the rule of evtxdiag's outputs), unless --force."""
    where = os.path.realpath(os.path.dirname(os.path.abspath(out)))
    if not os.path.isdir(where):
        raise UsageError(f"{out}: folder {os.path.dirname(os.path.abspath(out))} does not exist")
    for corpus in corpora:
        real = os.path.realpath(corpus)
        if os.path.isdir(real) and os.path.commonpath([where, real]) == real and not force:
            raise UsageError(f"{out}: inside the corpus folder {corpus} the run reads; write it elsewhere "
                             "(or --force)")


@dataclass
class Tally:
    submitted: int = 0
    ran: int = 0
    from_store: int = 0
    resumed: int = 0
    stray_replies: int = 0


class Producer:
    def __init__(self, settings, options, window=500, idle_timeout=None, log=sys.stderr):
        self.settings = settings
        self.options = list(options)
        self.window = max(1, window)
        retry_wait = sum(settings.fetch_retry_delay * 2 ** i for i in range(settings.fetch_retries))
        self.idle_timeout = idle_timeout or settings.hard_time_limit + retry_wait + 60
        self.log = log
        self.client = redis.Redis.from_url(settings.result_url, socket_connect_timeout=10, socket_timeout=30)
        self.app = Celery("evtxdiag_celery_producer", broker=settings.broker_url)
        self.app.conf.update(task_serializer="json", accept_content=["json"], broker_connection_max_retries=3,
                             broker_connection_timeout=10)

    def run(self, cases, partial_path):
        """Sends `cases`, appends their lines to partial_path; returns (tally, not_done) with
        not_done a dict name -> reason (empty when every case came back)."""
        earlier = load_partial(partial_path)
        _write_lines(partial_path, earlier.values())  # without torn lines and repeats
        reply_to = reply_key(uuid.uuid4().hex)
        cwd = os.getcwd()
        tally = Tally()
        pending = {}        # uri -> Case
        not_done = {}       # name -> reason
        names = set()
        cases = iter(cases)
        last_news = time.monotonic()  # of the last case sent or come back

        def receive(payload, partial):
            case = pending.pop(payload.get("uri"), None)
            if case is None:  # a redelivered task that had already answered
                tally.stray_replies += 1
                return
            if "line" not in payload:
                not_done[case.name] = f"failed on the worker: {payload.get('error')}"
                return
            partial.write(payload["line"] + "\n")
            partial.flush()
            tally.from_store += bool(payload.get("from_store"))
            tally.ran += not payload.get("from_store")

        def collect(partial, block):
            """Takes the replies there are; with `block`, waits for at least one."""
            nonlocal last_news
            while pending:
                if block:
                    item = self.client.blpop(reply_to, timeout=1)
                    item = item[1] if item else None
                else:
                    item = self.client.lpop(reply_to)
                if item is None:
                    if not block:
                        return
                    if time.monotonic() - last_news > self.idle_timeout:
                        raise TimeoutError(f"no case came back for {self.idle_timeout:g} s (--idle-timeout)")
                    continue
                last_news = time.monotonic()
                receive(json.loads(item), partial)
                block = False

        with open(partial_path, "a", encoding="utf-8", errors="surrogateescape") as partial:
            try:
                for case in cases:
                    names.add(case.name)
                    if case.name in earlier:
                        tally.resumed += 1
                        continue
                    while len(pending) >= self.window:
                        collect(partial, block=True)
                    self.app.send_task("evtxdiag.diagnose_case", queue=self.settings.queue,
                                       kwargs={"uri": case.uri, "as_case": case.as_case, "cwd": cwd,
                                               "options": self.options, "reply_to": reply_to})
                    pending[case.uri] = case
                    tally.submitted += 1
                    last_news = time.monotonic()
                    collect(partial, block=False)
                while pending:
                    collect(partial, block=True)
            except (redis.exceptions.RedisError, OperationalError, TimeoutError, OSError) as e:
                reason = f"{type(e).__name__}: {e}"
                for case in pending.values():
                    not_done[case.name] = reason
                for case in cases:  # never sent
                    if case.name not in earlier:
                        not_done[case.name] = reason
        if not not_done and set(earlier) - names:  # lines of cases no longer asked for
            kept = [line for name, line in load_partial(partial_path).items() if name in names]
            _write_lines(partial_path, kept)
        return tally, not_done

    def report_not_done(self, not_done, partial_path):
        print(f"evtxdiag-celery: {len(not_done)} case(s) not done; their lines are missing from {partial_path}. "
              "Run the same command again to do only those:", file=self.log)
        for name, reason in sorted(not_done.items())[:SHOWN_NOT_DONE]:
            print(f"  {name}: {reason}", file=self.log)
        if len(not_done) > SHOWN_NOT_DONE:
            print(f"  ... and {len(not_done) - SHOWN_NOT_DONE} more", file=self.log)


def reduce(evtxdiag, partial_path, out, fail_on, summary, elapsed, force, log=sys.stderr):
    """`evtxdiag summarize`: OUT in case order, the summary on stderr (or --summary), batch's exit code."""
    command = [evtxdiag, "summarize", partial_path, "--out", out]
    if elapsed is not None:
        command += ["--elapsed", f"{elapsed:.3f}"]
    if fail_on:
        command += ["--fail-on", fail_on]
    if summary:
        command += ["--summary", summary]
    if force:
        command += ["--force"]
    done = subprocess.run(command, capture_output=True)
    log.write(done.stdout.decode("utf-8", "replace"))
    log.write(done.stderr.decode("utf-8", "replace"))
    log.flush()
    if done.returncode in (0, 1, 3):
        os.remove(partial_path)
    return done.returncode


def submit(settings, corpora, lists, listings, out, options, fail_on=None, summary=None, window=500,
           idle_timeout=None, force=False, log=sys.stderr):
    """The whole producer: returns batch's exit code (0, 1, 3), 2 for usage, 4 when incomplete."""
    started = time.monotonic()
    try:
        check_output(out, corpora, force)
        sources = [cases_of_corpora(settings.evtxdiag, corpora)]
        sources += [cases_of_list(p) for p in lists] + [cases_of_listing(p) for p in listings]
        producer = Producer(settings, options, window, idle_timeout, log)
        partial_path = out + ".partial"
        tally, not_done = producer.run(unique(c for source in sources for c in source), partial_path)
    except (UsageError, OSError) as e:
        print(f"evtxdiag-celery: {e}", file=log)
        return EXIT_USAGE
    print(f"evtxdiag-celery: {tally.submitted} case(s) sent ({tally.ran} run, {tally.from_store} from the store), "
          f"{tally.resumed} kept from {partial_path}", file=log)
    if not_done:
        producer.report_not_done(not_done, partial_path)
        return EXIT_INCOMPLETE
    if tally.submitted + tally.resumed == 0:
        print("evtxdiag-celery: no case found", file=log)
        return EXIT_USAGE
    elapsed = None if "--no-timings" in options else time.monotonic() - started
    return reduce(settings.evtxdiag, partial_path, out, fail_on, summary, elapsed, force, log)
