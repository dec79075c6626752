"""Skips that say what they need (see tests/support/skip.sh for the vocabulary).

    from skip import skip_test, skip_part
    skip_test("samples", "no .evtx sample")      # prints, records, exits 77
    skip_part("tool:evtxexport", "no oracle")    # prints, records, returns
scripts/run test fails the suite when a recorded need was in fact met (check_skips.py)."""
import os
import sys


def _record(requirement, reason):
    log = os.environ.get("EVTXDIAG_SKIP_LOG")
    if log:
        os.makedirs(os.path.dirname(log), exist_ok=True)
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.environ.get('EVTXDIAG_TEST_NAME', '?')}\t{requirement}\t{reason}\n")


def skip_test(requirement, reason):
    _record(requirement, reason)
    print(f"SKIPPED (needs {requirement}): {reason}", flush=True)
    sys.exit(77)


def skip_part(requirement, reason):
    _record(requirement, reason)
    print(f"part SKIPPED (needs {requirement}): {reason}", flush=True)
