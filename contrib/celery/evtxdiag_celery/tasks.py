"""The task diagnose_case(uri): one case, fetched, diagnosed by `evtxdiag batch`, stored."""
import redis
from celery.exceptions import SoftTimeLimitExceeded

from .app import SETTINGS, app
from .case_hash import case_sha256
from .fetch import FetchError, case_name, fetched
from .run_case import EvtxdiagError, check_options, evtxdiag_version, failure_line, kind_of, run_batch_case
from .store import ResultStore, result_key, send_reply

_client = None
_version = None


def _redis():
    global _client
    if _client is None:
        _client = redis.Redis.from_url(SETTINGS.result_url, socket_connect_timeout=10, socket_timeout=60)
    return _client


def safe_case_name(uri):
    """case_name(), or the URI itself when it is not one evtxdiag can fetch (the line says why)."""
    try:
        return case_name(uri)
    except FetchError:
        return uri


def diagnose_fetched(uri, as_case, cwd, options, settings, store, version):
    """The task's work without Celery: {"uri", "case", "sha256", "line", "from_store"}.
    Raises FetchError, EvtxdiagError."""
    with fetched(uri, cwd, settings) as case:
        sha = case_sha256(case.path if case.cwd is None else f"{case.cwd}/{case.path}", as_case)
        key = result_key(sha, case.name, as_case, options, version)
        line = store.get(key)
        from_store = line is not None
        if not from_store:
            line = run_batch_case(settings.evtxdiag, case, as_case, options, settings.case_timeout)
            store.put(key, line)
        return {"uri": uri, "case": case.name, "sha256": sha, "line": line, "from_store": from_store}


@app.task(bind=True, name="evtxdiag.diagnose_case", max_retries=None)
def diagnose_case(self, uri, as_case="tree", cwd=None, options=(), reply_to=None):
    """The JSON line `evtxdiag batch` prints for the case at `uri` (a path, file://, http(s)://
    or s3:// URI; `as_case` 'tree' or 'top-level' for directories; `cwd` resolves a relative
    path), stored under the case's SHA-256 and returned from the store when the same case was
    done before. Retried only when fetching fails transiently; a case that cannot be fetched
    gets a 'broken' line. The outcome is also pushed to the Redis list `reply_to`."""
    global _version
    name = safe_case_name(uri)
    try:
        options = check_options(options)
        if as_case not in ("tree", "top-level"):
            raise ValueError(f"as_case {as_case!r} is neither 'tree' nor 'top-level'")
        if _version is None:
            _version = evtxdiag_version(SETTINGS.evtxdiag)
        store = ResultStore(_redis(), SETTINGS.store_ttl)
        result = diagnose_fetched(uri, as_case, cwd, options, SETTINGS, store, _version)
    except FetchError as e:
        if e.transient and self.request.retries < SETTINGS.fetch_retries:
            raise self.retry(exc=e, countdown=SETTINGS.fetch_retry_delay * 2 ** self.request.retries)
        tries = f" (after {self.request.retries + 1} tries)" if e.transient else ""
        line = failure_line(name, kind_of(name, False), "broken", f"cannot fetch the case: {e}{tries}")
        result = {"uri": uri, "case": name, "sha256": None, "line": line, "from_store": False}
    except SoftTimeLimitExceeded:
        line = failure_line(name, kind_of(name, False), "timeout",
                            f"cut off after {SETTINGS.soft_time_limit:g} s (the task's soft time limit)")
        result = {"uri": uri, "case": name, "sha256": None, "line": line, "from_store": False}
    except (EvtxdiagError, ValueError) as e:
        send_reply(_redis(), reply_to, {"uri": uri, "case": name, "error": str(e)})
        raise
    send_reply(_redis(), reply_to, result)
    return result
