"""The report: the machine, the numbers, the assertions; and BENCHMARKS.md."""

from __future__ import annotations

import json
import math
import os
import platform
import re
import sys
from collections import Counter
from datetime import datetime
from importlib import metadata
from pathlib import Path

from .common import (
    BENCHMARKS,
    MB,
    P99_TARGET_SECONDS,
    Result,
    Run,
    section_markers,
)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def latency_row(label: str, results: list[Result]) -> str:
    values = [r.seconds for r in results]
    if not values:
        return f"| {label} | 0 | - | - | - | - |"
    cells = " | ".join(f"{percentile(values, p) * 1000:.0f}" for p in (50, 95, 99))
    return f"| {label} | {len(values)} | {cells} | {max(values) * 1000:.0f} |"


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text()
    total_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
        cursor.execute("SHOW synchronous_commit")
        sync_commit = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    return {
        "nproc": os.cpu_count(),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "memory": f"{total_kb / 1024 / 1024:.1f} GiB",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "postgresql": f"{pg_version} (synchronous_commit={sync_commit}, "
        f"shared_buffers={shared_buffers}, same machine)",
        "django": metadata.version("django"),
        "gunicorn": metadata.version("gunicorn"),
        "cryptography": metadata.version("cryptography"),
        "httpx": metadata.version("httpx"),
    }


def report(run, world, on_time, on_time_elapsed, late, checks, timings, profile) -> str:
    args = run.args
    info = machine()
    created = [r for r in on_time if r.status == 201]
    uploaded = sum(len(r.bidder.content) for r in on_time)
    p99 = percentile([r.seconds for r in on_time], 99) if on_time else float("inf")
    correct = all(c.ok for c in checks)
    latency_ok = p99 < P99_TARGET_SECONDS
    last_receipt = max((r.body["submitted_at"] for r in created), default="")
    now = datetime.now().astimezone()
    section_start, section_end = section_markers(args)
    lines = [
        section_start,
        (
            "## Deadline surge, the last minute: sealed tenders (`make bench-last-minute`)"
            if args.spread
            else "## Deadline surge, the burst: sealed tenders (`make bench-burst`)"
        ),
        "",
        f"Run on {now:%Y-%m-%d %H:%M %Z} with `bench/deadline_surge.py"
        + "".join(f" {a}" for a in sys.argv[1:])
        + "`"
        + ". How to run it and what it measures: [bench/README.md](bench/README.md).",
        "",
        "**Machine.** "
        f"{info['nproc']} CPUs ({info['cpu']}), {info['memory']} memory, {info['os']}; "
        f"Python {info['python']}; PostgreSQL {info['postgresql']}; Django {info['django']}, "
        f"gunicorn {info['gunicorn']}, cryptography {info['cryptography']}; "
        f"client httpx {info['httpx']} (asyncio) on the same machine. The CPUs were "
        f"{run.busy_before:.0%} busy with other work in the idle 5 s before the surge.",
        "",
        f"**Server.** `gunicorn procura.wsgi --worker-class gthread --workers {args.workers} "
        f"--threads {args.threads} --keep-alive 75` on 127.0.0.1 with "
        "`procura.settings.production` "
        f"(DATABASE_CONN_MAX_AGE={args.conn_max_age}); before the surge, warmed up with rounds "
        f"of {args.workers * args.threads * 2} concurrent GETs /api/v1/me (a worker imports the "
        "URLconf and the API on its first request), then a CHECKPOINT.",
        "",
        f"**Load.** {args.suppliers} invited suppliers. {len(on_time)} submit "
        f"concurrently (at most {args.concurrency} in flight), "
        + (
            f"starting {'evenly' if args.arrivals == 'even' else 'at random times'} "
            f"over {args.spread:g} s from "
            if args.spread
            else "all released at once "
        )
        + f"{-min(r.started for r in on_time):.0f} s before "
        f"the deadline, each with a different price, one quality answer and a "
        f"{args.file_mb:g} MB random file; then {len(late)} more start "
        f"{min((r.started for r in late), default=0):.1f} s after it. "
        f"Set-up (accounts through the services, {args.suppliers} tokens, invitations) took "
        f"{world.setup_seconds:.1f} s.",
        "",
        "| On-time phase | |",
        "|---|---|",
        f"| wall time | {on_time_elapsed:.2f} s |",
        f"| throughput | {len(created) / on_time_elapsed:.1f} tenders/s, "
        f"{uploaded / MB / on_time_elapsed:.1f} MB/s of files |",
        f"| last receipt | {last_receipt} (deadline {world.deadline.isoformat()}) |",
        f"| CPU used | {cpu_text(run.cpu, on_time_elapsed, info['nproc'])} |",
        "",
        "| Latency (ms, nearest rank) | n | p50 | p95 | p99 | max |",
        "|---|---|---|---|---|---|",
        latency_row("on time", on_time),
        latency_row("late", late),
        "",
        "| Status codes | |",
        "|---|---|",
        f"| on time | {codes(on_time)} |",
        f"| late | {codes(late)} |",
        "",
        f"Opening (close_tendering, then the buyer's and the approver's confirmations): the "
        f"quorum-reaching confirmation decrypted and verified {len(created)} tenders "
        f"({uploaded / MB:.0f} MB) in {timings.get('opening_seconds', float('nan')):.2f} s.",
        "",
        "| Assertion | Result |",
        "|---|---|",
        *(f"| {c.name} | {'PASS' if c.ok else 'FAIL: ' + c.detail} |" for c in checks),
        "",
        f"**Target** (p99 under {P99_TARGET_SECONDS:.0f} s, zero lost, zero late accepted): "
        f"p99 {p99 * 1000:.0f} ms: **{'PASS' if latency_ok else 'FAIL'}**; "
        f"correctness: **{'PASS' if correct else 'FAIL'}**.",
    ]
    if profile:
        lines += ["", *profile]
    lines.append(section_end)
    return "\n".join(lines) + "\n"


def cpu_text(cpu: dict, elapsed: float, cpus: int) -> str:
    if not cpu:
        return "-"
    parts = ", ".join(
        f"{key} {cpu[key]:.1f}" for key in ("gunicorn", "postgresql and the rest", "client")
    )
    return (
        f"{cpu['machine']:.1f} CPU-s of {cpus * elapsed:.1f} available "
        f"({cpu['machine'] / (cpus * elapsed):.0%} busy): {parts}"
    )


def codes(results: list[Result]) -> str:
    counts = Counter(f"{r.status} {r.code}".strip() for r in results)
    return ", ".join(f"{key}: {n}" for key, n in sorted(counts.items())) or "-"


def write_benchmarks(section: str, args) -> None:
    section_start, section_end = section_markers(args)
    if BENCHMARKS.exists():
        text = BENCHMARKS.read_text()
    else:
        text = (
            "# Benchmarks\n\nResults of the benchmarks under `bench/`, each replaced by its "
            "latest run. Numbers depend on the machine: compare runs on the same one.\n"
        )
    pattern = re.compile(re.escape(section_start) + r".*?" + re.escape(section_end) + r"\n?", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    BENCHMARKS.write_text(text)


def read_profile(run: Run) -> list[str]:
    """Aggregate the per-request timings that bench/profiled_wsgi.py wrote (--profile)."""
    rows = []
    for path in (run.workdir / "profile").glob("*.jsonl"):
        rows += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if r.get("submit")]
    if not rows:
        return ["(--profile: no server timings were recorded)"]
    parts = [
        ("request in the app (WSGI call)", "app"),
        ("before the service: multipart parsing, token, access", "before_service"),
        ("service total (incl. commit)", "service"),
        ("waiting for the procurement row lock", "lock_wait"),
        ("holding the lock (service minus wait)", "locked"),
        ("sealing (X25519 + AES-256-GCM, content and file)", "seal"),
        ("audit.record (incl. chain-head lock)", "audit"),
        ("SQL in the service (excl. the lock's SELECT)", "sql"),
        ("commit", "commit"),
    ]
    accepted = [r for r in rows if r.get("ok")]
    lines = [
        f"**Server-side profile** ({len(accepted)} accepted submissions; ms):",
        "",
        "| Phase | p50 | p95 | max | sum (s) |",
        "|---|---|---|---|---|",
    ]
    for label, key in parts:
        values = [r[key] for r in accepted if key in r]
        if values:
            lines.append(
                f"| {label} | {percentile(values, 50) * 1000:.1f} | "
                f"{percentile(values, 95) * 1000:.1f} | {max(values) * 1000:.1f} | "
                f"{sum(values):.2f} |"
            )
    return lines
