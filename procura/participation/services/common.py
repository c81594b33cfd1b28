"""What the participation services share: the lock order, the guards every write starts with,
the participant's status move and the handling of uploaded files."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from procura.accounts.models import Organisation
from procura.accounts.selectors import has_role
from procura.accounts.states import OrganisationKind, Role
from procura.audit import services as audit
from procura.core import clock, locks
from procura.core.errors import DomainError, NotFound
from procura.procurements import services as procurement_services
from procura.procurements.models import Procurement

from .. import errors, rules, selectors
from ..models import Participant, Question
from ..states import ParticipantStatus, can_transition

if TYPE_CHECKING:
    from procura.accounts.models import User

#: Statuses in which the procurement is over and its participation stage can no longer change.
FINISHED = rules.FINISHED


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset()


def _lock_procurement(procurement: Procurement) -> Procurement:
    return procurement_services.lock_procurement(procurement)


def lock_participant(participant: Participant) -> tuple[Procurement, Participant]:
    """Lock the procurement, then the participant (the fixed order): concurrent changes to one
    supplier's participation queue behind each other and behind the procurement's."""
    procurement = _lock_procurement(participant.procurement)
    locked = locks.lock(participant)
    locked.procurement = procurement
    locked.supplier = participant.supplier
    return procurement, locked


def _require_buyer(actor: User, procurement: Procurement) -> None:
    if not has_role(actor, Role.BUYER, procurement.authority):
        raise DomainError(errors.FORBIDDEN, "Only a buyer of the authority can do this.")


def _require_bid_manager(actor: User, supplier: Organisation) -> None:
    if supplier.kind != OrganisationKind.SUPPLIER or not has_role(
        actor, Role.SUPPLIER_BID_MANAGER, supplier
    ):
        raise DomainError(errors.FORBIDDEN, "Only a bid manager of the supplier can do this.")


def _require_gate(participant: Participant) -> None:
    # The views and API check the gate first; this is the service's own guard.
    if not selectors.gate_is_current(participant):
        raise NotFound()


def _require_competitive_flexible(procurement: Procurement) -> None:
    rules.check_competitive_flexible(procurement.is_competitive_flexible)


def _move(participant: Participant, target: str) -> None:
    if not can_transition(participant.status, target):
        raise DomainError(
            "invalid_transition",
            f"A supplier that is {participant.get_status_display().lower()} cannot become "
            f"{ParticipantStatus(target).label.lower()}.",
        )
    participant.status = target


def transition_participant(
    participant: Participant,
    target: str,
    *,
    actor: User | None,
    event_type: str,
    stamp: str | None = None,
    at: datetime | None = None,
    changes: Mapping[str, object] | None = None,
    after: Mapping[str, object] | None = None,
    reason: str = "",
) -> Participant:
    """Move a locked participant to `target`, stamp the milestone's time (`at`, or now) in the
    field `stamp` (e.g. "admitted_at"), set the other `changes`, save, and audit the move on
    the participant's timeline, in the caller's transaction.

    The one way a single participant's status changes (the shortlist, which moves many at
    once, uses the same transition table); refused with `invalid_transition` (nothing changed)
    unless the table allows the move."""
    before = participant.status
    _move(participant, target)
    fields = ["status"]
    if stamp:
        setattr(participant, stamp, at or clock.now())
        fields.append(stamp)
    for name, value in (changes or {}).items():
        setattr(participant, name, value)
        fields.append(name)
    participant.save(update_fields=fields)
    audit.record(
        actor=actor,
        event_type=event_type,
        obj=participant,
        organisation_id=participant.procurement.authority_id,
        before={"status": before},
        after={
            "supplier": participant.supplier.name,
            "status": participant.status,
            **(after or {}),
        },
        reason=reason,
    )
    return participant


def _hash_upload(uploaded: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def _delete_later(field_file) -> None:
    """Remove a replaced draft file once the replacement is committed."""
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


def _question_facts(question: Question) -> rules.QuestionFacts:
    return rules.QuestionFacts(
        id=question.pk,
        position=question.position,
        kind=question.kind,
        text=question.text,
        required=question.required,
        max_score=question.max_score,
    )
