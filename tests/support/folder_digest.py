"""Every file under a folder with its SHA-256: the "nothing changed" oracle of the output-safety
tests (tests/scripts/test_output_safety.py, tests/windows/test_windows_output_safety.py)."""
import hashlib
import os


def digest(folder):
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
    return out
