"""A case URI -> a local path that `evtxdiag batch` reads, and the name the case's line carries.

URIs: a path (relative ones are resolved against the producer's working directory, which must
exist on the worker: a shared corpus mounted at the same place), file:///abs/path,
http(s)://host/path (downloaded with a size limit, an idle timeout and a deadline), and
s3://bucket/key (through boto3 when it is installed). Remote cases are written below a fresh
temporary directory as <host>/<path> or <bucket>/<key> and evtxdiag runs there, so the line
names the case without scheme, credentials or query string (a presigned URL's signature is not
a name) and whatever worker fetched it.

A FetchError is `transient` when trying again later may help (a connection refused or reset,
a timeout, HTTP 5xx/408/429): the task retries only those.
"""
import http.client
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass

CHUNK = 1 << 20


class FetchError(Exception):
    def __init__(self, message, transient=False):
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class LocalCase:
    path: str        # what evtxdiag is given (relative to cwd when cwd is set)
    cwd: str | None  # where evtxdiag runs; None: the worker's own
    name: str        # what evtxdiag prints as the case


def _remote_name(location, path):
    """'host[:port]/a/b.zip' or 'bucket/key': safe relative components only."""
    parts = [p for p in urllib.parse.unquote(path).split("/") if p]
    if not parts:
        raise FetchError(f"{location}: the URI names no file")
    for part in parts:
        if part in (".", "..") or "\0" in part or "\\" in part:
            raise FetchError(f"{location}/{'/'.join(parts)}: path component {part!r} is not allowed")
    if not location or location in (".", "..") or "/" in location:
        raise FetchError(f"{location!r}: not a host or bucket name")
    return "/".join([location] + parts)


def _split(uri):
    """(kind, parts): ('local', path) | ('http', (url, name)) | ('s3', (bucket, key, name))."""
    if "://" not in uri:
        if not uri or "\0" in uri:
            raise FetchError(f"{uri!r}: not a path")
        return "local", uri
    parsed = urllib.parse.urlsplit(uri)
    scheme = parsed.scheme.lower()
    if scheme == "file":
        if parsed.netloc not in ("", "localhost"):
            raise FetchError(f"{uri}: file:// URIs name this machine's files only (no host)")
        return "local", urllib.parse.unquote(parsed.path)
    if scheme in ("http", "https"):
        host = parsed.netloc.rpartition("@")[2]  # never credentials in a name or a message
        name = _remote_name(host, parsed.path)
        return "http", (uri, name)
    if scheme == "s3":
        key = parsed.path[1:] if parsed.path.startswith("/") else parsed.path
        name = _remote_name(parsed.netloc, parsed.path)
        if not key:
            raise FetchError(f"{uri}: no object key")
        return "s3", (parsed.netloc, key, name)
    raise FetchError(f"{uri}: unsupported scheme {parsed.scheme!r} (paths, file://, http://, https://, s3://)")


def case_name(uri):
    """The name the case's JSON line will carry (the producer matches results with it)."""
    kind, parts = _split(uri)
    return parts if kind == "local" else parts[-1]


def _inside(path, roots):
    real = os.path.realpath(path)
    return any(os.path.commonpath([real, os.path.realpath(r)]) == os.path.realpath(r) for r in roots)


def _local(path, cwd, settings):
    full = path if os.path.isabs(path) or not cwd else os.path.join(cwd, path)
    if cwd and not os.path.isabs(path) and not os.path.isdir(cwd):
        raise FetchError(f"{path}: the producer's working directory {cwd} does not exist on this worker "
                         "(mount the corpus at the same path, or give absolute paths)")
    if settings.case_roots and not _inside(full, settings.case_roots):
        raise FetchError(f"{path}: outside EVTXDIAG_CASE_ROOTS ({':'.join(settings.case_roots)})")
    if not os.path.lexists(full):
        raise FetchError(f"{path}: no such file or directory on this worker")
    return LocalCase(path=path, cwd=cwd if cwd and not os.path.isabs(path) else None, name=path)


def _copy_limited(read, dest, settings, deadline, shown):
    size = 0
    with open(dest, "wb") as out:
        while True:
            chunk = read(CHUNK)
            if not chunk:
                return size
            size += len(chunk)
            if size > settings.fetch_max_bytes:
                raise FetchError(f"{shown}: larger than {settings.fetch_max_bytes} bytes (EVTXDIAG_FETCH_MAX_BYTES)")
            if time.monotonic() > deadline:
                raise FetchError(f"{shown}: download took longer than {settings.fetch_deadline:g} s "
                                 "(EVTXDIAG_FETCH_DEADLINE)", transient=True)
            out.write(chunk)


class _HttpRedirectsOnly(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) only (never to ftp or file). The target is checked before
    urllib's own check, which lets ftp:// through and reports file:// as an HTTP error."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        scheme = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, newurl)).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"redirect to {scheme}:// refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(self, req, fp, code, msg, headers):
        target = headers.get("location") or headers.get("uri") or ""
        scheme = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, target)).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"redirect to {scheme}:// refused")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _download_http(url, name, dest, settings):
    deadline = time.monotonic() + settings.fetch_deadline
    shown = "http(s)://" + name
    opener = urllib.request.build_opener(_HttpRedirectsOnly())
    request = urllib.request.Request(url, headers={"User-Agent": "evtxdiag-celery"})
    try:
        with opener.open(request, timeout=settings.fetch_timeout) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > settings.fetch_max_bytes:
                raise FetchError(f"{shown}: {declared} bytes, larger than {settings.fetch_max_bytes} "
                                 "(EVTXDIAG_FETCH_MAX_BYTES)")
            _copy_limited(response.read, dest, settings, deadline, shown)
    except urllib.error.HTTPError as e:
        raise FetchError(f"{shown}: HTTP {e.code} {e.reason}", transient=e.code >= 500 or e.code in (408, 429)) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
        reason = getattr(e, "reason", None) or e
        raise FetchError(f"{shown}: {type(e).__name__}: {reason}", transient=True) from None


def _download_s3(bucket, key, name, dest, settings):
    try:
        import boto3
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:
        raise FetchError(f"s3://{name}: s3:// needs boto3 on the worker (Debian package python3-boto3)") from None
    deadline = time.monotonic() + settings.fetch_deadline
    shown = "s3://" + name
    config = Config(connect_timeout=settings.fetch_timeout, read_timeout=settings.fetch_timeout,
                    retries={"max_attempts": 1})
    try:
        response = boto3.client("s3", config=config).get_object(Bucket=bucket, Key=key)
        if int(response.get("ContentLength", 0)) > settings.fetch_max_bytes:
            raise FetchError(f"{shown}: {response['ContentLength']} bytes, larger than {settings.fetch_max_bytes} "
                             "(EVTXDIAG_FETCH_MAX_BYTES)")
        _copy_limited(response["Body"].read, dest, settings, deadline, shown)
    except ClientError as e:
        status = int(e.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        code = e.response.get("Error", {}).get("Code", "?")
        raise FetchError(f"{shown}: {code} (HTTP {status})", transient=status >= 500 or status in (0, 408, 429)) from None
    except BotoCoreError as e:
        raise FetchError(f"{shown}: {type(e).__name__}: {e}", transient=True) from None


@contextmanager
def fetched(uri, cwd, settings):
    """The case of `uri` on this machine for the duration of the `with` block; downloads are
    removed afterwards. Raises FetchError."""
    kind, parts = _split(uri)
    if kind == "local":
        yield _local(parts, cwd, settings)
        return
    work = tempfile.mkdtemp(prefix="evtxdiag-case-", dir=settings.work_dir or None)
    try:
        name = parts[-1]
        dest = os.path.join(work, name)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if kind == "http":
            _download_http(parts[0], name, dest, settings)
        else:
            _download_s3(parts[0], parts[1], name, dest, settings)
        yield LocalCase(path=name, cwd=work, name=name)
    finally:
        shutil.rmtree(work, ignore_errors=True)

