#!/usr/bin/env python3
"""Fails a test run in which a test skipped although what it needed was there.

Tests record each skip (whole or partial) with its requirement in $EVTXDIAG_SKIP_LOG
(tests/support/skip.{sh,py}, tests/unit/skip.hpp). After CTest has run with --output-junit, this
script checks every skipped test and every recorded partial skip:
  - a skipped test with no recorded requirement is an error (a skip must say what it needs);
  - a requirement that is met on this machine is an error (the test should have run);
  - `sanitizer` skips are expected only in a sanitizer build.
Usage: check_skips.py BUILD_DIR JUNIT_XML SKIP_LOG"""
import importlib.util
import os
import shutil
import sys
import xml.etree.ElementTree as ET


def cmake_cache(build_dir):
    values = {}
    try:
        with open(os.path.join(build_dir, "CMakeCache.txt"), encoding="utf-8") as f:
            for line in f:
                if ":" in line and "=" in line and not line.startswith(("//", "#")):
                    key, value = line.rstrip("\n").split("=", 1)
                    values[key.split(":", 1)[0]] = value
    except OSError:
        pass
    return values


def is_on(value):
    return value.upper() in ("ON", "1", "TRUE", "YES")


def requirement_met(requirement, cache):
    """True when the thing a skipped test needed is present (so the skip was wrong)."""
    kind, _, arg = requirement.partition(":")
    samples = cache.get("EVTXDIAG_SAMPLES_DIR", "")
    if kind == "samples":
        return os.path.isdir(samples) and any(n.lower().endswith(".evtx") for _, _, fs in os.walk(samples) for n in fs)
    if kind == "sample":
        return os.path.exists(os.path.join(samples, arg))
    if kind == "tool":
        return shutil.which(arg) is not None
    if kind == "python":
        return importlib.util.find_spec(arg) is not None
    if kind == "path":
        return os.path.exists(arg)
    if kind == "cmake":
        return is_on(cache.get(arg, "OFF"))
    if kind == "sanitizer":
        return not is_on(cache.get("EVTXDIAG_SANITIZE", "OFF"))
    raise ValueError(f"unknown requirement {requirement!r}")


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    build_dir, junit, skip_log = sys.argv[1:]
    cache = cmake_cache(build_dir)
    recorded = {}
    if os.path.exists(skip_log):
        with open(skip_log, encoding="utf-8") as f:
            for line in f:
                name, requirement, reason = (line.rstrip("\n").split("\t", 2) + ["", ""])[:3]
                recorded.setdefault(name, []).append((requirement, reason))
    skipped = [c.get("name") for c in ET.parse(junit).getroot().iter("testcase") if c.get("status") == "notrun"]
    errors = []
    for name in skipped:
        if name not in recorded:
            errors.append(f"{name}: skipped without saying what it needs (use tests/support/skip.*)")
    for name, entries in sorted(recorded.items()):
        for requirement, reason in entries:
            try:
                met = requirement_met(requirement, cache)
            except ValueError as e:
                errors.append(f"{name}: {e}")
                continue
            if met:
                errors.append(f"{name}: skipped ({reason}) although {requirement} is present")
    print(f"check_skips: {len(skipped)} tests skipped, "
          f"{sum(len(v) for v in recorded.values())} skips recorded, {len(errors)} unjustified")
    for name, entries in sorted(recorded.items()):
        for requirement, reason in entries:
            print(f"  {name}: needs {requirement} ({reason})")
    for e in errors:
        print("ERROR: " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
