"""Worker and producer settings, from the environment (the same on every machine of a run)."""
import os
from dataclasses import dataclass


def _number(name, default, kind=float):
    text = os.environ.get(name, "")
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        raise ValueError(f"{name}={text!r} is not a number") from None
    if value < 0:
        raise ValueError(f"{name}={text!r} is negative")
    return value


@dataclass(frozen=True)
class Settings:
    broker_url: str            # EVTXDIAG_BROKER_URL (or REDIS_URL): Redis for the queue
    result_url: str            # EVTXDIAG_RESULT_URL: Redis for results and replies (default: the broker)
    queue: str                 # EVTXDIAG_QUEUE: queue name
    evtxdiag: str              # EVTXDIAG_BIN (or EVTXDIAG): the evtxdiag command
    case_timeout: float        # EVTXDIAG_CASE_TIMEOUT: seconds for one case (batch --case-timeout)
    fetch_max_bytes: int       # EVTXDIAG_FETCH_MAX_BYTES: larger downloads are refused
    fetch_timeout: float       # EVTXDIAG_FETCH_TIMEOUT: connect and idle-read timeout, seconds
    fetch_deadline: float      # EVTXDIAG_FETCH_DEADLINE: a whole download, seconds
    fetch_retries: int         # EVTXDIAG_FETCH_RETRIES: retries of a transient fetch error
    fetch_retry_delay: float   # EVTXDIAG_FETCH_RETRY_DELAY: first retry delay, doubled each time
    case_roots: tuple          # EVTXDIAG_CASE_ROOTS: local paths must lie under one of these (':'-separated)
    work_dir: str              # EVTXDIAG_WORK_DIR: where downloads go (default: the system temp dir)
    store_ttl: int             # EVTXDIAG_STORE_TTL: seconds a stored result is kept; 0 = for ever

    @property
    def soft_time_limit(self):
        """A task's soft limit: the download, the case, and the time to start and hash."""
        return self.fetch_deadline + self.case_timeout + 60

    @property
    def hard_time_limit(self):
        return self.soft_time_limit + 30


def load():
    # REDIS_URL is what OpenRelik gives its workers.
    broker = os.environ.get("EVTXDIAG_BROKER_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    evtxdiag = os.environ.get("EVTXDIAG_BIN") or os.environ.get("EVTXDIAG") or "evtxdiag"
    if os.sep in evtxdiag:  # cases run in other folders
        evtxdiag = os.path.abspath(evtxdiag)
    roots = tuple(r for r in os.environ.get("EVTXDIAG_CASE_ROOTS", "").split(":") if r)
    return Settings(
        broker_url=broker,
        result_url=os.environ.get("EVTXDIAG_RESULT_URL", broker),
        queue=os.environ.get("EVTXDIAG_QUEUE", "evtxdiag"),
        evtxdiag=evtxdiag,
        case_timeout=_number("EVTXDIAG_CASE_TIMEOUT", 600.0),
        fetch_max_bytes=_number("EVTXDIAG_FETCH_MAX_BYTES", 2 << 30, int),
        fetch_timeout=_number("EVTXDIAG_FETCH_TIMEOUT", 30.0),
        fetch_deadline=_number("EVTXDIAG_FETCH_DEADLINE", 900.0),
        fetch_retries=_number("EVTXDIAG_FETCH_RETRIES", 3, int),
        fetch_retry_delay=_number("EVTXDIAG_FETCH_RETRY_DELAY", 10.0),
        case_roots=roots,
        work_dir=os.environ.get("EVTXDIAG_WORK_DIR", ""),
        store_ttl=_number("EVTXDIAG_STORE_TTL", 30 * 86400, int),
    )
