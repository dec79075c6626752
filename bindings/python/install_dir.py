#!/usr/bin/env python3
"""Prints where `cmake --install` should put the evtxdiag package for PREFIX, relative to it:
the directory on this interpreter's own search path under PREFIX when there is one (Debian's
python3 searches /usr/local/lib/python3.X/dist-packages and /usr/lib/python3/dist-packages,
not site-packages), else the standard lib/python3.X/site-packages layout (then PYTHONPATH is
needed, and the second output line says so)."""
import os
import sys


def main():
    prefix = os.path.realpath(sys.argv[1])
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (f"lib/{version}/dist-packages", "lib/python3/dist-packages", f"lib/{version}/site-packages"):
        if os.path.realpath(os.path.join(prefix, candidate)) in (os.path.realpath(p) for p in sys.path if p):
            print(candidate)
            print("searched")
            return 0
    print(f"lib/{version}/site-packages")
    print("not-searched")
    return 0


if __name__ == "__main__":
    sys.exit(main())
