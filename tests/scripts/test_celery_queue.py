#!/usr/bin/env python3
"""The distributed batch through a real queue, on loopback: redis-server on 127.0.0.1 (free port,
no persistence) and one Celery worker with concurrency 2. 24 synthetic cases sent by the
producer come back as exactly the JSONL `evtxdiag batch` prints for them, with its exit code;
sent again, every line comes from the store (no case runs twice); cases fetched over http come
back named by their URL, a missing one as 'broken', and a failing server is retried (only fetch
errors are) before its case is reported broken. Skipped without Celery/Redis."""
# ctest-labels: nosan
# ctest-timeout: 300
import http.server
import io
import os
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import distributed_corpus as dc  # noqa: E402

dc.skip_without_celery()
from evtxdiag_celery import settings  # noqa: E402
from evtxdiag_celery.local import LocalCluster  # noqa: E402
from evtxdiag_celery.producer import submit  # noqa: E402

errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


class Bundles(http.server.BaseHTTPRequestHandler):
    files = {}
    hits = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.partition("?")[0]  # a presigned URL's query names nothing
        Bundles.hits[path] = Bundles.hits.get(path, 0) + 1
        data = self.files.get(path)
        code = 200 if data is not None else 503 if path.startswith("/busy") else 404
        self.send_response(code)
        self.send_header("Content-Length", str(len(data or b"")))
        self.end_headers()
        self.wfile.write(data or b"")


def produce(out, *, corpora=(), lists=()):
    log = io.StringIO()
    code = submit(settings.load(), list(corpora), list(lists), [], out, dc.OPTIONS, idle_timeout=90, log=log)
    return code, log.getvalue()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        corpus, count = dc.build_corpus(tmp)
        rc_ref, reference = dc.batch_reference(corpus, os.path.join(tmp, "reference.jsonl"))
        check(reference.count("\n") == count and rc_ref == 1, f"reference: {count} cases, exit 1 ({rc_ref})")
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Bundles)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        extra = {"EVTXDIAG_FETCH_RETRIES": "2", "EVTXDIAG_FETCH_RETRY_DELAY": "0.2", "EVTXDIAG_FETCH_TIMEOUT": "10",
                 "EVTXDIAG_CASE_TIMEOUT": "120"}
        try:
            with LocalCluster(dc.EVTXDIAG, workers=1, concurrency=2, extra_env=extra) as cluster:
                os.environ.update({k: v for k, v in cluster.env().items() if k.startswith("EVTXDIAG_")})
                out1 = os.path.join(tmp, "queue.jsonl")
                rc, log = produce(out1, corpora=[corpus])
                check(rc == rc_ref, f"exit {rc} != batch's {rc_ref}:\n{log}\n{cluster.worker_logs()}")
                check(os.path.exists(out1) and open(out1, encoding="utf-8").read() == reference,
                      "the queue's JSONL differs from batch's")
                check(f"{count} case(s) sent ({count} run, 0 from the store)" in log, f"first run:\n{log}")
                check("cases with problems:" in log and not os.path.exists(out1 + ".partial"), "summary, no partial left")
                out2 = os.path.join(tmp, "again.jsonl")
                rc, log = produce(out2, corpora=[corpus])
                check(rc == rc_ref and open(out2, encoding="utf-8").read() == reference, f"second run: {rc}\n{log}")
                check(f"{count} case(s) sent (0 run, {count} from the store)" in log, f"second run from the store:\n{log}")

                with open(os.path.join(corpus, "z-bundle.zip"), "rb") as f:
                    Bundles.files["/bundles/z-bundle.zip"] = f.read()
                base = f"http://127.0.0.1:{server.server_address[1]}"
                listing = os.path.join(tmp, "uris.txt")
                with open(listing, "w") as f:
                    f.write(f"# bundles\n{base}/bundles/z-bundle.zip?token=1\n{base}/bundles/missing.zip\n"
                            f"{base}/busy/late.zip\n")
                out3 = os.path.join(tmp, "http.jsonl")
                rc, log = produce(out3, lists=[listing])
                text = open(out3, encoding="utf-8").read() if os.path.exists(out3) else ""
                host = f"127.0.0.1:{server.server_address[1]}"
                check(rc == 1 and text.count("\n") == 3, f"http cases: exit {rc}\n{log}")
                zip_line = next((l for l in text.splitlines() if "z-bundle.zip" in l), "")
                local_line = next(l for l in reference.splitlines() if "z-bundle.zip" in l)
                local_name = os.path.join(corpus, "z-bundle.zip")
                check(zip_line == local_line.replace(local_name, f"{host}/bundles/z-bundle.zip"),
                      f"the http bundle's line is the local one under its URL's name:\n{zip_line[:300]}")
                check(f'"case":"{host}/bundles/missing.zip","kind":"archive","status":"broken"' in text
                      and "HTTP 404" in text, f"missing bundle -> broken:\n{text}")
                check("HTTP 503" in text and "after 3 tries" in text and Bundles.hits.get("/busy/late.zip") == 3,
                      f"503 retried twice then broken ({Bundles.hits}):\n{text}")
                check(Bundles.hits.get("/bundles/missing.zip") == 1, f"404 not retried: {Bundles.hits}")
        finally:
            server.shutdown()
            server.server_close()
    if errors:
        print("\n".join(errors))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
