"""The opening panel and the one opening of the tenders, after the deadline, once enough
distinct officers have confirmed; the authority's opening policy."""

from dataclasses import dataclass

from django.db import transaction

from procura.accounts.models import Organisation, User
from procura.accounts.selectors import has_role
from procura.accounts.states import Role
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError
from procura.procurements import services as procurement_services
from procura.procurements.models import Procurement
from procura.procurements.states import Status

from .. import rules, sealing, selectors
from ..events import TenderingEvent
from ..models import (
    OpeningConfirmation,
    SealingKey,
    Tender,
    TenderOpening,
    TenderOpeningPolicy,
    UnsealedFile,
    UnsealedTender,
)
from ..states import Integrity, TenderStatus
from .keys import _content_aad, _file_aad, _private_key_for_opening

OPENING_PANEL_ROLES = (Role.BUYER, Role.APPROVER)


@dataclass(frozen=True)
class OpeningOutcome:
    confirmations: int
    panel_size: int
    opened: bool
    tenders_opened: int = 0
    problems: int = 0


def _panel_members(procurement: Procurement) -> list:
    """Officers who confirmed and still hold a panel role in the authority."""
    return [
        confirmation.officer
        for confirmation in OpeningConfirmation.objects.filter(
            procurement=procurement
        ).select_related("officer")
        if any(
            has_role(confirmation.officer, role, procurement.authority)
            for role in OPENING_PANEL_ROLES
        )
    ]


@transaction.atomic
def confirm_opening(*, actor: User, procurement: Procurement) -> OpeningOutcome:
    """One officer of the opening panel (a buyer or approver of the authority) confirms that
    the tenders may be opened. When the authority's panel size of DISTINCT officers have
    confirmed, the tenders are opened, once, here and nowhere else."""
    procurement = procurement_services.lock_procurement(procurement)
    if not any(has_role(actor, role, procurement.authority) for role in OPENING_PANEL_ROLES):
        raise DomainError(
            "forbidden_action",
            "Only a buyer or an approver of the authority can be on the opening panel.",
        )
    now = clock.now()
    # The scheduled job may not have run yet: close what the clock has passed, as it would.
    procurement = procurement_services.close_passed_deadlines(procurement=procurement)
    rules.check_opening_confirmation(
        now=now,
        deadline=procurement.tender_deadline,
        status=procurement.status,
        opened=TenderOpening.objects.filter(procurement=procurement).exists(),
        already_confirmed=OpeningConfirmation.objects.filter(
            procurement=procurement, officer=actor
        ).exists(),
    )
    panel_size = selectors.panel_size_for(procurement.authority)
    confirmed = len(_panel_members(procurement)) + 1
    reaching_quorum = rules.quorum_reached(confirmed_officers=confirmed, panel_size=panel_size)
    # Unwrap before writing anything: if the key cannot be unlocked, nothing changes.
    private_key = _private_key_for_opening(procurement) if reaching_quorum else None

    OpeningConfirmation.objects.create(procurement=procurement, officer=actor, confirmed_at=now)
    audit.record(
        actor=actor,
        event_type=TenderingEvent.OPENING_CONFIRMED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        after={"confirmations": confirmed, "panel_size": panel_size},
    )
    if not reaching_quorum:
        return OpeningOutcome(confirmations=confirmed, panel_size=panel_size, opened=False)
    opening = _open_tenders(procurement=procurement, private_key=private_key, panel_size=panel_size)
    return OpeningOutcome(
        confirmations=confirmed,
        panel_size=panel_size,
        opened=True,
        tenders_opened=opening.tenders_opened,
        problems=opening.problems,
    )


def _open_tenders(*, procurement: Procurement, private_key: bytes | None, panel_size: int):
    """Decrypt every live tender, check it against its receipt, store it for evaluation, and
    move the procurement to evaluation. Only `confirm_opening` calls this."""
    now = clock.now()
    opening = TenderOpening.objects.create(
        procurement=procurement,
        opened_at=now,
        panel_size=panel_size,
        tenders_opened=0,
        problems=0,
    )
    SealingKey.objects.filter(procurement=procurement).update(released_at=now)
    results = []
    live = (
        Tender.objects.filter(procurement=procurement, status=TenderStatus.SUBMITTED)
        .select_related("supplier", "procurement", "lot")
        .order_by("supplier__name", "pk")
    )
    for tender in live:
        # A live tender was sealed under the procurement's key, so the key exists and was
        # unwrapped: `_private_key_for_opening` gives None only when nobody ever tendered.
        assert private_key is not None
        unsealed = _unseal(tender, private_key=private_key, opening=opening)
        results.append({"reference": tender.reference, "integrity": unsealed.integrity})
    opening.tenders_opened = len(results)
    opening.problems = sum(1 for r in results if r["integrity"] != Integrity.VERIFIED)
    opening.save(update_fields=["tenders_opened", "problems"])
    procurement_services.transition(
        procurement,
        Status.EVALUATION,
        actor=None,
        event_type=TenderingEvent.TENDERS_OPENED,
        after={
            "tenders_opened": opening.tenders_opened,
            "problems": opening.problems,
            "panel": [str(officer) for officer in _panel_members(procurement)],
            "tenders": results,
        },
    )
    return opening


def _unseal(tender: Tender, *, private_key: bytes, opening: TenderOpening) -> UnsealedTender:
    """Decrypt one tender and verify it against its receipt. A mismatch is recorded on the
    opened tender and flagged, never silently ignored."""
    procurement = tender.procurement
    try:
        content = sealing.unseal(
            private_key,
            sealing.Sealed(bytes(tender.content_ciphertext), bytes(tender.content_wrapped_key)),
            aad=_content_aad(procurement, tender.reference),
        )
        parsed = rules.parse_content(content)
    except (sealing.SealBroken, ValueError, KeyError, TypeError):
        return UnsealedTender.objects.create(
            tender=tender,
            opening=opening,
            integrity=Integrity.UNDECRYPTABLE,
            problem="The tender could not be decrypted: its sealed content does not "
            "authenticate, so it was damaged or altered after submission.",
        )
    problems = []
    lot_number = tender.lot.number if tender.lot is not None else ""
    if parsed.lot != lot_number:
        problems.append(
            f"The sealed content is for lot {parsed.lot or '(none)'} but the tender was "
            f"received for lot {lot_number or '(none)'}."
        )
    actual = rules.sha256_hex(content)
    if actual != tender.content_sha256:
        problems.append(
            f"The content's SHA-256 is {actual} but the receipt says {tender.content_sha256}."
        )
    stored_files = list(tender.files.order_by("position"))
    if len(stored_files) != len(parsed.files):
        problems.append(
            f"The receipt lists {len(parsed.files)} files but {len(stored_files)} are stored."
        )
    unsealed = UnsealedTender.objects.create(
        tender=tender,
        opening=opening,
        price=parsed.price,
        line_items=[
            {"description": item.description, "amount": f"{item.amount:f}"}
            for item in parsed.line_items
        ],
        answers={str(key): value for key, value in parsed.answers.items()},
        integrity=Integrity.VERIFIED,
    )
    for stored, fact in zip(stored_files, parsed.files, strict=False):
        try:
            data = sealing.unseal(
                private_key,
                sealing.Sealed(bytes(stored.ciphertext), bytes(stored.wrapped_key)),
                aad=_file_aad(procurement, tender.reference, stored.position),
            )
        except sealing.SealBroken:
            data, integrity = b"", Integrity.UNDECRYPTABLE
            problems.append(f"The file {fact.name} could not be decrypted.")
        else:
            integrity = Integrity.VERIFIED
            if rules.sha256_hex(data) != fact.sha256 or stored.sha256 != fact.sha256:
                integrity = Integrity.MISMATCH
                problems.append(f"The file {fact.name} does not match the receipt's SHA-256.")
        UnsealedFile.objects.create(
            unsealed_tender=unsealed,
            position=stored.position,
            name=fact.name,
            sha256=fact.sha256,
            size=fact.size,
            content=data,
            integrity=integrity,
        )
    if problems:
        unsealed.integrity = Integrity.MISMATCH
        unsealed.problem = " ".join(problems)
        unsealed.save(update_fields=["integrity", "problem"])
    return unsealed


@transaction.atomic
def set_opening_policy(*, actor: User, authority: Organisation, panel_size) -> TenderOpeningPolicy:
    """Set how many distinct officers of the authority must confirm before tenders are opened."""
    if not has_role(actor, Role.BUYER, authority):
        raise DomainError("forbidden_action", "Only a buyer of the authority can do this.")
    size = rules.check_panel_size(panel_size)
    policy = TenderOpeningPolicy.objects.select_for_update().filter(authority=authority).first()
    before = {"panel_size": policy.panel_size if policy else selectors.DEFAULT_PANEL_SIZE}
    if policy is None:
        policy = TenderOpeningPolicy(authority=authority)
    policy.panel_size = size
    policy.updated_at = clock.now()
    policy.updated_by = actor
    policy.save()
    audit.record(
        actor=actor,
        event_type=TenderingEvent.OPENING_POLICY_SET,
        obj=policy,
        organisation_id=authority.pk,
        before=before,
        after={"panel_size": size},
    )
    return policy
