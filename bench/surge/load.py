"""The client side: concurrent multipart submissions with httpx, the warm-up, the clock, and
what the CPUs did meanwhile."""

from __future__ import annotations

import asyncio
import json
import math
import os
import random
import resource
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import httpx

from .common import HOST, BenchmarkError, Bidder, Result, Run, World


def seconds_to(moment: datetime) -> float:
    return moment.timestamp() - time.time()


async def submit(client, semaphore, url, bidder, criterion_id, timeout, delay) -> Result:
    """One supplier's tender as the API documents it: a `tender` part holding JSON and a `files`
    part. Timed from sending to the whole response read, once a place in flight is free."""
    tender = {"price": bidder.price, "answers": {str(criterion_id): bidder.answer}}
    await asyncio.sleep(delay)
    async with semaphore:
        started_wall = time.time()
        started = time.perf_counter()
        try:
            response = await asyncio.wait_for(
                client.post(
                    url,
                    headers={"Authorization": f"Bearer {bidder.token}"},
                    data={"tender": json.dumps(tender)},
                    files=[
                        ("files", (bidder.file_name, bidder.content, "application/octet-stream"))
                    ],
                ),
                timeout=timeout,
            )
            status = response.status_code
            try:
                body = response.json()
            except ValueError:
                body = {"raw": response.text[:200]}
        except (httpx.HTTPError, TimeoutError) as error:
            status, body = type(error).__name__, {}
        seconds = time.perf_counter() - started
    code = body.get("code", "") if isinstance(status, int) and status >= 400 else ""
    return Result(bidder, status, code, started_wall, seconds, body)


async def phase(
    run: Run, world: World, bidders: list[Bidder], spread: float = 0.0
) -> tuple[list[Result], float]:
    """Send every bidder's tender, at most `--concurrency` at once, all released together or
    `spread` seconds apart in all. Returns the results (with `started` relative to the deadline)
    and the wall time from the first request sent to the last response read."""
    args = run.args
    url = f"{run.base_url}/api/v1/procurements/{world.procurement_id}/tender"
    assert url.startswith(f"http://{HOST}:")
    semaphore = asyncio.Semaphore(args.concurrency)
    limits = httpx.Limits(
        max_connections=args.concurrency, max_keepalive_connections=args.concurrency
    )
    budget = spread + args.timeout * math.ceil(len(bidders) / args.concurrency) + 10
    if getattr(args, "arrivals", "even") == "random" and spread:
        chance = random.Random(args.seed)  # noqa: S311 - a load shape, not a secret
        delays = sorted(chance.uniform(0, spread) for _ in bidders)
    else:
        delays = [n * spread / len(bidders) for n in range(len(bidders))]
    async with httpx.AsyncClient(limits=limits, timeout=args.timeout) as client:
        started = time.perf_counter()
        try:
            results = await asyncio.wait_for(
                asyncio.gather(
                    *(
                        submit(client, semaphore, url, b, world.criterion_id, args.timeout, delay)
                        for delay, b in zip(delays, bidders, strict=True)
                    )
                ),
                timeout=budget,
            )
        except TimeoutError as error:
            raise BenchmarkError(f"a phase overran its budget of {budget:.0f} s") from error
        elapsed = time.perf_counter() - started
    deadline_ts = world.deadline.timestamp()
    for result in results:
        result.started -= deadline_ts
    return results, elapsed


async def warm_up(run: Run, world: World, rounds: int = 10) -> int:
    """Each gunicorn worker imports the URLconf and the whole API on its first request, which
    takes seconds on this machine: send rounds of concurrent authenticated GETs /api/v1/me until
    a round is quick, as a server in service would long since have been. Returns the rounds."""
    url = f"{run.base_url}/api/v1/me"
    n = run.args.workers * run.args.threads * 2
    async with httpx.AsyncClient(timeout=run.args.timeout) as client:
        for round_number in range(1, rounds + 1):
            started = time.perf_counter()
            responses = await asyncio.gather(
                *(
                    client.get(url, headers={"Authorization": f"Bearer {b.token}"})
                    for b in world.bidders[:n]
                )
            )
            bad = [r.status_code for r in responses if r.status_code != 200]
            if bad:
                raise BenchmarkError(f"warm-up GETs failed: {Counter(bad)}")
            if time.perf_counter() - started < 0.5:
                return round_number
    return rounds


def sleep_until(moment: datetime, *, limit: float) -> None:
    """Sleep until `moment` (wall clock), never longer than `limit` seconds."""
    remaining = seconds_to(moment)
    if remaining > limit:
        raise BenchmarkError(f"refusing to sleep {remaining:.0f} s (limit {limit:.0f} s)")
    if remaining > 0:
        time.sleep(remaining)


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    # user nice system idle iowait irq softirq steal (guest time is already in user and nice)
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def busy_fraction(before: tuple[int, int], after: tuple[int, int]) -> float:
    total = after[1] - before[1]
    return (after[0] - before[0]) / total if total else 0.0


def process_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def children_of(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return children


def cpu_snapshot(run: Run) -> dict:
    """CPU seconds so far: the whole machine, this process (the client), gunicorn's workers."""
    busy, _ = cpu_times()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    workers = children_of(run.gunicorn.pid) if run.gunicorn else []
    return {
        "machine": busy / os.sysconf("SC_CLK_TCK"),
        "client": usage.ru_utime + usage.ru_stime,
        "gunicorn": sum(process_cpu_seconds(pid) for pid in [run.gunicorn.pid, *workers]),
    }


def cpu_used(before: dict, after: dict) -> dict:
    used = {key: after[key] - before[key] for key in before}
    used["postgresql and the rest"] = used["machine"] - used["client"] - used["gunicorn"]
    return used
