"""The case's SHA-256: what a stored result is filed under, so that a re-run of the same bytes
is answered from the store.

- a file case (an archive or a single log): the SHA-256 of the file, as `sha256sum` prints it;
- a directory case: the SHA-256 of a listing of its files, sorted by relative path (byte
  order, '/' separators), each as  path NUL size NUL sha256-of-content LF,  after a first line
  naming the scope. Which files: every regular file under the directory for a 'tree' case; for
  a 'top-level' case (the loose logs of a corpus folder) the regular files directly in it and
  those of a LocaleMetaData folder beside them. Symbolic links are not followed, as batch
  does not follow them. This is more than the .evtx files the case reads: every file that
  could change the diagnosis (.MTA message files) is in it, and a change to a file the case
  does not read only costs one needless re-run.
"""
import hashlib
import os
import stat

_BLOCK = 1 << 20


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def _regular(path):
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _tree_files(root):
    """Relative paths (bytes, '/'-separated) of every regular file under root, links not followed."""
    found = []
    root_b = os.fsencode(root)
    for directory, dirs, files in os.walk(root_b, followlinks=False):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(directory, d))]
        for name in files:
            full = os.path.join(directory, name)
            if _regular(full):
                found.append(os.path.relpath(full, root_b).replace(os.sep.encode(), b"/"))
    return found


def _top_level_files(root):
    found = []
    root_b = os.fsencode(root)
    for entry in os.scandir(root_b):
        if entry.is_file(follow_symlinks=False):
            found.append(entry.name)
        elif entry.is_dir(follow_symlinks=False) and entry.name.lower() == b"localemetadata":
            found.extend(entry.name + b"/" + m.name for m in os.scandir(entry.path) if m.is_file(follow_symlinks=False))
    return found


def case_sha256(path, as_case="tree"):
    """The SHA-256 (hex) of the case at `path` (see the module's documentation)."""
    if not os.path.isdir(path):
        return file_sha256(path)
    if as_case not in ("tree", "top-level"):
        raise ValueError(f"as_case {as_case!r} is neither 'tree' nor 'top-level'")
    files = sorted(_tree_files(path) if as_case == "tree" else _top_level_files(path))
    listing = hashlib.sha256(b"evtxdiag-case/1 " + as_case.encode() + b"\n")
    root_b = os.fsencode(path)
    for relative in files:
        full = os.path.join(root_b, relative)
        listing.update(relative + b"\0" + str(os.path.getsize(full)).encode() + b"\0"
                       + file_sha256(full).encode() + b"\n")
    return listing.hexdigest()
