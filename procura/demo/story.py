"""The demo story: the reference scenarios (docs/scenarios.md), played through the services.

`seed_demo` calls `play()` after it has made the demo organisations and people (`people`). Each
scenario is a generator: it yields the moment of its next step, and the code after the `yield` is
that step, run inside `clock.travel(moment)` so that every deadline, notice, receipt and audit
event carries its story time. `play()` runs the steps of every scenario in time order,
interleaved, and seed_demo makes the people first, at `world_begins`, so that on a fresh database
the whole audit trail reads forwards in time like a real one.

Dates are relative to the real today, so the stages stay true whenever the demo is loaded: the Met
framework has just had its tenders opened and is part-way through evaluation (`met_framework`);
the Staffordshire contract was awarded two working days ago and is in its standstill period
(`staffordshire`); a small Met procurement is open for requests to participate, so that a
supplier can try the gate (`met_forensics`). Each scenario's module has one function per stage.

Figures not known publicly (prices, scores, turnovers, names of suppliers) are made up; every
supplier is fictional (`people`).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from procura.core import clock
from procura.procurements.models import Procurement

from . import met_forensics, met_framework, staffordshire
from .steps import MPS, STAFFS, Cast, Story, world_begins


@dataclass(frozen=True)
class Scenario:
    title: str
    authority: str
    story: Callable[[Cast, date], Story]
    describe: Callable[[Procurement], list[str]]


class StoryOutOfOrder(RuntimeError):
    """A story step is before the previous one, before the world began, or in the future."""


def replay(stories: list[Story], *, begins: datetime, now: datetime) -> int:
    """Run the steps of every story in time order, each inside `clock.travel(its moment)`.
    Returns the number of steps. A story's moments must move forwards, after `begins` and
    before `now`: anything else is a mistake in the story, refused before that step runs."""
    queue: list[tuple[datetime, int, Story]] = []

    def schedule(index: int, story: Story, previous: datetime) -> None:
        moment = next(story, None)
        if moment is None:
            return
        if not previous <= moment < now:
            raise StoryOutOfOrder(
                f"Story {index + 1}: the step at {clock.format_datetime(moment)} must be after "
                f"{clock.format_datetime(previous)} and before now."
            )
        heapq.heappush(queue, (moment, index, story))

    for index, story in enumerate(stories):
        schedule(index, story, begins)
    steps = 0
    while queue:
        moment, index, story = heapq.heappop(queue)
        with clock.travel(moment):
            schedule(index, story, moment)
        steps += 1
    return steps


def find(scenario: Scenario) -> Procurement | None:
    return Procurement.objects.filter(
        authority__name=scenario.authority, title=scenario.title
    ).first()


def play(*, now: datetime | None = None) -> list[Scenario]:
    """Play every scenario that is not in the database yet (found by title and authority);
    return those played. Call inside a transaction, after seed_demo made the cast."""
    now = now or clock.now()
    today = clock.local(now).date()
    pending = [s for s in SCENARIOS if find(s) is None]
    if pending:
        cast = Cast.load()
        replay(
            [s.story(cast, today) for s in pending],
            begins=world_begins(today),
            now=now,
        )
    return pending


# ---------------------------------------------------------------------------------------------
# What each scenario shows, for seed_demo's output
# ---------------------------------------------------------------------------------------------


SCENARIOS = [
    Scenario(
        met_framework.MET_TITLE,
        MPS,
        met_framework.met_var_framework,
        met_framework.describe_met,
    ),
    Scenario(
        staffordshire.STAFFS_TITLE,
        STAFFS,
        staffordshire.staffordshire_partner,
        staffordshire.describe_staffordshire,
    ),
    Scenario(
        met_forensics.FORENSICS_TITLE,
        MPS,
        met_forensics.met_forensics,
        met_forensics.describe_forensics,
    ),
]


def summary() -> list[str]:
    """Each scenario's procurement, its stage and what it shows, for people to read."""
    lines = []
    for scenario in SCENARIOS:
        procurement = find(scenario)
        if procurement is None:
            continue
        lines.append(
            f"{procurement.reference} {procurement.title} ({procurement.authority}): "
            f"{procurement.get_status_display()}"
        )
        lines.extend(f"    {line}" for line in scenario.describe(procurement))
    return lines
