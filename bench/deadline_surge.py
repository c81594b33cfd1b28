"""Deadline surge: many suppliers submit sealed tenders in the last minute, and a few too late.

Run with `make bench` (or `.venv/bin/python bench/deadline_surge.py --help`). What it does, what
it measures and how to read the results: bench/README.md. In short, on this machine it

1. creates a fresh PostgreSQL database, migrates it with the production settings, and sets up an
   authority with a two-officer opening panel, a procurement open for tenders whose deadline is
   a little over a minute ahead, and invited suppliers with a bid manager and an API token each;
2. starts gunicorn against that database (127.0.0.1 only);
3. in the last minute before the deadline, sends the on-time tenders concurrently through
   POST /api/v1/procurements/{id}/tender (a price, one quality answer, a random file), and just
   after the deadline the late ones;
4. reports throughput, latency and status codes, then asserts that exactly the on-time tenders
   are stored, none of the late ones, and that after close_tendering and the two-officer opening
   every tender decrypts to exactly what its supplier sent;
5. writes the results to BENCHMARKS.md.

It always stops gunicorn and drops the database at the end unless --keep is given. Exit status:
0 when every correctness assertion holds (the latency target is reported PASS/FAIL but does not
fail the run), 1 when a correctness assertion fails, 2 when the benchmark could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import signal
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from surge.checks import check_responses, check_stored, open_and_check
from surge.common import BENCHMARKS, HOST, ROOT, BenchmarkError, Run
from surge.load import (
    busy_fraction,
    cpu_snapshot,
    cpu_times,
    cpu_used,
    phase,
    seconds_to,
    sleep_until,
    warm_up,
)
from surge.report import codes, read_profile, report, write_benchmarks
from surge.server import (
    checkpoint,
    create_database,
    drop_database,
    environment,
    migrate,
    setup_django,
    start_gunicorn,
    stop_gunicorn,
    wait_until_answering,
)
from surge.world import open_procurement, set_up_people


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--suppliers", type=int, default=250, help="invited suppliers (default 250)")
    add("--on-time", type=int, default=200, help="of which tender on time (default 200)")
    add("--file-mb", type=float, default=1.0, help="size of each tender's file in MB (1)")
    add("--concurrency", type=int, default=64, help="requests in flight at once (64)")
    add("--workers", type=int, default=4, help="gunicorn worker processes (4)")
    add("--threads", type=int, default=4, help="gunicorn threads per worker (4)")
    add("--conn-max-age", type=int, default=0, help="DATABASE_CONN_MAX_AGE for gunicorn (0)")
    add("--window", type=float, default=60.0, help="seconds before the deadline the surge starts")
    add("--settle", type=float, default=15.0, help="seconds allowed after the procurement is made")
    add("--late-after", type=float, default=1.0, help="seconds after the deadline the late start")
    add("--timeout", type=float, default=30.0, help="hard limit on each request, in seconds")
    add("--pg", default=f"postgres://postgres@{HOST}:5432", help="PostgreSQL server (trust auth)")
    add(
        "--spread",
        type=float,
        default=0.0,
        help="start the on-time tenders evenly over this many seconds instead of all at once",
    )
    add("--profile", action="store_true", help="time the server's phases (bench/profiled_wsgi)")
    add(
        "--arrivals",
        choices=["even", "random"],
        default="even",
        help="with --spread: start times evenly spaced, or uniformly random (seeded) as real "
        "last-minute submissions cluster",
    )
    add("--seed", type=int, default=2026, help="seed of the random start times (2026)")
    add("--keep", action="store_true", help="leave the database and print how to reach it")
    add("--no-write", action="store_true", help="print the results; do not touch BENCHMARKS.md")
    args = parser.parse_args(argv)
    if not 0 < args.on_time <= args.suppliers:
        parser.error("--on-time must be between 1 and --suppliers")
    if not 1 <= args.concurrency <= 200:
        parser.error("--concurrency must be between 1 and 200")
    if args.timeout + args.spread >= args.window:
        parser.error("--timeout plus --spread must be shorter than --window")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    workdir = Path(tempfile.mkdtemp(prefix="bench_surge_"))
    db_name = f"bench_surge_{stamp}"
    run = Run(args=args, db_name=db_name, env=environment(args, db_name, workdir), workdir=workdir)
    # A plain `kill` must still stop gunicorn and drop the database: run the `finally` below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    status = 2
    try:
        status = _main(run, stamp)
        return status
    except BenchmarkError as error:
        print(f"deadline-surge: could not run: {error}", file=sys.stderr)
        return 2
    finally:
        stop_gunicorn(run)
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if run.database_created and not args.keep:
            drop_database(run)
            print(f"Dropped the database {db_name}.")
        elif run.database_created:
            print(f"Kept the database: DATABASE_URL={run.env['DATABASE_URL']}")
        if args.keep or status != 0:
            print(f"gunicorn's log (and --profile's timings) are in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def _main(run: Run, stamp: str) -> int:
    args = run.args
    print(f"Creating and migrating {run.db_name} ...", flush=True)
    create_database(run)
    print(f"  migrated in {migrate(run):.1f} s", flush=True)
    setup_django(run)
    start_gunicorn(run)  # boots while the accounts are made
    print(f"Setting up {args.suppliers} suppliers ...", flush=True)
    world, authority, buyer, suppliers = set_up_people(run, stamp)
    print(f"  done in {world.setup_seconds:.1f} s", flush=True)
    started = time.monotonic()
    wait_until_answering(run)
    ready = time.monotonic() - started
    rounds = asyncio.run(warm_up(run, world))
    print(
        f"  gunicorn answered after {ready:.1f} s more; warmed up in {rounds} rounds, "
        f"{time.monotonic() - started - ready:.1f} s",
        flush=True,
    )
    # Only now is the deadline fixed: what is left of the set-up is quick and predictable.
    open_procurement(run, stamp, world, authority, buyer, suppliers)
    checkpoint(run)
    print(
        f"  procurement {world.procurement_reference} open; deadline "
        f"{world.deadline.isoformat()} ({seconds_to(world.deadline):.0f} s from now)",
        flush=True,
    )
    surge_at = world.deadline - timedelta(seconds=args.window)
    if seconds_to(surge_at) < -5:
        raise BenchmarkError(
            f"set-up overran the surge's start by {-seconds_to(surge_at):.0f} s: raise --settle"
        )
    print(f"Waiting {max(0.0, seconds_to(surge_at)):.0f} s for the last minute ...", flush=True)
    sleep_until(surge_at - timedelta(seconds=5), limit=args.settle + 1)
    before = cpu_times()
    sleep_until(surge_at, limit=6)
    run.busy_before = busy_fraction(before, cpu_times())
    if run.busy_before > 0.1:
        print(
            f"  warning: the CPUs were {run.busy_before:.0%} busy while the benchmark was idle "
            "just before the surge: something else is using this machine, and the numbers "
            "will show it",
            flush=True,
        )

    on_time_bidders = world.bidders[: args.on_time]
    late_bidders = world.bidders[args.on_time :]
    print(f"On time: {len(on_time_bidders)} tenders, {args.concurrency} in flight ...", flush=True)
    cpu_before = cpu_snapshot(run)
    on_time, on_time_elapsed = asyncio.run(phase(run, world, on_time_bidders, args.spread))
    run.cpu = cpu_used(cpu_before, cpu_snapshot(run))
    print(f"  {on_time_elapsed:.2f} s; {codes(on_time)}", flush=True)
    late_at = world.deadline + timedelta(seconds=args.late_after)
    sleep_until(late_at, limit=args.window + args.late_after + 1)
    print(f"Late: {len(late_bidders)} tenders ...", flush=True)
    late, _ = asyncio.run(phase(run, world, late_bidders)) if late_bidders else ([], 0.0)
    print(f"  {codes(late)}", flush=True)

    stop_gunicorn(run)  # nothing else talks to the server; opening runs through the services
    profile = read_profile(run) if args.profile else []
    checks = check_responses(world, on_time, late) + check_stored(world, on_time, late)
    print("Closing and opening through the services ...", flush=True)
    opening_checks, timings = open_and_check(world, on_time)
    checks += opening_checks
    section = report(run, world, on_time, on_time_elapsed, late, checks, timings, profile)
    print()
    print(section)
    if not args.no_write:
        write_benchmarks(section, args)
        print(f"Wrote {BENCHMARKS.relative_to(ROOT)}.")
    return 0 if all(c.ok for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
