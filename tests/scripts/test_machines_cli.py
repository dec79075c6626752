#!/usr/bin/env python3
"""Two servers' logs in one folder are never mixed (FILESV01 and HYPERV01 came out as
one 'Machine: HYPERV01' with 15 jobs): each machine gets its own report in text, JSON and HTML,
--computer picks one, and an unknown name lists the machines."""
import json
import os
import subprocess
import sys
import tempfile

EVTXDIAG = os.environ["EVTXDIAG"]
SCENARIOS = os.path.join(os.environ["EVTXDIAG_SOURCE_DIR"], "testdata", "scenarios")


def run(*args):
    p = subprocess.run([EVTXDIAG, *args], capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode(errors="replace")


def main():
    errors = []

    def check(cond, what):
        if not cond:
            errors.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        one = {}
        for label, scenario in (("hyperv", "seed-004-hyperv-spp-timeout.yaml"),
                                ("filesv", "seed-001-wsb-source-volume-space.yaml")):
            out = os.path.join(tmp, "case", label)
            check(run("synth", os.path.join(SCENARIOS, scenario), "--out", out)[0] == 0, f"synth {label}")
            one[label] = json.loads(run("diagnose", out, "--format", "json")[1])
        case = os.path.join(tmp, "case")
        rc, out, err = run("diagnose", case, "--format", "json")
        both = json.loads(out)
        check(rc == 0 and both["schema"] == "evtxdiag.machines/2", f"rc {rc}, schema {both.get('schema')}")
        machines = {m["computer"]: m for m in both.get("machines", [])}
        check(sorted(machines) == ["FILESV01.example.local", "HYPERV01"], f"machines {sorted(machines)}")
        for label, alone in one.items():
            got = machines.get(alone["computer"], {})
            check([j["start_utc"] for j in got.get("jobs", [])] == [j["start_utc"] for j in alone["jobs"]],
                  f"{label}: jobs differ from its own diagnosis")
            check(sorted((f["rule"], f["job"]) for f in got.get("findings", [])) ==
                  sorted((f["rule"], f["job"]) for f in alone["findings"]), f"{label}: findings differ")
            check(got.get("zone") == alone["zone"], f"{label}: zone differs")
        rc, out, _ = run("diagnose", case)
        check(rc == 0 and "These logs come from 2 machines" in out and out.count("==== Machine") == 2, "text sections")
        rc, out, _ = run("diagnose", case, "--lang", "ja")
        check("コンピューター 2 台" in out and out.count("==== コンピューター") == 2, "Japanese sections")
        html = os.path.join(tmp, "r.html")
        check(run("diagnose", case, "--format", "html", "-o", html)[0] == 0, "html")
        page = open(html, encoding="utf-8").read()
        check(page.count('<article class="machine"') == 2 and 'id="m2-case"' in page and page.count('id="case"') == 0 and
              page.count('id="summary"') == 1,
              "html sections with unique ids")
        rc, out, _ = run("diagnose", case, "--computer", "hyperv01.contoso.local", "--format", "json")
        check(rc == 0 and json.loads(out)["computer"] == "HYPERV01", "--computer picks one (DNS suffix ignored)")
        rc, _, err = run("diagnose", case, "--computer", "NOPE")
        check(rc == 2 and "FILESV01.example.local" in err and "HYPERV01" in err, f"unknown machine: {err}")
        rc, out, _ = run("timeline", case, "--format", "csv")
        check(rc == 0 and out.count("datetime,timestamp") == 1, "one CSV header for two machines")
        rc, out, _ = run("batch", tmp, "--no-timings")  # the corpus whose one case holds both machines
        line = json.loads(out.splitlines()[0]) if out else {}
        check(line.get("jobs") == len(one["hyperv"]["jobs"]) + len(one["filesv"]["jobs"]), f"batch tally {line.get('jobs')}")
    if errors:
        print("\n".join(errors))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
