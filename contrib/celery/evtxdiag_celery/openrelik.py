"""An OpenRelik worker task: evtxdiag diagnoses the event logs and log bundles of a workflow.

    REDIS_URL=redis://openrelik-redis:6379 EVTXDIAG_BIN=/usr/local/bin/evtxdiag \
      celery -A evtxdiag_celery.openrelik worker -Q openrelik-worker-evtxdiag

The task follows the contract of OpenRelik's workers (openrelik-worker-common): it is
registered as  openrelik-worker-evtxdiag.tasks.diagnose  with TASK_METADATA (display name,
description, task_config fields), is called as
    diagnose(self, pipe_result=None, input_files=None, output_path=None, workflow_id=None, task_config=None)
takes its inputs from the previous task's base64 result when there is one (else input_files),
keeps the compatible ones (.evtx logs and archives), writes its output files under output_path
named by a fresh UUID, and returns the base64 of the JSON object
    {output_files, workflow_id, task_files, command, meta, file_reports, task_report}.
The .evtx inputs form one case (a machine's logs, or several machines'), each archive a case of
its own; the output is the JSON lines `evtxdiag batch` prints for them (data type
openrelik:evtxdiag:batch_jsonl) and a Markdown task report (jobs, failed jobs, causes).

With openrelik-worker-common installed its helpers are used; without it, the same structures
are built here, so the module runs (and is tested) without OpenRelik.
"""
import base64
import fnmatch
import json
import os
import shutil
import subprocess
import tempfile
import uuid

TASK_NAME = "openrelik-worker-evtxdiag.tasks.diagnose"
TASK_METADATA = {
    "display_name": "evtxdiag: why did the backup fail",
    "description": "Explains failed Windows backups (Windows Server Backup, Windows 7 Backup, MARS) from exported "
                   "event logs: jobs, causes with remedies, red herrings",
    "task_config": [
        {"name": "tz", "label": "Customer time zone",
         "description": "Windows or IANA zone of the customer, or auto (default: inferred from the System log)",
         "type": "text", "required": False},
        {"name": "lang", "label": "Language of the findings", "description": "en or ja (default en)",
         "type": "select", "items": ["en", "ja"], "required": False},
        {"name": "case_timeout", "label": "Case timeout (seconds)",
         "description": "Cut a case off after this long (default: EVTXDIAG_CASE_TIMEOUT)", "type": "text",
         "required": False},
    ],
}
COMPATIBLE_INPUTS = {
    "data_types": [],
    "mime_types": ["application/x-ms-evtx", "application/zip", "application/x-7z-compressed", "application/x-tar",
                   "application/gzip", "application/x-xz", "application/x-bzip2", "application/zstd"],
    "filenames": ["*.evtx", "*.zip", "*.7z", "*.tar", "*.tgz", "*.tar.gz", "*.tar.xz", "*.txz", "*.tar.bz2",
                  "*.tbz2", "*.tar.zst"],
}
OUTPUT_DATA_TYPE = "openrelik:evtxdiag:batch_jsonl"
PRIORITY_LOW, PRIORITY_HIGH = 10, 40  # openrelik_worker_common.reporting.Priority


# --- the few helpers of openrelik-worker-common, or equivalents with the same structures
def _decode_pipe_result(pipe_result):
    return json.loads(base64.b64decode(pipe_result.encode("utf-8")).decode("utf-8"))


def _compatible(input_file, wanted):
    name = (input_file.get("display_name") or os.path.basename(input_file.get("path") or "")).lower()
    return (any(fnmatch.fnmatch(name, pattern) for pattern in wanted["filenames"])
            or input_file.get("mime_type") in wanted["mime_types"]
            or input_file.get("data_type") in wanted["data_types"])


def get_input_files(pipe_result, input_files, filter=None):  # noqa: A002 (OpenRelik's name)
    try:
        from openrelik_worker_common.task_utils import get_input_files as theirs
        return theirs(pipe_result, input_files or [], filter=filter)
    except ImportError:
        files = _decode_pipe_result(pipe_result).get("output_files", []) if pipe_result else (input_files or [])
        return [f for f in files if _compatible(f, filter)] if filter else files


def create_output_file(output_path, display_name, data_type):
    try:
        from openrelik_worker_common.file_utils import create_output_file as theirs
        return theirs(output_path, display_name=display_name, data_type=data_type).to_dict()
    except ImportError:
        file_uuid = uuid.uuid4().hex
        extension = os.path.splitext(display_name)[1]
        return {"uuid": file_uuid, "display_name": display_name, "extension": extension, "data_type": data_type,
                "path": os.path.join(output_path, file_uuid + extension), "original_path": None,
                "source_file_id": None}


def create_task_result(output_files, workflow_id, command, meta, task_report):
    try:
        from openrelik_worker_common.task_utils import create_task_result as theirs
        return theirs(output_files=output_files, workflow_id=workflow_id, command=command, meta=meta,
                      task_report=task_report)
    except ImportError:
        result = {"output_files": output_files, "workflow_id": workflow_id, "task_files": [], "command": command,
                  "meta": meta, "file_reports": [], "task_report": task_report}
        return base64.b64encode(json.dumps(result).encode("utf-8")).decode("utf-8")


# --- the work
def _link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:  # another file system: a copy (a symbolic link would not be read)
        shutil.copyfile(source, target)


def _unique_name(display_name, taken):
    base = os.path.basename(display_name.replace("\\", "/")) or "input"
    stem, extension = (base[: -len(".tar.gz")], ".tar.gz") if base.lower().endswith(".tar.gz") else os.path.splitext(base)
    name, n = base, 1
    while name.lower() in taken or name in (".", ".."):
        n += 1
        name = f"{stem}-{n}{extension}"
    taken.add(name.lower())
    return name


def _report(lines, returncode):
    """The task report (OpenRelik's Report.to_dict() structure) in Markdown."""
    cases = [json.loads(line) for line in lines]
    failed = sum(c["failed_jobs"] for c in cases)
    causes = {}
    for c in cases:
        for cause, n in c.get("failed_jobs_by_cause", {}).items():
            causes[cause] = causes.get(cause, 0) + n
    content = ["# evtxdiag", "", "| case | status | logs | jobs | failed jobs |", "|---|---|---|---|---|"]
    content += [f"| {c['case']} | {c['status']} | {c['files']} | {c['jobs']} | {c['failed_jobs']} |" for c in cases]
    if causes:
        content += ["", "## Failed jobs by cause", ""] + [f"- {n} × `{cause}`" for cause, n in sorted(causes.items())]
    problems = [f"- {c['case']}: {c['status']}: {c['error']}" for c in cases if c["status"] != "ok"]
    if problems:
        content += ["", "## Cases with problems", ""] + problems
    summary = f"{len(cases)} case(s), {sum(c['jobs'] for c in cases)} backup job(s), {failed} failed"
    if returncode not in (0, 1):
        summary += f" (evtxdiag exit {returncode})"
    return {"title": "evtxdiag: backup failures", "summary": summary, "content": "\n".join(content) + "\n",
            "priority": PRIORITY_HIGH if failed else PRIORITY_LOW}


def diagnose_inputs(pipe_result=None, input_files=None, output_path=None, workflow_id=None, task_config=None,
                    evtxdiag="evtxdiag", case_timeout=600.0):
    """The task without Celery: returns OpenRelik's base64 task result."""
    task_config = task_config or {}
    evtxdiag = os.path.abspath(evtxdiag) if os.sep in evtxdiag else evtxdiag  # it runs elsewhere
    files = get_input_files(pipe_result, input_files or [], filter=COMPATIBLE_INPUTS)
    if not files:
        return create_task_result([], workflow_id, "", {"cases": 0},
                                  {"title": "evtxdiag", "summary": "no .evtx log or archive among the inputs",
                                   "content": "", "priority": PRIORITY_LOW})
    output_path = os.path.abspath(output_path or tempfile.gettempdir())
    work = tempfile.mkdtemp(prefix="evtxdiag-", dir=output_path)
    try:
        # evtxdiag runs in `work`, so that the lines name the cases "event-logs" and "<archive name>".
        logs_dir = "event-logs"  # the .evtx inputs: one case
        os.mkdir(os.path.join(work, logs_dir))
        taken, archives, logs = {logs_dir}, [], 0
        for f in files:
            name = _unique_name(f.get("display_name") or os.path.basename(f["path"]), taken)
            if name.lower().endswith(".evtx"):
                _link_or_copy(f["path"], os.path.join(work, logs_dir, name))
                logs += 1
            else:
                archives.append(name)
                _link_or_copy(f["path"], os.path.join(work, name))
        output = create_output_file(output_path, "evtxdiag-batch.jsonl", OUTPUT_DATA_TYPE)
        timeout = float(task_config.get("case_timeout") or case_timeout)
        command = [evtxdiag, "batch", *([logs_dir] if logs else []), *archives, "--as-case", "tree",
                   "--out", output["path"], "--no-timings", "-j", "1"]
        if timeout > 0:
            command += ["--case-timeout", f"{timeout:g}"]
        for key in ("tz", "lang"):
            if task_config.get(key):
                command += [f"--{key}", str(task_config[key])]
        done = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL, cwd=work)
        lines = []
        if os.path.exists(output["path"]):
            with open(output["path"], encoding="utf-8") as f:
                lines = [line for line in f.read().splitlines() if line]
        if done.returncode not in (0, 1, 3) or not lines:
            raise RuntimeError(f"evtxdiag batch: exit {done.returncode}: "
                               + done.stderr.decode("utf-8", "replace").strip()[-2000:])
        return create_task_result([output], workflow_id, " ".join(command), {"cases": len(lines), "exit_code": done.returncode},
                                  _report(lines, done.returncode))
    finally:
        shutil.rmtree(work, ignore_errors=True)


try:  # registered when Celery (and so the worker's app) is there
    from .app import SETTINGS
    from .app import app as celery
except ImportError:
    celery = None

if celery is not None:
    @celery.task(bind=True, name=TASK_NAME, metadata=TASK_METADATA)
    def diagnose(self, pipe_result=None, input_files=None, output_path=None, workflow_id=None, task_config=None):
        return diagnose_inputs(pipe_result, input_files, output_path, workflow_id, task_config,
                               evtxdiag=SETTINGS.evtxdiag, case_timeout=SETTINGS.case_timeout)
