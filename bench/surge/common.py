"""What the parts of the deadline-surge benchmark share: where things are, the limits, and the
records of one run."""

from __future__ import annotations

import argparse
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
BENCHMARKS = ROOT / "BENCHMARKS.md"
HOST = "127.0.0.1"  # every request of the benchmark goes here and nowhere else


def section_markers(args) -> tuple[str, str]:
    """Each load shape keeps its own section of BENCHMARKS.md: the burst (all released at
    once) and the last minute (start times spread over it)."""
    name = "deadline-surge-last-minute" if args.spread else "deadline-surge"
    return f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"


P99_TARGET_SECONDS = 1.0
MB = 1024 * 1024


class BenchmarkError(Exception):
    """The benchmark could not run (set-up overran, gunicorn did not start ...): exit 2."""


@dataclass
class Run:
    """Everything one run makes, so that `finally` can clean it up."""

    args: argparse.Namespace
    db_name: str
    env: dict
    workdir: Path
    gunicorn: subprocess.Popen | None = None
    port: int = 0
    database_created: bool = False
    busy_before: float = 0.0  # share of CPU time busy in the idle 5 s before the surge
    cpu: dict = field(default_factory=dict)  # CPU seconds used in the on-time phase, by whom

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"


@dataclass(frozen=True)
class Bidder:
    """One invited supplier, its bid manager's token, and the tender it will send."""

    number: int
    supplier_id: int
    token: str
    price: str
    answer: str
    file_name: str
    content: bytes
    sha256: str


@dataclass
class World:
    """What the set-up made; the procurement's part is filled in by `open_procurement`."""

    buyer_id: int
    approver_id: int
    bidders: list[Bidder] = field(default_factory=list)
    procurement_id: int = 0
    procurement_reference: str = ""
    criterion_id: int = 0
    deadline: datetime | None = None
    setup_seconds: float = 0.0


@dataclass
class Result:
    bidder: Bidder
    status: int | str  # an HTTP status, or the name of a transport error
    code: str  # the error code of a refusal ("" for a 2xx)
    started: float  # seconds relative to the deadline, by the wall clock
    seconds: float  # latency: request sent to response read
    body: dict


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""
