#!/usr/bin/env python3
# `dump` and `timeline` filters (--from/--to, --provider, --event-id, --level, --computer), the
# CSV byte order mark and timeline -o, checked against an oracle written here: every filtered
# output must be exactly the lines of the unfiltered output that the filter's documented
# meaning keeps, in the same order. Logs are written by `evtxdiag synth` (two machines, Tokyo
# and Berlin with DST); a real sample is checked too when ../shared/samples exists. Also: the
# CSV columns documented in README and docs/diagnosis-json.md are the header the program writes.
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.join(os.environ["EVTXDIAG_SOURCE_DIR"], "tests", "support"))
from skip import skip_part  # noqa: E402

EVTXDIAG = os.environ["EVTXDIAG"]
SOURCE = os.environ["EVTXDIAG_SOURCE_DIR"]
SCENARIOS = ["seed-004-hyperv-spp-timeout.yaml", "catalogue-snapshot-hold-writes-sql-load-eu-dst.yaml"]
failures = []


def run(*args, check=True):
    result = subprocess.run([EVTXDIAG, *args], capture_output=True)
    if check and result.returncode not in (0, 1):
        raise AssertionError(f"evtxdiag {' '.join(args)}: exit {result.returncode}: {result.stderr.decode()}")
    return result


def expect(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def utc(text):
    return datetime.datetime.fromisoformat(text.rstrip("Z")[:26]).replace(tzinfo=datetime.timezone.utc)


def short_provider(name):
    return name[len("Microsoft-Windows-"):] if name.lower().startswith("microsoft-windows-") else name


def lines_of(output):
    return output.decode("utf-8").splitlines()


def check_filters(command, paths, keys, base_args, cases):
    """For each (filter args, predicate): the command's filtered lines == the oracle's choice."""
    full = lines_of(run(command, *paths, *base_args).stdout)
    events = [(line, keys(json.loads(line))) for line in full]
    expect(len(events) > 5, f"{command} {paths}: only {len(events)} events to filter")
    for args, keep in cases:
        got = lines_of(run(command, *paths, *base_args, *args).stdout)
        want = [line for line, e in events if keep(e)]
        expect(got == want, f"{command} {' '.join(args)}: {len(got)} lines, oracle {len(want)}")
        expect(0 < len(want) < len(events) or args[0] in ("--computer",),
               f"{command} {' '.join(args)}: the case keeps {len(want)} of {len(events)}; choose a better one")


def dump_keys(j):
    return {"provider": j["provider"], "id": j["event_id"], "level": j["level"], "computer": j["computer"],
            "time": utc(j["time_created"])}


def timeline_keys(j):
    return {"provider": j["provider"], "id": j["event_id"], "level": j["level"], "computer": j["computer"],
            "time": utc(j["time_utc"])}


def window_cases(events_time, zone):
    """--from/--to around the middle of the events, given as UTC instants and as local time."""
    times = sorted(events_time)
    middle, later = times[len(times) // 3], times[2 * len(times) // 3]
    local = middle.astimezone(ZoneInfo(zone))
    local_text = local.strftime("%Y-%m-%d %H:%M")
    local_start = local.replace(second=0, microsecond=0).astimezone(datetime.timezone.utc)
    day_end = (later.astimezone(ZoneInfo(zone)).replace(hour=0, minute=0, second=0, microsecond=0)
               + datetime.timedelta(days=1)).astimezone(datetime.timezone.utc)
    return [
        (["--from", middle.strftime("%Y-%m-%dT%H:%M:%S.%fZ")], lambda e: e["time"] >= middle),
        (["--to", later.strftime("%Y-%m-%dT%H:%M:%SZ")],
         lambda e: e["time"] < later.replace(microsecond=0) + datetime.timedelta(seconds=1)),
        (["--from", local_text], lambda e: e["time"] >= local_start),
        (["--from", local_text, "--to", later.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d")],
         lambda e: local_start <= e["time"] < day_end),
    ]


with tempfile.TemporaryDirectory() as tmp:
    cases_dirs = []
    for scenario in SCENARIOS:
        out = os.path.join(tmp, scenario.split(".")[0])
        subprocess.run([EVTXDIAG, "synth", os.path.join(SOURCE, "testdata", "scenarios", scenario), "--out", out],
                       check=True, capture_output=True)
        cases_dirs.append(out)
    tokyo, berlin = cases_dirs

    # --- dump: each filter against the oracle, on both machines' logs at once
    both = [tokyo, berlin]
    full = [dump_keys(json.loads(line)) for line in lines_of(run("dump", *both, "--tz", "UTC").stdout)]
    providers = sorted({e["provider"] for e in full})
    backup = [p for p in providers if p.lower() == "microsoft-windows-backup"]
    expect(backup, f"the synthetic logs have Microsoft-Windows-Backup events: {providers}")
    ids = sorted({e["id"] for e in full})
    low, high = ids[len(ids) // 4], ids[len(ids) // 2]
    cases = [
        (["--provider", "Backup"], lambda e: short_provider(e["provider"]).lower() == "backup"),
        (["--provider", "microsoft-windows-backup"], lambda e: e["provider"].lower() == "microsoft-windows-backup"),
        # Names are compared case-insensitively, also as the short form Event Viewer shows
        # ("Eventlog" for Microsoft-Windows-Eventlog), so a name can match two providers.
        (["--provider", providers[0], "--provider", providers[-1]],
         lambda e: {e["provider"].lower(), short_provider(e["provider"]).lower()} & {providers[0].lower(), providers[-1].lower()}),
        (["--event-id", f"{low}-{high}"], lambda e: low <= e["id"] <= high),
        (["--event-id", f"{ids[0]},{ids[-1]}"], lambda e: e["id"] in (ids[0], ids[-1])),
        (["--level", "error"], lambda e: e["level"] == 2),
        (["--level", "warning", "--level", "critical"], lambda e: e["level"] in (1, 3)),
        (["--level", "information"], lambda e: e["level"] in (0, 4)),
        (["--computer", "hyperv01"], lambda e: e["computer"].split(".")[0].lower() == "hyperv01"),
        (["--computer", "ber-sql02"], lambda e: e["computer"].split(".")[0].lower() == "ber-sql02"),
        (["--provider", "Backup", "--level", "error"],
         lambda e: short_provider(e["provider"]).lower() == "backup" and e["level"] == 2),
    ]
    check_filters("dump", both, dump_keys, ["--tz", "UTC"], cases)
    # Local --from/--to: in the zone of the output (--tz), a DST zone included.
    for folder, zone in ((tokyo, "Asia/Tokyo"), (berlin, "Europe/Berlin")):
        times = [dump_keys(json.loads(line))["time"] for line in lines_of(run("dump", folder, "--tz", "UTC").stdout)]
        check_filters("dump", [folder], dump_keys, ["--tz", zone], window_cases(times, zone))
    # Without --tz the zone inferred from the logs (EventLog 6013) is the zone of the bounds.
    times = [dump_keys(json.loads(line))["time"] for line in lines_of(run("dump", berlin, "--tz", "UTC").stdout)]
    check_filters("dump", [berlin], dump_keys, [], window_cases(times, "Europe/Berlin")[2:])

    # --- timeline: the same filters on the merged timeline (every event)
    base = ["--all", "--format", "jsonl", "--tz", "Europe/Berlin"]
    tl = [timeline_keys(json.loads(line)) for line in lines_of(run("timeline", berlin, *base).stdout)]
    tl_ids = sorted({e["id"] for e in tl})
    check_filters("timeline", [berlin], timeline_keys, base, [
        (["--provider", "Backup"], lambda e: short_provider(e["provider"]).lower() == "backup"),
        (["--event-id", f"{tl_ids[0]}-{tl_ids[len(tl_ids) // 2]}"], lambda e: tl_ids[0] <= e["id"] <= tl_ids[len(tl_ids) // 2]),
        (["--level", "error,warning"], lambda e: e["level"] in (2, 3)),
    ] + window_cases([e["time"] for e in tl], "Europe/Berlin"))
    # Filters narrow what is printed, never the diagnosis: the job of an event stays the same.
    full_jobs = {(j["file"], j["record_id"]): j["job"] for j in map(json.loads, lines_of(run("timeline", berlin, *base).stdout))}
    for j in map(json.loads, lines_of(run("timeline", berlin, *base, "--level", "error").stdout)):
        expect(full_jobs.get((j["file"], j["record_id"])) == j["job"], f"filtered timeline changed the job of {j}")

    # --- malformed filters: exit 2, the option named, nothing on stdout
    for args in (["--from", "yesterday"], ["--event-id", "9-1"], ["--level", "fatal"], ["--to", "2019-02-30"]):
        for command in ("dump", "timeline"):
            r = run(command, tokyo, *args, check=False)
            expect(r.returncode == 2 and args[0] in r.stderr.decode() and not r.stdout,
                   f"{command} {args}: exit {r.returncode}, stderr {r.stderr.decode()[:200]!r}")

    # --- CSV: --bom adds exactly the UTF-8 byte order mark; timeline -o writes what stdout shows
    with_bom = {}
    for command in ("timeline", "dump"):
        plain = run(command, tokyo, "--format", "csv", "--tz", "UTC").stdout
        with_bom[command] = run(command, tokyo, "--format", "csv", "--tz", "UTC", "--bom").stdout
        expect(with_bom[command] == b"\xef\xbb\xbf" + plain and not plain.startswith(b"\xef\xbb\xbf"), f"{command} --bom")
    target = os.path.join(tmp, "timeline.csv")
    r = run("timeline", tokyo, "--format", "csv", "--tz", "UTC", "--bom", "-o", target)
    expect(r.returncode == 0 and not r.stdout, f"timeline -o: exit {r.returncode}, stdout {r.stdout[:80]!r}")
    expect(open(target, "rb").read() == with_bom["timeline"], "timeline -o FILE differs from stdout")
    victim = os.path.join(tokyo, "System.evtx")
    before = open(victim, "rb").read()
    r = run("timeline", tokyo, "-o", victim, check=False)
    expect(r.returncode == 2 and open(victim, "rb").read() == before, f"timeline -o over an input: exit {r.returncode}")

    # --- the documented CSV columns are the header the program writes
    header = lines_of(run("timeline", tokyo, "--format", "csv", "--tz", "UTC").stdout)[0].split(",")
    readme = open(os.path.join(SOURCE, "README.md"), encoding="utf-8").read()
    section = readme[readme.index("### The merged timeline"):]
    section = section[:section.index("\n### ", 10)]
    documented = []
    for row in re.findall(r"^\| ([^|]+) \|", section, re.M):
        if row.strip() not in ("column", "---"):
            documented += [c.strip() for c in row.split(",")]
    expect(documented == header, f"README's timeline CSV columns {documented} != header {header}")
    docs = open(os.path.join(SOURCE, "docs", "diagnosis-json.md"), encoding="utf-8").read()
    stated = re.search(r"CSV columns[^`]*`([^`]+)`", docs)
    expect(stated and stated.group(1).split(",") == header,
           f"docs/diagnosis-json.md's CSV columns {stated.group(1) if stated else None} != header {header}")

    # --- a real log, when the samples are there
    samples = os.environ.get("EVTXDIAG_SAMPLES_DIR", "")
    sample = os.path.join(samples, "omer__2-vss_7-System.evtx") if samples else ""
    if sample and os.path.isfile(sample):
        real = [dump_keys(json.loads(line)) for line in lines_of(run("dump", sample, "--tz", "UTC").stdout)]
        real_ids = sorted({e["id"] for e in real})
        real_providers = sorted({e["provider"] for e in real})
        check_filters("dump", [sample], dump_keys, ["--tz", "UTC"], [
            (["--provider", real_providers[0]], lambda e: e["provider"] == real_providers[0]),
            (["--event-id", str(real_ids[0])], lambda e: e["id"] == real_ids[0]),
            (["--level", "error,warning"], lambda e: e["level"] in (2, 3)),
        ] + window_cases([e["time"] for e in real], "UTC")[:2])
    else:
        skip_part("sample:omer__2-vss_7-System.evtx", "the real-log part (the synthetic part passed)" if not failures else "")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("event filters: ok")
