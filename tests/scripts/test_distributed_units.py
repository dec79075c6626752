#!/usr/bin/env python3
"""contrib/celery's parts that need neither Celery nor Redis, on loopback only: fetching cases
(paths, file://, http(s) with its size limit, timeouts and redirects, s3:// without boto3 and
through a stand-in boto3), the case's SHA-256, the lines of cases that never reached evtxdiag
(read back by `evtxdiag summarize`), archive names as batch knows them, the options a task may
carry, the result store's keys, the OpenRelik task (without OpenRelik, and with stand-ins of its
helpers), and that `cmake --install` installs the package when Celery is present."""
# ctest-labels: nosan
import base64
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import types
import zipfile

SOURCE = os.environ["EVTXDIAG_SOURCE_DIR"]
EVTXDIAG = os.environ["EVTXDIAG"]
sys.path.insert(0, os.path.join(SOURCE, "contrib", "celery"))
from skip import skip_part  # noqa: E402  (tests/support, PYTHONPATH)
from evtxdiag_celery import case_hash, fetch, openrelik, run_case, settings, store  # noqa: E402

errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


def raises(call, kind=fetch.FetchError):
    try:
        call()
    except kind as e:
        return e
    return None


def make_settings(**changes):
    base = settings.load()
    values = {**base.__dict__, "fetch_timeout": 1.0, "fetch_deadline": 5.0, "fetch_max_bytes": 10_000,
              "evtxdiag": EVTXDIAG, "case_timeout": 120.0}
    values.update(changes)
    return settings.Settings(**values)


def synth(scenario, out):
    done = subprocess.run([EVTXDIAG, "synth", os.path.join(SOURCE, "testdata", "scenarios", scenario), "--out", out],
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr


# --- a loopback HTTP server with the behaviours a fetch must survive
class Handler(http.server.BaseHTTPRequestHandler):
    payload = b""
    hits = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        if self.path.startswith("/ok/"):
            self.send_response(200)
            self.send_header("Content-Length", str(len(self.payload)))
            self.end_headers()
            self.wfile.write(self.payload)
        elif self.path == "/big":  # declared too big
            self.send_response(200)
            self.send_header("Content-Length", "999999999")
            self.end_headers()
        elif self.path == "/endless":  # no length, more than the limit
            self.send_response(200)
            self.end_headers()
            for _ in range(20):
                self.wfile.write(b"x" * 1000)
        elif self.path == "/stall":  # nothing for longer than the idle timeout
            time.sleep(3)
            self.send_response(200)
            self.end_headers()
        elif self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/ok/moved.zip")
            self.end_headers()
        else:
            code = int(self.path.strip("/")) if self.path.strip("/").isdigit() else 404
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()


def test_names():
    name = fetch.case_name
    check(name("cases/c01") == "cases/c01", "a path is its own name")
    check(name("file:///srv/cases/a%20b.zip") == "/srv/cases/a b.zip", "file:// decoded")
    check(name("https://user:secret@host.example:8443/x/y.zip?X-Amz-Signature=abc") == "host.example:8443/x/y.zip",
          f"no credentials or query in a name: {name('https://user:secret@host.example:8443/x/y.zip?sig=1')}")
    check(name("s3://bucket/dir/case.7z") == "bucket/dir/case.7z", "s3 name")
    for bad in ("ftp://host/x.zip", "https://host/", "https://host/a/../b.zip", "s3://bucket", "file://otherhost/x",
                "https://host/a/%2e%2e/b.zip"):
        e = raises(lambda: name(bad))
        check(e is not None and not e.transient, f"{bad}: refused for good")


def test_local(tmp):
    s = make_settings()
    os.makedirs(os.path.join(tmp, "cases", "c1"))
    with fetch.fetched("cases/c1", tmp, s) as case:
        check(case.path == "cases/c1" and case.cwd == tmp and case.name == "cases/c1", f"relative path: {case}")
    with fetch.fetched("file://" + os.path.join(tmp, "cases", "c1"), None, s) as case:
        check(case.cwd is None and case.path == os.path.join(tmp, "cases", "c1"), f"file://: {case}")
    e = raises(lambda: fetch.fetched("cases/nope", tmp, s).__enter__())
    check(e and not e.transient and "no such file" in str(e), f"missing local case: {e}")
    e = raises(lambda: fetch.fetched("cases/c1", os.path.join(tmp, "gone"), s).__enter__())
    check(e and "does not exist on this worker" in str(e), f"producer's folder missing: {e}")
    fenced = make_settings(case_roots=(os.path.join(tmp, "cases"),))
    with fetch.fetched(os.path.join(tmp, "cases", "c1"), None, fenced):
        pass
    e = raises(lambda: fetch.fetched("/etc", None, fenced).__enter__())
    check(e and "EVTXDIAG_CASE_ROOTS" in str(e), f"outside the case roots: {e}")


def test_http(tmp):
    Handler.payload = b"PK-not-really-a-zip" * 10
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    s = make_settings(work_dir=tmp)
    try:
        with fetch.fetched(base + "/ok/bundles/case%201.zip?token=secret", None, s) as case:
            check(case.name == f"127.0.0.1:{server.server_address[1]}/ok/bundles/case 1.zip", f"http name {case.name}")
            with open(os.path.join(case.cwd, case.path), "rb") as f:
                check(f.read() == Handler.payload, "downloaded bytes")
            download_dir = case.cwd
        check(not os.path.exists(download_dir), "the download is removed after the case")
        with fetch.fetched(base + "/redirect", None, s) as case:
            check(open(os.path.join(case.cwd, case.path), "rb").read() == Handler.payload, "http redirect followed")
        expectations = {"/big": (False, "EVTXDIAG_FETCH_MAX_BYTES"), "/endless": (False, "EVTXDIAG_FETCH_MAX_BYTES"),
                        "/stall": (True, "timed out"), "/404": (False, "HTTP 404"), "/503": (True, "HTTP 503"),
                        "/429": (True, "HTTP 429"), "/to-file": (False, "refused")}
        for path, (transient, words) in expectations.items():
            e = raises(lambda: fetch.fetched(base + path, None, s).__enter__())
            check(e is not None and e.transient == transient and words in str(e),
                  f"{path}: {e!r} transient={getattr(e, 'transient', None)}, want {transient} and {words!r}")
        check(os.listdir(tmp) == [], f"failed downloads leave nothing: {os.listdir(tmp)}")
        slow = make_settings(work_dir=tmp, fetch_deadline=0.0)
        e = raises(lambda: fetch.fetched(base + "/ok/x.zip", None, slow).__enter__())
        check(e and e.transient and "EVTXDIAG_FETCH_DEADLINE" in str(e), f"deadline: {e}")
        closed = make_settings(work_dir=tmp)
        port = server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
    e = raises(lambda: fetch.fetched(f"http://127.0.0.1:{port}/ok/x.zip", None, closed).__enter__())
    check(e and e.transient, f"connection refused is transient: {e!r}")


def test_s3(tmp):
    s = make_settings(work_dir=tmp)
    saved = {k: sys.modules.get(k) for k in ("boto3", "botocore", "botocore.config", "botocore.exceptions")}
    try:
        sys.modules["boto3"] = None  # import boto3 -> ImportError, as on a worker without it
        e = raises(lambda: fetch.fetched("s3://bucket/case.zip", None, s).__enter__())
        check(e and not e.transient and "python3-boto3" in str(e), f"s3 without boto3: {e}")
        # A stand-in boto3: the calls fetch makes, the errors it tells apart.
        calls = []

        class ClientError(Exception):
            def __init__(self, status, code):
                super().__init__(code)
                self.response = {"ResponseMetadata": {"HTTPStatusCode": status}, "Error": {"Code": code}}

        class BotoCoreError(Exception):
            pass

        class Body:
            def __init__(self, data):
                self.data = data

            def read(self, n):
                chunk, self.data = self.data[:n], self.data[n:]
                return chunk

        objects = {"ok.zip": b"zipbytes", "huge.zip": b"x" * 20_000}

        class Client:
            def get_object(self, Bucket, Key):
                calls.append((Bucket, Key))
                if Key == "missing.zip":
                    raise ClientError(404, "NoSuchKey")
                if Key == "busy.zip":
                    raise ClientError(503, "SlowDown")
                if Key == "net.zip":
                    raise BotoCoreError("endpoint unreachable")
                data = objects[Key]
                return {"ContentLength": len(data) if Key != "huge.zip" else 1, "Body": Body(data)}

        sys.modules["boto3"] = types.SimpleNamespace(client=lambda service, config=None: Client())
        sys.modules["botocore"] = types.ModuleType("botocore")
        sys.modules["botocore.config"] = types.SimpleNamespace(Config=lambda **kw: kw)
        sys.modules["botocore.exceptions"] = types.SimpleNamespace(ClientError=ClientError, BotoCoreError=BotoCoreError)
        with fetch.fetched("s3://bucket/ok.zip", None, s) as case:
            check(case.name == "bucket/ok.zip" and open(os.path.join(case.cwd, case.path), "rb").read() == b"zipbytes",
                  f"s3 download: {case}")
        check(calls == [("bucket", "ok.zip")], f"s3 calls {calls}")
        for key, transient, words in (("missing.zip", False, "NoSuchKey"), ("busy.zip", True, "SlowDown"),
                                      ("net.zip", True, "unreachable"), ("huge.zip", False, "MAX_BYTES")):
            e = raises(lambda: fetch.fetched(f"s3://bucket/{key}", None, s).__enter__())
            check(e is not None and e.transient == transient and words in str(e), f"s3 {key}: {e!r}")
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v


def test_case_hash(tmp):
    root = os.path.join(tmp, "hash")
    os.makedirs(os.path.join(root, "sub", "LocaleMetaData"))
    os.makedirs(os.path.join(root, "LocaleMetaData"))
    files = {"System.evtx": b"sys", "sub/App.evtx": b"app", "LocaleMetaData/System_1041.MTA": b"mta",
             "notes.txt": b"n"}
    for rel, data in files.items():
        with open(os.path.join(root, rel), "wb") as f:
            f.write(data)
    single = os.path.join(root, "System.evtx")
    check(case_hash.case_sha256(single) == hashlib.sha256(b"sys").hexdigest(), "a file case: sha256sum of it")
    tree, top = case_hash.case_sha256(root, "tree"), case_hash.case_sha256(root, "top-level")
    check(tree != top, "tree and top-level cases differ")
    os.symlink("/etc/passwd", os.path.join(root, "link.evtx"))
    check(case_hash.case_sha256(root, "tree") == tree, "symbolic links are not followed")
    with open(os.path.join(root, "sub", "App.evtx"), "wb") as f:
        f.write(b"APP")
    check(case_hash.case_sha256(root, "tree") != tree, "a nested file's content is in a tree case's hash")
    check(case_hash.case_sha256(root, "top-level") == top, "...not in a top-level case's")
    with open(os.path.join(root, "LocaleMetaData", "System_1041.MTA"), "wb") as f:
        f.write(b"MTA")
    check(case_hash.case_sha256(root, "top-level") != top, "LocaleMetaData beside loose logs is in their hash")
    copy = os.path.join(tmp, "hash-copy")
    shutil.copytree(root, copy, symlinks=True)
    check(case_hash.case_sha256(copy, "tree") == case_hash.case_sha256(root, "tree"), "the same bytes elsewhere: same hash")
    os.rename(os.path.join(copy, "notes.txt"), os.path.join(copy, "notes2.txt"))
    check(case_hash.case_sha256(copy, "tree") != case_hash.case_sha256(root, "tree"), "a rename changes the hash")


def test_lines_and_options(tmp):
    # Lines for cases evtxdiag never saw are read by the reducer like batch's own.
    lines = [run_case.failure_line("host/a.zip", "archive", "broken", "cannot fetch the case: HTTP 404"),
             run_case.failure_line("host/b.evtx", "file", "timeout", "cut off")]
    path = os.path.join(tmp, "failures.jsonl")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    done = subprocess.run([EVTXDIAG, "summarize", path], capture_output=True, timeout=60)
    out = done.stdout.decode()
    check(done.returncode == 1 and "broken 1, timeout 1" in out and "host/a.zip: broken: cannot fetch" in out,
          f"failure lines through summarize: {done.returncode} {out} {done.stderr}")
    # Archive names: run_case's list against batch's own (--list-cases of files named so).
    names = ["a.zip", "b.7z", "c.tar", "d.TGZ", "e.tar.gz", "f.tar.xz", "g.txz", "h.tar.bz2", "i.tbz2", "j.tar.zst",
             "k.evtx", "l.gz", "m.zipx", "n.tar.lz"]
    folder = os.path.join(tmp, "names")
    os.makedirs(folder)
    for n in names:
        open(os.path.join(folder, n), "wb").close()
    done = subprocess.run([EVTXDIAG, "batch", "--list-cases", *[os.path.join(folder, n) for n in names]],
                          capture_output=True, timeout=60)
    kinds = {os.path.basename(json.loads(l)["case"]): json.loads(l)["kind"] for l in done.stdout.decode().splitlines()}
    for n in names:
        check(run_case.kind_of(n, False) == kinds.get(n), f"{n}: kind {run_case.kind_of(n, False)} != batch's {kinds.get(n)}")
    # Options a task may carry.
    check(run_case.check_options(["--tz", "UTC", "--no-timings", "--lang", "ja"]) == ["--tz", "UTC", "--no-timings",
                                                                                     "--lang", "ja"], "allowed options")
    for bad in (["--out", "/etc/passwd"], ["--summary", "x"], ["--force"], ["--tz"], ["-j", "8"]):
        check(raises(lambda: run_case.check_options(bad), ValueError) is not None, f"{bad} refused in a task")
    # One case through the subprocess == batch's line; a missing evtxdiag is the worker's problem.
    case_dir = os.path.join(tmp, "one", "case")
    synth("seed-004-hyperv-spp-timeout.yaml", case_dir)
    expected = subprocess.run([EVTXDIAG, "batch", os.path.join(tmp, "one"), "--no-timings"], capture_output=True,
                              timeout=120).stdout.decode().strip()
    local = fetch.LocalCase(path="one/case", cwd=tmp, name="one/case")
    got = run_case.run_batch_case(EVTXDIAG, local, "tree", ["--no-timings"], 120)
    check(got == expected.replace(os.path.join(tmp, "one/case"), "one/case"), f"one case: {got[:200]} / {expected[:200]}")
    check(raises(lambda: run_case.run_batch_case("/nonexistent/evtxdiag", local, "tree", [], 10),
                 run_case.EvtxdiagError) is not None, "a missing evtxdiag raises EvtxdiagError")
    # The store: keys depend on what decides the line; timeouts are not kept.
    key = store.result_key("ab" * 32, "one/case", "tree", ["--no-timings"], "evtxdiag 1")
    check(key.startswith("evtxdiag:result:" + "ab" * 32 + ":"), f"key {key}")
    for other in (store.result_key("ab" * 32, "two/case", "tree", ["--no-timings"], "evtxdiag 1"),
                  store.result_key("ab" * 32, "one/case", "top-level", ["--no-timings"], "evtxdiag 1"),
                  store.result_key("ab" * 32, "one/case", "tree", [], "evtxdiag 1"),
                  store.result_key("ab" * 32, "one/case", "tree", ["--no-timings"], "evtxdiag 2")):
        check(other != key, f"{other} should differ from {key}")

    class FakeRedis(dict):
        def set(self, k, v, ex=None):
            self[k] = v

    kept = store.ResultStore(FakeRedis(), 0)
    check(kept.put("k1", got) and kept.get("k1") == got, "a diagnosed line is kept")
    check(not kept.put("k2", lines[1]) and kept.get("k2") is None, "a timeout line is not kept")


def openrelik_inputs(tmp):
    """Inputs as OpenRelik hands them over: files named by UUID, with display names."""
    logs = os.path.join(tmp, "or-logs")
    synth("seed-004-hyperv-spp-timeout.yaml", logs)
    storage = os.path.join(tmp, "or-storage")
    os.makedirs(storage)
    inputs = []
    for i, name in enumerate(sorted(os.listdir(logs))):
        path = os.path.join(storage, f"{i:032x}.evtx")
        shutil.copyfile(os.path.join(logs, name), path)
        inputs.append({"id": i, "uuid": f"{i:032x}", "display_name": name, "path": path})
    bundle = os.path.join(storage, "ffff.zip")
    with zipfile.ZipFile(bundle, "w") as z:
        for name in sorted(os.listdir(logs)):
            z.write(os.path.join(logs, name), name)
    inputs.append({"id": 99, "uuid": "ffff", "display_name": "server2.zip", "path": bundle})
    inputs.append({"id": 100, "uuid": "eeee", "display_name": "notes.txt", "path": bundle})  # not compatible
    return inputs


def test_openrelik(tmp):
    inputs = openrelik_inputs(tmp)
    out = os.path.join(tmp, "or-out")
    os.makedirs(out)
    encoded = openrelik.diagnose_inputs(input_files=inputs, output_path=out, workflow_id="wf-1",
                                        task_config={"tz": "UTC"}, evtxdiag=EVTXDIAG, case_timeout=120)
    result = json.loads(base64.b64decode(encoded))
    check(sorted(result) == sorted(["output_files", "workflow_id", "task_files", "command", "meta", "file_reports",
                                    "task_report"]), f"OpenRelik result keys: {sorted(result)}")
    check(result["workflow_id"] == "wf-1" and result["meta"]["cases"] == 2, f"result: {result['meta']}")
    (output,) = result["output_files"]
    check(sorted(output) == sorted(["uuid", "display_name", "extension", "data_type", "path", "original_path",
                                    "source_file_id"]), f"output file keys {sorted(output)}")
    check(output["path"] == os.path.join(out, output["uuid"] + ".jsonl") and output["data_type"] == openrelik.OUTPUT_DATA_TYPE,
          f"output file {output}")
    lines = [json.loads(l) for l in open(output["path"], encoding="utf-8")]
    check([l["case"] for l in lines] == ["event-logs", "server2.zip"] and all(l["status"] == "ok" for l in lines),
          f"cases {[(l['case'], l['status']) for l in lines]}")
    report = result["task_report"]
    check(sorted(report) == ["content", "priority", "summary", "title"] and report["priority"] == 40
          and "wsb-" in report["content"] and "2 case(s)" in report["summary"], f"task report {report}")
    check(sorted(os.listdir(out)) == [output["uuid"] + ".jsonl"], f"nothing else left in output_path: {os.listdir(out)}")
    check("--tz UTC" in result["command"], "task_config reaches the command")
    # Inputs from the previous task of the pipeline; nothing compatible.
    pipe = base64.b64encode(json.dumps({"output_files": inputs[:1]}).encode()).decode()
    piped = json.loads(base64.b64decode(openrelik.diagnose_inputs(pipe_result=pipe, input_files=inputs, output_path=out,
                                                                  workflow_id="wf-2", evtxdiag=EVTXDIAG)))
    check(piped["meta"]["cases"] == 1, f"pipe_result's files are the inputs: {piped['meta']}")
    empty = json.loads(base64.b64decode(openrelik.diagnose_inputs(input_files=inputs[-1:], output_path=out,
                                                                  workflow_id="wf-3", evtxdiag=EVTXDIAG)))
    check(empty["output_files"] == [] and "no .evtx" in empty["task_report"]["summary"], f"no input: {empty}")
    # With openrelik-worker-common present, its helpers make the result (stand-ins record the calls).
    used = []
    common = types.ModuleType("openrelik_worker_common")
    task_utils = types.ModuleType("openrelik_worker_common.task_utils")
    file_utils = types.ModuleType("openrelik_worker_common.file_utils")

    def their_get_input_files(pipe_result, input_files, filter=None):  # noqa: A002
        used.append("get_input_files")
        return [f for f in input_files if f["display_name"].endswith(".evtx")]

    class TheirOutputFile:
        def __init__(self, path):
            self.path = path

        def to_dict(self):
            return {"uuid": "u", "display_name": "evtxdiag-batch.jsonl", "extension": ".jsonl",
                    "data_type": openrelik.OUTPUT_DATA_TYPE, "path": self.path, "original_path": None,
                    "source_file_id": None}

    def their_create_output_file(output_base_path, display_name=None, data_type=None, **_):
        used.append("create_output_file")
        return TheirOutputFile(os.path.join(output_base_path, "theirs.jsonl"))

    def their_create_task_result(**kwargs):
        used.append("create_task_result")
        return "THEIRS:" + json.dumps(kwargs["meta"])

    task_utils.get_input_files, task_utils.create_task_result = their_get_input_files, their_create_task_result
    file_utils.create_output_file = their_create_output_file
    sys.modules.update({"openrelik_worker_common": common, "openrelik_worker_common.task_utils": task_utils,
                        "openrelik_worker_common.file_utils": file_utils})
    try:
        theirs = openrelik.diagnose_inputs(input_files=inputs, output_path=out, workflow_id="wf-4", evtxdiag=EVTXDIAG)
    finally:
        for name in ("openrelik_worker_common", "openrelik_worker_common.task_utils", "openrelik_worker_common.file_utils"):
            sys.modules.pop(name)
    check(theirs.startswith("THEIRS:") and used == ["get_input_files", "create_output_file", "create_task_result"],
          f"OpenRelik's helpers used when present: {used} {theirs[:60]}")
    check(os.path.exists(os.path.join(out, "theirs.jsonl")), "the output file their helper named is written")


def test_install(tmp):
    try:
        import celery  # noqa: F401
        import redis  # noqa: F401
    except ImportError as e:
        skip_part(f"python:{e.name}", "Celery or redis-py absent: cmake --install leaves evtxdiag_celery out")
        return
    prefix = os.path.join(tmp, "prefix")
    done = subprocess.run(["cmake", "--install", os.environ["EVTXDIAG_BUILD_DIR"], "--prefix", prefix],
                          capture_output=True, timeout=300)
    found = [d for d, _, files in os.walk(prefix) if d.endswith("evtxdiag_celery") and "tasks.py" in files]
    check(done.returncode == 0 and found, f"cmake --install puts evtxdiag_celery under the prefix: {done.stderr[-300:]}")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for test in (test_names, test_local, test_http, test_s3, test_case_hash, test_lines_and_options,
                     test_openrelik, test_install):
            area = os.path.join(tmp, test.__name__)
            os.makedirs(area)
            before = len(errors)
            test() if test is test_names else test(area)
            print(f"{test.__name__}: {'ok' if len(errors) == before else 'FAILED'}")
    if errors:
        print("\n".join(errors))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
