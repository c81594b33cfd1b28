"""Publication on Find a Tender, as pure functions: plain values in, nothing or a RuleViolation
out. Nothing here reads the clock or the database."""

import re
from datetime import datetime

from procura.core.errors import RuleViolation
from procura.core.formatting import format_date

from .states import Publication, can_transition

REGS = "Procurement Regulations 2024"
# Find a Tender numbers its notices nnnnnn-yyyy (six digits, a hyphen, the year).
FTS_NOTICE_ID = re.compile(r"\d{6}-\d{4}")


def check_publication_move(current: str, target: str) -> None:
    """A notice moves prepared → sent → published on Find a Tender, and is published there once
    (Procurement Regulations 2024 reg 5(4)): `states.PUBLICATION_TRANSITIONS`."""
    if current == Publication.PUBLISHED:
        raise RuleViolation(
            "notice_already_published",
            "This notice is already recorded as published on Find a Tender.",
            section=f"{REGS} reg 5(4)",
        )
    if not can_transition(current, target):
        raise RuleViolation(
            "notice_already_sent",
            "This notice is already recorded as sent to Find a Tender.",
            section=f"{REGS} reg 5(4)",
        )


def check_fts_notice_id(value: str) -> None:
    """Find a Tender's identifier of the notice, as Find a Tender shows it: `nnnnnn-yyyy`.
    A notice is published when it is on the central digital platform (Procurement Regulations
    2024 reg 5(4)); its identifier there is what shows it."""
    if not value.strip():
        raise RuleViolation(
            "fts_notice_id_missing",
            "Enter the notice identifier Find a Tender gave the notice, like 012345-2026.",
            section=f"{REGS} reg 5(4)",
            field="fts_notice_id",
        )
    if not FTS_NOTICE_ID.fullmatch(value.strip()):
        raise RuleViolation(
            "fts_notice_id_ill_formed",
            f"“{value.strip()}” is not a Find a Tender notice identifier: enter six digits, a "
            "hyphen and the year, like 012345-2026.",
            section=f"{REGS} reg 5(4)",
            field="fts_notice_id",
        )


def check_fts_published_at(published_at: datetime, *, prepared_at: datetime, now: datetime) -> None:
    """Find a Tender cannot have published the notice before Procura prepared it, nor at a time
    still to come: a notice must not be published elsewhere before it is on the central digital
    platform (Procurement Regulations 2024 reg 5(4) and (11)), so Procura prepares it first and
    shows it only once Find a Tender has published it."""
    if published_at < prepared_at:
        raise RuleViolation(
            "fts_published_before_prepared",
            f"Find a Tender cannot have published the notice before it was prepared on "
            f"{format_date(prepared_at.date())}: check the publication date.",
            section=f"{REGS} reg 5(11)",
            field="published_on",
        )
    if published_at > now:
        raise RuleViolation(
            "fts_published_in_future",
            f"The publication date, {format_date(published_at.date())}, is still to come: record "
            "the publication once Find a Tender shows the notice.",
            section=f"{REGS} reg 5(4)",
            field="published_on",
        )
