"""The golden cases (testdata/scenarios/*.yaml whose `expect:` block names a zone), synthesised
by the native command into a temporary folder, for tests that run another build of evtxdiag over
them and compare with the native diagnosis (test_without_libevtx.py, tests/web/).

    for case in golden_cases(evtxdiag, source_dir, tmp):
        case.name, case.folder, case.zone
"""
import os
import subprocess
from dataclasses import dataclass

import yaml


@dataclass
class GoldenCase:
    name: str    # scenario file name without .yaml
    folder: str  # the synthesised logs (and .MTA files), nothing else
    zone: str    # the zone the expect block names: the --tz of the golden diagnosis


def golden_scenarios(source_dir):
    """(name, path, zone) of every golden scenario, sorted by name."""
    folder = os.path.join(source_dir, "testdata", "scenarios")
    for file in sorted(f for f in os.listdir(folder) if f.endswith(".yaml")):
        path = os.path.join(folder, file)
        with open(path, encoding="utf-8") as f:
            scenario = yaml.load(f, Loader=yaml.BaseLoader)  # times stay text
        expect = scenario.get("expect")
        if expect and "zone" in expect:
            yield file[:-5], path, expect["zone"]


def golden_cases(evtxdiag, source_dir, tmp, names=None):
    """Synthesises each golden scenario (or those in `names`) under tmp; raises when synth fails."""
    for name, path, zone in golden_scenarios(source_dir):
        if names is not None and name not in names:
            continue
        folder = os.path.join(tmp, name)
        proc = subprocess.run([evtxdiag, "synth", path, "--out", folder], capture_output=True, timeout=120)
        if proc.returncode != 0:
            raise RuntimeError(f"{name}: synth failed ({proc.returncode}): {proc.stderr.decode('utf-8', 'replace')}")
        yield GoldenCase(name, folder, zone)
