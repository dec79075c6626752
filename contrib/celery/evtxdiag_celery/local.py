"""scripts/distributed-local: a whole distributed run on this machine, over loopback.

Starts redis-server on 127.0.0.1 (a free port, a random password, no persistence: --save ""
and appendonly no) and N Celery worker processes, runs every case of the corpus through the
queue with the producer, writes the reduced JSONL, and stops everything it started, whatever
happens (an error, Ctrl-C, SIGTERM): each child runs in a process group of its own, asked to
stop, then killed. Exits as `evtxdiag batch` does (0, 1, 2, 3), or 4 when the run stopped
before every case came back (see producer).
"""
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import redis

PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(processes, grace):
    """SIGTERM to each process group, then SIGKILL to those still there after `grace` seconds."""
    processes = [p for p in processes if p is not None]
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10)):
        alive = [p for p in processes if p.poll() is None or _group_alive(p.pid)]
        for p in alive:
            try:
                os.killpg(p.pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + wait
        while alive and time.monotonic() < deadline:
            alive = [p for p in alive if p.poll() is None or _group_alive(p.pid)]
            time.sleep(0.05)
        if not alive:
            return


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


class LocalCluster:
    """Redis + workers on loopback; use as a context manager."""

    def __init__(self, evtxdiag, workers=2, concurrency=1, queue="evtxdiag", extra_env=None, log=sys.stderr):
        self.evtxdiag = evtxdiag
        self.workers = workers
        self.concurrency = concurrency
        self.queue = queue
        self.extra_env = dict(extra_env or {})
        self.log = log
        self.dir = None
        self.redis = None
        self.worker_processes = []
        self.url = None
        self.port = None

    # --- Redis
    def _start_redis(self):
        password = secrets.token_hex(16)
        for _ in range(5):  # the free port may be taken between the probe and the bind
            self.port = free_port()
            config = os.path.join(self.dir, "redis.conf")
            with open(os.open(config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
                f.write(f'bind 127.0.0.1\nport {self.port}\nrequirepass {password}\nsave ""\nappendonly no\n'
                        f'protected-mode yes\ndaemonize no\ndir {self.dir}\nlogfile {self.dir}/redis.log\n')
            self.redis = subprocess.Popen(["redis-server", config], stdin=subprocess.DEVNULL,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            self.url = f"redis://:{password}@127.0.0.1:{self.port}/0"
            client = redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=2)
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and self.redis.poll() is None:
                try:
                    if client.ping():
                        return
                except redis.exceptions.RedisError:
                    time.sleep(0.05)
            _stop([self.redis], 2)
        raise RuntimeError(f"redis-server did not start (see {self.dir}/redis.log)")

    # --- workers
    def env(self):
        env = dict(os.environ)
        env.update(self.extra_env)
        env.update({"EVTXDIAG_BROKER_URL": self.url, "EVTXDIAG_RESULT_URL": self.url, "EVTXDIAG_BIN": self.evtxdiag,
                    "EVTXDIAG_QUEUE": self.queue,
                    "PYTHONPATH": PACKAGE_PARENT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")})
        return env

    def start_worker(self, index):
        log = open(os.path.join(self.dir, f"worker-{index}.log"), "ab")
        command = [sys.executable, "-m", "celery", "-A", "evtxdiag_celery.app", "worker",
                   "--concurrency", str(self.concurrency), "--pool", "prefork", "--hostname", f"evtxdiag{index}@%h",
                   "--queues", self.queue, "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
                   "--without-heartbeat"]
        process = subprocess.Popen(command, env=self.env(), stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                   start_new_session=True, cwd=self.dir)
        log.close()
        self.worker_processes.append(process)
        return process

    def wait_for_workers(self, timeout=60):
        """Until every worker answers a ping (so that timings do not include start-up)."""
        from celery import Celery
        probe = Celery("evtxdiag_celery_probe", broker=self.url)
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                if any(p.poll() is not None for p in self.worker_processes):
                    raise RuntimeError("a worker stopped at start-up:\n" + self.worker_logs())
                replies = probe.control.ping(timeout=1.0) or []
                if len(replies) >= len(self.worker_processes):
                    return
            raise RuntimeError(f"the workers did not answer within {timeout} s:\n" + self.worker_logs())
        finally:
            probe.close()

    def worker_logs(self, tail=20):
        text = []
        for i in range(len(self.worker_processes)):
            path = os.path.join(self.dir, f"worker-{i}.log")
            if os.path.exists(path):
                with open(path, encoding="utf-8", errors="replace") as f:
                    text += [f"worker {i}: {line.rstrip()}" for line in f.readlines()[-tail:]]
        return "\n".join(text)

    def state(self):
        return {"redis_pid": self.redis.pid, "redis_port": self.port,
                "workers": [p.pid for p in self.worker_processes], "dir": self.dir}

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="evtxdiag-distributed-")
        try:
            self._start_redis()
            for i in range(self.workers):
                self.start_worker(i)
            self.wait_for_workers()
        except BaseException:
            self.close()
            raise
        return self

    def close(self):
        _stop(self.worker_processes, 10)
        _stop([self.redis], 5)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __exit__(self, *exc):
        self.close()


def _raise_on_sigterm():
    def handler(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGHUP, handler)


def run_local(corpus, out, options, fail_on=None, summary=None, workers=2, concurrency=1, idle_timeout=None,
              force=False, state_file=None, log=sys.stderr):
    """The exit code of the whole run (see the module's documentation)."""
    from . import settings as _settings
    from .producer import EXIT_USAGE, submit
    _raise_on_sigterm()
    evtxdiag = os.environ.get("EVTXDIAG_BIN") or os.environ.get("EVTXDIAG") or shutil.which("evtxdiag")
    if not evtxdiag:
        print("distributed-local: no evtxdiag command (build it, or set EVTXDIAG=/path/to/evtxdiag)", file=log)
        return EXIT_USAGE
    if shutil.which("redis-server") is None:
        print("distributed-local: redis-server is not installed (Debian package redis-server)", file=log)
        return EXIT_USAGE
    evtxdiag = os.path.abspath(evtxdiag) if os.sep in evtxdiag else evtxdiag
    try:
        with LocalCluster(evtxdiag, workers, concurrency, log=log) as cluster:
            if state_file:
                with open(state_file, "w") as f:
                    json.dump(cluster.state(), f)
            os.environ.update({k: v for k, v in cluster.env().items() if k.startswith("EVTXDIAG_")})
            code = submit(_settings.load(), [corpus], [], [], out, options, fail_on, summary,
                          idle_timeout=idle_timeout, force=force, log=log)
            if code == 4:
                print(cluster.worker_logs(), file=log)
            return code
    except RuntimeError as e:
        print(f"distributed-local: {e}", file=log)
        return EXIT_USAGE
