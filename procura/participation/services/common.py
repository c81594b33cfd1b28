"""What the participation services share: the lock order, the guards every write starts with,
the participant's status move and the handling of uploaded files."""

import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from procura.accounts.models import Organisation
from procura.accounts.selectors import has_role
from procura.accounts.states import OrganisationKind, Role
from procura.core.errors import DomainError, NotFound
from procura.procurements import services as procurement_services
from procura.procurements.models import Procurement
from procura.procurements.states import Status

from .. import errors, selectors
from ..models import Participant
from ..states import ParticipantStatus, can_transition

#: Statuses in which the procurement is over and its participation stage can no longer change.
FINISHED = frozenset({Status.TERMINATED, Status.CONTRACT_SIGNED})


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset()


def _lock_procurement(procurement: Procurement) -> Procurement:
    return procurement_services.lock_procurement(procurement)


def _lock_participant(participant: Participant) -> tuple[Procurement, Participant]:
    """Lock the procurement, then the participant (the fixed order)."""
    procurement = _lock_procurement(participant.procurement)
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    locked.procurement = procurement
    locked.supplier = participant.supplier
    return procurement, locked


def _require_buyer(actor, procurement: Procurement) -> None:
    if not has_role(actor, Role.BUYER, procurement.authority):
        raise DomainError(errors.FORBIDDEN, "Only a buyer of the authority can do this.")


def _require_bid_manager(actor, supplier: Organisation) -> None:
    if supplier.kind != OrganisationKind.SUPPLIER or not has_role(
        actor, Role.SUPPLIER_BID_MANAGER, supplier
    ):
        raise DomainError(errors.FORBIDDEN, "Only a bid manager of the supplier can do this.")


def _require_gate(participant: Participant) -> None:
    # The views and API check the gate first; this is the service's own guard.
    if not selectors.gate_is_current(participant):
        raise NotFound()


def _require_competitive_flexible(procurement: Procurement) -> None:
    if not procurement.is_competitive_flexible:
        raise DomainError(
            errors.NOT_COMPETITIVE_FLEXIBLE,
            "Only a competitive flexible procedure has a participation stage: in an open "
            "procedure an admitted supplier goes straight to its tender.",
            section="Procurement Act 2023 s.20",
        )


def _move(participant: Participant, target: str) -> None:
    if not can_transition(participant.status, target):
        raise DomainError(
            "invalid_transition",
            f"A supplier that is {participant.get_status_display().lower()} cannot become "
            f"{ParticipantStatus(target).label.lower()}.",
        )
    participant.status = target


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


def _clean_text(value, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(errors.INVALID_INPUT, message, field=field)
    return value
