"""The agreements gate (NDA and ethical walls): versions, interest and acceptance. The buyer's
terms, not the Act: house rules, each saying so."""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from procura.core.errors import RuleViolation

from .. import errors
from ..states import REQUIRED_AGREEMENTS, AgreementKind, ParticipantStatus
from .stage import _required_text, check_not_finished


def gate_is_current(
    current: Mapping[str, int | None], accepted: Iterable[int], *, gated: bool = True
) -> bool:
    """Whether a supplier has accepted the current version of every required agreement.

    `gated` False: the procurement does not keep its documents behind agreements (its set-up),
    so the gate is open to every supplier taking part.

    `current` maps each agreement kind to the id of its newest version (None if the buyer has not
    issued one); `accepted` holds the ids of the versions the supplier accepted. A kind not yet
    issued cannot have been accepted, so the gate fails closed. A new version supersedes the
    old: access is suspended until it too is accepted (the buyer's terms, not the Act).
    """
    if not gated:
        return True
    accepted = set(accepted)
    return all(
        current.get(kind) is not None and current[kind] in accepted for kind in REQUIRED_AGREEMENTS
    )


def sha256_of_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, kw_only=True)
class AgreementVersion:
    """The newest version of an agreement as issued: its number, title and text's SHA-256."""

    version: int
    title: str
    sha256: str


def check_new_agreement(
    *, procurement_status: str, kind: str, title: str, text: str, current: AgreementVersion | None
) -> None:
    """A new version of the NDA or ethical walls agreement has a kind, a title and a text, and
    differs from the current version (it suspends every supplier's access until accepted, so
    issuing the same words again would only lock suppliers out). The buyer's terms, not the Act:
    a house rule."""
    check_not_finished(procurement_status)
    if kind not in AgreementKind.values:
        raise RuleViolation(errors.INVALID_INPUT, "Choose the kind of agreement.", field="kind")
    _required_text(title, "title", "Enter the title of the agreement.")
    _required_text(text, "text", "Enter the text of the agreement.")
    if (
        current is not None
        and current.sha256 == sha256_of_text(text.strip())
        and current.title == title.strip()
    ):
        raise RuleViolation(
            errors.AGREEMENT_UNCHANGED,
            f"This is the same as version {current.version}: change the text to issue a new "
            "version.",
            field="text",
        )


def check_may_express_interest(
    *,
    competitive_flexible: bool,
    status: str,
    already_interested: bool,
    supplier: str,
    deadline: datetime | None = None,
    now: datetime | None = None,
) -> None:
    """A supplier may join while the procurement is open for it (`open_for_interest`: s.20(4),
    s.54(3)-(4)), judged against the clock at the moment of asking (the deadline closes the
    window when it passes, not when the scheduled job records it), once (a house rule: one
    participation per supplier and procurement)."""
    if not open_for_interest(
        competitive_flexible=competitive_flexible, status=status, deadline=deadline, now=now
    ):
        raise RuleViolation(
            errors.NOT_OPEN_FOR_INTEREST,
            "This procurement is not open: interest can no longer be expressed.",
        )
    if already_interested:
        raise RuleViolation(
            errors.ALREADY_INTERESTED,
            f"{supplier} has already expressed interest in this procurement.",
        )


def check_acceptance(
    *,
    procurement_status: str,
    participant_status: str,
    kind: str,
    version: int,
    current_version: int,
    is_current: bool,
    already_accepted: bool,
) -> None:
    """A supplier still taking part accepts the current version of an agreement, once. A house
    rule (the buyer's terms): an old version no longer opens the gate (`gate_is_current`)."""
    check_not_finished(procurement_status)
    if participant_status == ParticipantStatus.WITHDRAWN:
        raise RuleViolation("withdrawn", "Your organisation has withdrawn from this procurement.")
    name = AgreementKind(kind).label.lower()
    if not is_current:
        raise RuleViolation(
            errors.AGREEMENT_SUPERSEDED,
            f"Version {version} of the {name} has been replaced by version {current_version}: "
            "read and accept the current version.",
        )
    if already_accepted:
        raise RuleViolation(
            errors.ALREADY_ACCEPTED,
            f"Your organisation has already accepted version {version} of the {name}.",
        )


def open_for_interest(
    *,
    competitive_flexible: bool,
    status: str,
    deadline: datetime | None = None,
    now: datetime | None = None,
) -> bool:
    """Whether a supplier may still join. In a competitive flexible procedure only while
    requests to participate are open (after that the authority assesses those who asked,
    s.20(4), s.54(3)); in an open procedure only while tenders may be submitted (s.54(4)).
    `deadline` is the deadline of that window (participation or tender): at or after it the
    window is closed whatever the status still says (s.54(2): the same instant for everyone)."""
    if deadline is not None and now is not None and now >= deadline:
        return False
    return status == ("participation_open" if competitive_flexible else "tendering_open")
