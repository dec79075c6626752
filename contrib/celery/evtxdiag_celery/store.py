"""Results kept in Redis under the case's SHA-256, and the replies a producer waits for.

A result's key is  evtxdiag:result:<case sha256>:<run digest>  where the run digest (16 hex)
covers what else decides the line: the case's name (the line names the case and its files),
its scope (tree/top-level), the diagnosis options and `evtxdiag --version` (the knowledge base
changes between versions). Lines with status timeout or crashed are not kept: they depend on
the machine's load, and a re-run should try again.
"""
import hashlib
import json

REPLY_TTL = 86400
NOT_KEPT = ("timeout", "crashed")


def result_key(case_sha256, name, as_case, options, version):
    run = json.dumps([name, as_case, list(options), version], ensure_ascii=False, separators=(",", ":"))
    return f"evtxdiag:result:{case_sha256}:{hashlib.sha256(run.encode()).hexdigest()[:16]}"


def reply_key(run_id):
    return f"evtxdiag:replies:{run_id}"


class ResultStore:
    def __init__(self, client, ttl):
        self.client = client
        self.ttl = ttl

    def get(self, key):
        value = self.client.get(key)
        return value.decode("utf-8") if value is not None else None

    def put(self, key, line):
        if json.loads(line).get("status") in NOT_KEPT:
            return False
        self.client.set(key, line.encode("utf-8"), ex=self.ttl or None)
        return True


def send_reply(client, reply_to, payload):
    """Pushes a task's outcome to the producer's list (replies outlive a producer for a day)."""
    if not reply_to:
        return
    pipe = client.pipeline()
    pipe.rpush(reply_to, json.dumps(payload, ensure_ascii=False))
    pipe.expire(reply_to, REPLY_TTL)
    pipe.execute()
