"""python3 -m evtxdiag_celery submit|local ... (see --help)."""
import argparse
import sys

EPILOG = """exit codes: 0 every case ok, 1 some case not ok, 2 usage error or no case, 3 --fail-on matched,
4 the run stopped before every case came back (the cases are named; run the same command again
to do only those)."""


def _batch_options(parser):
    group = parser.add_argument_group("diagnosis options (passed to every worker's evtxdiag batch)")
    group.add_argument("--tz", help="zone of the customer, or auto")
    group.add_argument("--margin", help="minutes searched around each job")
    group.add_argument("--lang", choices=("en", "ja"))
    group.add_argument("--knowledge", action="append", default=[], help="knowledge folder (on the workers)")
    group.add_argument("--no-recovered", action="store_true")
    group.add_argument("--no-timings", action="store_true", help="byte-reproducible output (no elapsed_ms, no time line)")
    parser.add_argument("--fail-on", choices=("cause", "contributing", "red-herring", "context"))
    parser.add_argument("--summary", help="write the summary here instead of stderr")
    parser.add_argument("--idle-timeout", type=float, help="give up after this many seconds without any case coming back")
    parser.add_argument("--force", action="store_true", help="allow the output inside a corpus folder")


def _options(args):
    options = []
    for name in ("tz", "margin", "lang"):
        if getattr(args, name):
            options += [f"--{name}", str(getattr(args, name))]
    for folder in args.knowledge:
        options += ["--knowledge", folder]
    options += ["--no-recovered"] * args.no_recovered + ["--no-timings"] * args.no_timings
    return options


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m evtxdiag_celery",
                                     description="evtxdiag batch on Celery + Redis workers.", epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    submit = commands.add_parser("submit", help="send cases to running workers, collect and reduce their lines",
                                 epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    submit.add_argument("corpus", nargs="*", help="corpus folders, archives or .evtx files (batch's case rules)")
    submit.add_argument("--list", action="append", default=[], metavar="FILE",
                        help="a file of case URIs, one per line (path, file://, http(s)://, s3://); - for stdin")
    submit.add_argument("--listing", action="append", default=[], metavar="FILE",
                        help="the output of 'evtxdiag batch --list-cases'")
    submit.add_argument("--out", required=True, help="the reduced JSONL (OUT.partial holds the lines of a run in progress)")
    submit.add_argument("--window", type=int, default=500, help="cases in the queue at a time (default 500)")
    _batch_options(submit)
    local = commands.add_parser("local", help="scripts/distributed-local: Redis and workers on loopback, then submit",
                                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    local.add_argument("corpus")
    local.add_argument("out")
    local.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    local.add_argument("--concurrency", type=int, default=1, help="cases at a time in each worker (default 1)")
    local.add_argument("--state", help="write the pids of Redis and the workers here (JSON), for tests and monitoring")
    _batch_options(local)
    args = parser.parse_args(argv)
    if args.command == "submit":
        if not args.corpus and not args.list and not args.listing:
            parser.error("submit: give corpus folders, --list or --listing")
        from . import settings
        from .producer import submit as run_submit
        return run_submit(settings.load(), args.corpus, args.list, args.listing, args.out, _options(args),
                          args.fail_on, args.summary, args.window, args.idle_timeout, args.force)
    from .local import run_local
    return run_local(args.corpus, args.out, _options(args), args.fail_on, args.summary, args.workers,
                     args.concurrency, args.idle_timeout, args.force, args.state)


if __name__ == "__main__":
    sys.exit(main())
