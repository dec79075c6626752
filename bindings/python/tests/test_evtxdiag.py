"""Tests of the installed `evtxdiag` Python package (run by tests/scripts/test_python_bindings.sh,
which sets EVTXDIAG_TEST_LOGS to the synthesised golden case seed-004 and PYTHONPATH to the
install prefix)."""
import datetime
import json
import os
import subprocess

import pytest

import evtxdiag

LOGS = os.environ["EVTXDIAG_TEST_LOGS"]
PREFIX = os.environ["EVTXDIAG_TEST_PREFIX"]
SCENARIO = os.environ["EVTXDIAG_TEST_SCENARIO"]
SYSTEM = os.path.join(LOGS, "System.evtx")
UTC = datetime.timezone.utc
SPP_CAUSE = "Shared protection point (SPP) creation timed out under the load of running VMs"


def test_the_installed_package_is_imported():
    assert os.path.realpath(evtxdiag.__file__).startswith(os.path.realpath(PREFIX))
    assert evtxdiag.__version__.count(".") == 2


def test_read_yields_events_with_attributes_and_utc_times():
    reader = evtxdiag.read(SYSTEM)
    events = list(reader)
    assert len(events) == 47
    first = events[0]
    assert (first.provider, first.event_id, first.event_record_id) == ("EventLog", 6013, 98812)
    assert first.qualifiers == 32768
    assert first.time_created == datetime.datetime(2012, 1, 16, 3, 0, 0, tzinfo=UTC)
    assert first.time_created.utcoffset() == datetime.timedelta(0)
    assert first.data["7"] == "-540 東京 (標準時)"
    assert first.origin == "live"
    assert reader.diagnostics == [] and reader.undecodable == 0


def test_to_dict_is_plain_data_and_the_cli_serialisation():
    event = next(iter(evtxdiag.read(SYSTEM)))
    d = event.to_dict()
    assert d["provider"] == "EventLog" and d["event_id"] == 6013
    assert d["time_created"] == "2012-01-16T03:00:00.0000000Z"
    assert [f["name"] for f in d["data"]][:2] == ["1", "2"]
    json.dumps(d)  # everything serialisable
    # Byte for byte what `evtxdiag dump --tz UTC` prints for the same record.
    cli = os.path.join(PREFIX, "bin", "evtxdiag")
    dumped = subprocess.run([cli, "dump", SYSTEM, "--tz", "UTC"], capture_output=True, check=True).stdout
    lines = dumped.decode("utf-8").splitlines()
    assert [e.to_json() for e in evtxdiag.read(SYSTEM)] == lines


def test_bad_records_are_listed_not_raised(tmp_path):
    data = bytearray(open(SYSTEM, "rb").read())
    # Break the first record's binary XML (just after its 24-byte header in chunk 0).
    chunk = 4096
    start = chunk + 512 + 24
    data[start:start + 64] = b"\xff" * 64
    broken = tmp_path / "broken.evtx"
    broken.write_bytes(bytes(data))
    reader = evtxdiag.read(broken)
    events = list(reader)  # no exception
    assert reader.diagnostics, "a damaged record must be reported"
    assert all(isinstance(str(d), str) and d.file == str(broken) for d in reader.diagnostics)
    assert len(events) + reader.undecodable >= 40
    lost = [e for e in events if e.payload_lost]
    assert lost and all(e.payload_loss and e.record_number for e in lost)


def test_a_record_read_from_damaged_bytes_says_so(tmp_path):
    data = bytearray(open(SYSTEM, "rb").read())
    first = 4096 + 512  # the first record of chunk 0: flip a bit of the size copy at its end
    size = int.from_bytes(data[first + 4:first + 8], "little")
    data[first + size - 2] ^= 0x01
    damaged = tmp_path / "size-copy.evtx"
    damaged.write_bytes(bytes(data))
    reader = evtxdiag.read(damaged)
    events = list(reader)
    assert len(events) == 47 and reader.undecodable == 0
    assert "size copy" in events[0].record_damage and not events[0].payload_lost
    assert all(e.record_damage == "" for e in events[1:])
    assert '"record_damage":' in events[0].to_json()
    assert [d.record_id for d in reader.diagnostics] == [events[0].record_number]


def test_library_errors_raise_evtxdiag_error(tmp_path):
    with pytest.raises(evtxdiag.Error) as missing:
        evtxdiag.read(tmp_path / "missing.evtx")
    assert missing.value.kind == "io" and "missing.evtx" in str(missing.value)
    junk = tmp_path / "junk.evtx"
    junk.write_bytes(b"not an event log" * 10)
    with pytest.raises(evtxdiag.Error) as not_evtx:
        evtxdiag.read(junk)
    assert not_evtx.value.kind == "not_evtx"
    with pytest.raises(evtxdiag.Error):
        evtxdiag.diagnose(LOGS, tz="Mars/Olympus")
    assert issubclass(evtxdiag.Error, Exception)


# Every call that takes tz=, on the golden case.
ZONE_TAKERS = {
    "diagnose": lambda tz: evtxdiag.diagnose(LOGS, tz=tz),
    "diagnose_machines": lambda tz: evtxdiag.diagnose_machines(LOGS, tz=tz),
    "info": lambda tz: evtxdiag.info(LOGS, tz=tz),
    "dump": lambda tz: evtxdiag.dump(LOGS, tz=tz),
    "timeline": lambda tz: evtxdiag.timeline(LOGS, tz=tz),
}


@pytest.mark.parametrize("call", sorted(ZONE_TAKERS))
@pytest.mark.parametrize("tz", ["Mars/Olympus", "UTC+99", ""])
def test_a_malformed_zone_is_refused_naming_it(call, tz):
    ZONE_TAKERS[call]("UTC")  # the same call on the same logs works with a good zone
    with pytest.raises(evtxdiag.Error) as refused:
        ZONE_TAKERS[call](tz)  # not a crash, and no fall-back to auto or UTC
    assert refused.value.kind == "invalid_input"
    assert f"tz '{tz}'" in str(refused.value)


def test_diagnose_finds_the_golden_cause():
    result = evtxdiag.diagnose(LOGS, tz="auto")
    assert result.zone.name == "Tokyo Standard Time"
    assert result.computer == "HYPERV01"
    assert [job.result for job in result.jobs] == ["failed", "failed", "failed", "succeeded", "succeeded"]
    job = result.jobs[0]
    assert job.start_utc == datetime.datetime(2012, 1, 17, 12, 0, 2, 604000, tzinfo=UTC)
    assert job.start_local == "2012-01-17T21:00:02.6040000+09:00"
    assert [code.hex for code in job.codes] == ["0x80780021"]
    causes = [f for f in result.findings if f.verdict == "cause"]
    assert [(f.job, f.title) for f in causes] == [(1, SPP_CAUSE), (2, SPP_CAUSE), (3, SPP_CAUSE)]
    assert causes[0].evidence and causes[0].evidence[0].time_utc.tzinfo is not None
    herrings = [f for f in result.findings if f.verdict == "red-herring"]
    assert len(herrings) == 2
    assert not result.incomplete


def test_to_json_is_the_cli_document():
    result = evtxdiag.diagnose([LOGS], tz="auto")
    cli = os.path.join(PREFIX, "bin", "evtxdiag")
    out = subprocess.run([cli, "diagnose", LOGS, "--format", "json"], capture_output=True, check=False).stdout
    assert result.to_json() + "\n" == out.decode("utf-8")
    assert json.loads(result.to_json(indent=-1))["schema"] == "evtxdiag.diagnosis/2"


def test_info_is_the_cli_output_byte_for_byte():
    cli = os.path.join(PREFIX, "bin", "evtxdiag")
    for fmt in ("text", "json"):
        text, incomplete = evtxdiag.info([LOGS], format=fmt)
        out = subprocess.run([cli, "info", LOGS, "--format", fmt], capture_output=True, check=True).stdout
        assert text == out.decode("utf-8")
        assert not incomplete
    decoded, _ = evtxdiag.info(SYSTEM, tz="Asia/Tokyo", decode=True, format="json")
    facts = json.loads(decoded)
    assert facts["live_decoded"] == facts["live_records"] > 0
    assert facts["first_event_local"].endswith("+09:00")
    with pytest.raises(evtxdiag.Error):
        evtxdiag.info(SYSTEM, format="yaml")
    with pytest.raises(evtxdiag.Error):
        evtxdiag.info("/nonexistent/System.evtx")


def test_explain():
    en = evtxdiag.explain("0x80780021")
    assert en["known"] and en["hex"] == "0x80780021" and en["message"]
    assert evtxdiag.explain(2155348001)["hex"] == "0x80780021"
    assert en["stage"] == "snapshot"
    assert evtxdiag.explain("0xDEADBEEF")["stage"] is None
    ja = evtxdiag.explain("0x80780021", lang="ja")
    assert ja["message"] != en["message"]
    assert evtxdiag.explain("0xDEADBEEF")["known"] is False
    with pytest.raises(evtxdiag.Error):
        evtxdiag.explain("not a code")


def test_timeline_dump_and_explain_are_the_cli_output_byte_for_byte():
    cli = os.path.join(PREFIX, "bin", "evtxdiag")
    filters = ["--provider", "Backup", "--level", "error,warning", "--from", "2012-01-17 21:00"]
    for fmt in ("text", "jsonl", "csv"):
        text, incomplete = evtxdiag.timeline(LOGS, tz="Asia/Tokyo", lang="ja", all=True, format=fmt, bom=fmt == "csv",
                                             provider="Backup", level=["error", "warning"], from_="2012-01-17 21:00")
        args = [cli, "timeline", LOGS, "--tz", "Asia/Tokyo", "--lang", "ja", "--all", "--format", fmt, *filters]
        out = subprocess.run(args + (["--bom"] if fmt == "csv" else []), capture_output=True, check=True).stdout
        assert text == out.decode("utf-8") and text.count("\n") > 1 and not incomplete
    text, _ = evtxdiag.dump(LOGS, tz="UTC", format="csv", event_id="1-100", provider=["Backup", "volsnap"])
    out = subprocess.run([cli, "dump", LOGS, "--tz", "UTC", "--format", "csv", "--event-id", "1-100", "--provider",
                          "Backup", "--provider", "volsnap"], capture_output=True, check=True).stdout
    assert text == out.decode("utf-8") and text.count("\n") > 1
    for query, lang, fmt in (("0x80780021", "ja", "text"), ("volsnap/27", "en", "json"), ("0xDEADBEEF", "en", "text")):
        text, known = evtxdiag.explain_text(query, lang=lang, format=fmt)
        out = subprocess.run([cli, "explain", query, "--lang", lang, "--format", fmt], capture_output=True)
        assert text == out.stdout.decode("utf-8") and known == (out.returncode == 0)
    assert evtxdiag.explain("volsnap/27")["id"] == 27
    with pytest.raises(evtxdiag.Error):
        evtxdiag.dump(LOGS, event_id="9-1")
    with pytest.raises(TypeError):
        evtxdiag.dump(LOGS, since="2012-01-17")
    with pytest.raises(evtxdiag.Error):
        evtxdiag.explain_text("volsnap/4242")


def test_synth(tmp_path):
    written = evtxdiag.synth(SCENARIO, tmp_path / "out")
    assert sorted(os.path.basename(p) for p in written) == sorted(os.listdir(LOGS))
    for path in written:
        assert open(path, "rb").read() == open(os.path.join(LOGS, os.path.basename(path)), "rb").read()
    with pytest.raises(evtxdiag.Error):
        evtxdiag.synth(SCENARIO, tmp_path / "out")  # refuses to overwrite
    assert len(evtxdiag.synth(SCENARIO, tmp_path / "out", force=True)) == len(written)


def test_synth_never_overwrites_the_scenario_or_a_log_without_force(tmp_path):
    with pytest.raises(evtxdiag.Error) as refused:
        evtxdiag.synth(SCENARIO, LOGS)  # the golden case's own logs are there
    assert refused.value.kind == "refused"


def test_nothing_to_diagnose_raises_like_the_cli_exits_2(tmp_path):
    with pytest.raises(evtxdiag.Error) as empty:
        evtxdiag.diagnose(tmp_path)
    assert empty.value.kind == "io" and "no .evtx file" in str(empty.value)
    junk = tmp_path / "junk.evtx"
    junk.write_bytes(b"not a log")
    with pytest.raises(evtxdiag.Error) as unreadable:
        evtxdiag.diagnose(junk)
    assert unreadable.value.kind == "not_evtx"


def test_archives_and_machines(tmp_path):
    import zipfile
    archive = tmp_path / "logs.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in os.listdir(LOGS):
            z.write(os.path.join(LOGS, name), f"東京/{name}")
    from_zip = evtxdiag.diagnose(archive)
    assert [j.result for j in from_zip.jobs] == [j.result for j in evtxdiag.diagnose(LOGS).jobs]
    assert all("!/東京/" in i.path for i in from_zip.inputs)
    # A second machine beside the first: diagnose() refuses to mix them, diagnose_machines() splits.
    other = os.path.join(os.path.dirname(SCENARIO), "seed-001-wsb-source-volume-space.yaml")
    evtxdiag.synth(other, tmp_path / "filesv")
    both = [LOGS, tmp_path / "filesv"]
    with pytest.raises(evtxdiag.Error) as mixed:
        evtxdiag.diagnose(both)
    assert mixed.value.kind == "invalid_input" and "HYPERV01" in str(mixed.value)
    machines = evtxdiag.diagnose_machines(both)
    assert [m.computer for m in machines] == ["FILESV01.example.local", "HYPERV01"]
    assert evtxdiag.diagnose(both, computer="hyperv01").computer == "HYPERV01"
    assert machines[1].computer_names[0]["name"] == "HYPERV01"
