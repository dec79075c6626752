"""evtxdiag_celery: `evtxdiag batch` on Celery + Redis, one case per task.

    celery -A evtxdiag_celery.app worker --concurrency 2        # on every worker machine
    python3 -m evtxdiag_celery submit /srv/cases --out results.jsonl   # the producer + reducer
    python3 -m evtxdiag_celery local /srv/cases results.jsonl          # all of it on loopback

Modules: settings (environment), fetch (a case URI -> a local path), case_hash (the SHA-256 a
result is stored under), run_case (one `evtxdiag batch` subprocess), store (results in Redis),
app + tasks (the Celery task diagnose_case), producer (streams cases, collects and reduces),
local (scripts/distributed-local), openrelik (an OpenRelik-compatible worker task).
Only app, tasks, store, producer and local need Celery/Redis; the others are plain Python.
"""
