#!/usr/bin/env python3
"""CLI side of the reports: --color never|auto|always and NO_COLOR (ANSI only when
asked or on a terminal), an example in every subcommand's --help, timeline CSV columns and
messages (en and ja), diagnose --format html -o (byte-identical on a second run), --lang ja."""
import csv
import io
import os
import pty
import subprocess
import sys
import tempfile

EVTXDIAG = os.environ["EVTXDIAG"]
SCENARIO = os.path.join(os.environ["EVTXDIAG_SOURCE_DIR"], "testdata", "scenarios", "seed-004-hyperv-spp-timeout.yaml")
COLUMNS = ("datetime,timestamp,timestamp_desc,message,message_source,time_local,computer,channel,provider,event_id,"
           "level,record_id,file,job,role").split(",")
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def run(cwd, *args, env=None):
    p = subprocess.run([EVTXDIAG, *args], cwd=cwd, capture_output=True, env=env, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")


def on_terminal(cwd, *args, env):
    """Runs with stdout and stderr on a pseudo-terminal; returns everything it printed."""
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        os.execve(EVTXDIAG, [EVTXDIAG, *args], env)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    return out.decode("utf-8", "replace")


def main():
    rc, top, _ = run(".", "--help")
    listing = top.split("ubcommands:")[-1].split("\n\n")[0]
    commands = [line.split()[0] for line in listing.splitlines() if line.strip()]
    check(len(commands) >= 6, f"subcommands found: {commands}")
    for command in commands:
        _, text, _ = run(".", command, "--help")
        check("Example" in text and f"evtxdiag {command}" in text, f"{command} --help has no example")

    with tempfile.TemporaryDirectory(prefix="evtxdiag-report-") as tmp:
        logs = os.path.join(tmp, "logs")
        check(run(tmp, "synth", SCENARIO, "--out", logs)[0] == 0, "synth")
        base = ["diagnose", ".", "--tz", "Asia/Tokyo"]
        env = dict(os.environ, TERM="xterm")
        env.pop("NO_COLOR", None)

        _, always, _ = run(logs, *base, "--color", "always")
        check("\x1b[1;31mCause\x1b[0m" in always, "--color always has ANSI codes")
        _, piped, _ = run(logs, *base, env=env)
        check("\x1b" not in piped, "auto in a pipe: no ANSI")
        _, never, _ = run(logs, *base, "--color", "never")
        check("\x1b" not in never and never == piped, "--color never: no ANSI")
        check(always.replace("\x1b[1;31m", "").count("\x1b") > 0, "results and headings coloured too")
        tty = on_terminal(logs, *base, env=env)
        check("\x1b[1;31mCause" in tty, "auto on a terminal: colour")
        tty_no_color = on_terminal(logs, *base, env=dict(env, NO_COLOR="1"))
        check("Cause: " in tty_no_color and "\x1b[" not in tty_no_color, "NO_COLOR on a terminal: no colour")

        html_path = os.path.join(tmp, "report.html")
        rc, out, _ = run(logs, *base, "--format", "html", "-o", html_path)
        check(rc == 0 and out == "", "html -o writes the file, not stdout")
        with open(html_path, encoding="utf-8") as f:
            first = f.read()
        run(logs, *base, "--format", "html", "-o", html_path)
        with open(html_path, encoding="utf-8") as f:
            check(f.read() == first, "html report is deterministic")
        check(first.startswith("<!DOCTYPE html>") and 'id="job-5"' in first, "html content")
        _, ja, _ = run(logs, *base, "--lang", "ja")
        check(ja.startswith("概要\n  HYPERV01: ") and "\nコンピューター:" in ja and "確信度 0.70" in ja and "  原因: " in ja,
              "--lang ja headings")

        rc, out, _ = run(logs, "timeline", ".", "--tz", "Asia/Tokyo", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(out)))
        check(rc == 0 and out.splitlines()[0].split(",") == COLUMNS, "timeline csv header")
        check(rows and all(r["datetime"].endswith("Z") and r["time_local"].endswith("+09:00") for r in rows), "csv times")
        check(all(r["timestamp_desc"] == "Event Logged" and r["message"] for r in rows), "csv message always set")
        first_row = rows[0]
        micros = int(first_row["timestamp"])
        check(micros > 1_300_000_000_000_000, "timestamp in microseconds")
        known = [r for r in rows if r["provider"] == "Microsoft-Windows-Backup" and r["event_id"] == "521"]
        check(known and known[0]["message_source"] == "knowledge" and "2155348001" in known[0]["message"]
              and "%1" not in known[0]["message"], "521 message from the template with the event's values")
        _, out_ja, _ = run(logs, "timeline", ".", "--tz", "Asia/Tokyo", "--format", "csv", "--lang", "ja")
        ja_rows = [r for r in csv.DictReader(io.StringIO(out_ja)) if r["event_id"] == "521"]
        check(ja_rows and "シャドウ コピー" in ja_rows[0]["message"], "ja template message in the csv")
    if failures:
        print("\n".join(failures))
        return 1
    print("colour, help examples, timeline csv, html and ja checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
