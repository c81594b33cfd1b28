"""The procurement's sealing key: made with its first tender, its private half wrapped under
the key-encryption key and unwrapped only for the opening (ADR 0003)."""

from django.conf import settings

from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError
from procura.procurements.models import Procurement

from .. import errors, sealing
from ..events import TenderingEvent
from ..models import SealingKey


def _keks() -> list[bytes]:
    return sealing.keks_from_setting(getattr(settings, "PROCURA_TENDER_KEK", None))


def _key_context(procurement: Procurement) -> bytes:
    return f"procurement/{procurement.pk}/{procurement.ocid}".encode()


def _content_aad(procurement: Procurement, reference: str) -> bytes:
    return f"procura/tender/{procurement.pk}/{reference}/content".encode()


def _file_aad(procurement: Procurement, reference: str, position: int) -> bytes:
    return f"procura/tender/{procurement.pk}/{reference}/file/{position}".encode()


def _sealing_key(procurement: Procurement) -> SealingKey:
    """The procurement's sealing key, made on the first submission (the caller holds the
    procurement lock, so two first submissions cannot both make one)."""
    key = SealingKey.objects.filter(procurement=procurement).first()
    if key is not None:
        return key
    kek = _keks()[0]
    public_key, encrypted_private_key = sealing.new_key_pair(kek, context=_key_context(procurement))
    key = SealingKey.objects.create(
        procurement=procurement,
        scheme=sealing.SCHEME,
        public_key=public_key,
        encrypted_private_key=encrypted_private_key,
        kek_id=sealing.kek_id(kek),
        created_at=clock.now(),
    )
    # The system made it, as part of a submission: naming the submitter would tell the
    # timeline's readers who tendered first.
    audit.record(
        actor=None,
        event_type=TenderingEvent.SEALING_KEY_CREATED,
        obj=key,
        organisation_id=procurement.authority_id,
        after={"procurement": procurement.reference, "scheme": key.scheme, "kek_id": key.kek_id},
    )
    return key


def _private_key_for_opening(procurement: Procurement) -> bytes | None:
    """Unwrap the procurement's private key. Called only by `confirm_opening`, when the panel's
    quorum is reached after the deadline: nothing else in Procura unwraps it."""
    key = SealingKey.objects.filter(procurement=procurement).first()
    if key is None:
        return None  # nobody ever tendered
    for kek in _keks():
        if sealing.kek_id(kek) == key.kek_id:
            try:
                return sealing.decrypt_private_key(
                    kek, bytes(key.encrypted_private_key), context=_key_context(procurement)
                )
            except sealing.SealBroken:
                break
    raise DomainError(
        errors.SEALING_KEY_UNAVAILABLE,
        "The tenders cannot be opened: the key that seals them cannot be unlocked with the "
        "configured key-encryption key. Nothing was opened. Contact the service team.",
    )
