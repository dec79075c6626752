"""evtxdiag: read exported Windows event logs (.evtx) and explain why a backup failed.

    import evtxdiag
    for event in evtxdiag.read("System.evtx"):
        print(event.time_created.isoformat(), event.provider, event.event_id, event.data)

    result = evtxdiag.diagnose(["case/logs"], tz="auto")
    for finding in result.findings:
        print(finding.verdict, finding.title)

Times are timezone-aware ``datetime`` objects in UTC (microsecond precision). Failures that
stop an operation raise :class:`evtxdiag.Error` (with ``.kind``); problems with single records
are listed (``Reader.diagnostics``, ``Diagnosis.diagnostics``), never raised.
"""
import os

from ._evtxdiag import (  # noqa: F401  (re-exported model classes)
    Diagnosis,
    Diagnostic,
    Error,
    Event,
    Evidence,
    FileInfo,
    Finding,
    Input,
    Job,
    JobCode,
    Reader,
    Volume,
    Zone,
    __version__,
)
from . import _evtxdiag

__all__ = ["read", "info", "diagnose", "diagnose_machines", "explain", "synth", "Error", "Event", "Diagnosis", "Finding", "Job",
           "Reader", "Diagnostic", "__version__"]

Error.__module__ = "evtxdiag"


def _event_to_dict(event):
    """Every field as plain Python values: the JSON object `evtxdiag dump` prints, parsed."""
    import json
    return json.loads(event.to_json())


Event.to_dict = _event_to_dict


def read(path, recovered=False):
    """Opens a .evtx file and returns a :class:`Reader`: iterate it for :class:`Event` objects.

    ``recovered=True`` also yields records recovered from slack space. Raises
    :class:`Error` (kind ``io`` or ``not_evtx``) when nothing can be read at all; records that
    cannot be decoded are listed in ``reader.diagnostics`` after (or during) iteration.
    """
    return Reader(os.fspath(path), recovered)


def diagnose_machines(paths, tz="auto", lang="en", margin_minutes=30, knowledge_dirs=(), recovered=True,
                      computer=""):
    """Diagnoses the backup jobs in .evtx files, folders (searched recursively) and archives
    (.zip .7z .tar.*), one :class:`Diagnosis` per machine the logs come from (never mixing two
    servers' events), ordered by machine name.

    ``paths`` is one path or a list of them. ``tz``: "auto" (inferred from the logs), "UTC",
    "+09:00", an IANA name or a Windows zone id. ``lang``: "en" or "ja". ``computer``: only
    that machine. Raises :class:`Error` where ``evtxdiag diagnose`` exits 2: a path that does
    not exist, no log found (kind ``io``), nothing readable (kind ``not_evtx``), a bad zone or
    option (``invalid_input``). Files that could not be read while others could are reported in
    ``inputs``; ``incomplete`` says whether a live record or a file was lost.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    return _evtxdiag.diagnose_machines([os.fspath(p) for p in paths], tz, lang, int(margin_minutes),
                                       [os.fspath(d) for d in knowledge_dirs], bool(recovered), str(computer))


def diagnose(paths, tz="auto", lang="en", margin_minutes=30, knowledge_dirs=(), recovered=True, computer=""):
    """Like :func:`diagnose_machines` for the logs of one machine: returns its :class:`Diagnosis`
    (``jobs``, ``findings``, ``inputs``, ``zone``, ``diagnostics``, ``to_json()``). Raises
    :class:`Error` (kind ``invalid_input``) naming the machines when the logs come from several
    and ``computer`` does not choose one.
    """
    machines = diagnose_machines(paths, tz, lang, margin_minutes, knowledge_dirs, recovered, computer)
    if len(machines) != 1:
        names = ", ".join(m.computer for m in machines)
        error = Error(f"the logs come from {len(machines)} machines ({names}); choose one with computer=NAME "
                      "or use diagnose_machines()")
        error.kind = "invalid_input"
        raise error
    return machines[0]


def info(paths, tz="auto", decode=False, format="text", decoder="auto"):
    """The facts of logs (files, folders, archives) as ``evtxdiag info`` prints them: format
    version, chunks, record counts, flags and time span, in ``format`` "text" or "json" (one
    JSON object per line). Returns ``(text, incomplete)``; ``incomplete`` is True when a log
    could not be opened or lost live records (the command's exit code 1). Raises
    :class:`Error` when no log could be read or ``tz`` is malformed.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    text, incomplete = _evtxdiag.info([os.fspath(p) for p in paths], tz, bool(decode), format, decoder)
    return text, bool(incomplete)


def explain(code, lang="en"):
    """Explains an error code ("0x807800A1", 2155348129, "1224", "C000000E", ...) as a dict:
    hex, value, known, symbol, message, causes, remedies, references, related_events, stage
    (where in a backup the code is met, e.g. "snapshot"; None when unknown), cases and
    the code's structure (family, severity, facility, facility_name, win32). Raises
    :class:`Error` (kind ``invalid_input``) when ``code`` is not a code.
    """
    return _evtxdiag.explain(str(code), lang)


def synth(scenario_path, out_dir, force=False):
    """Writes the .evtx files a scenario YAML describes into ``out_dir`` (created if needed), as
    ``evtxdiag synth`` does, and returns their paths. Existing files are refused unless
    ``force``. Raises :class:`Error` for an invalid scenario (nothing is written then).
    """
    return _evtxdiag.synth(os.fspath(scenario_path), os.fspath(out_dir), bool(force))
