"""The conflicts assessment (Procurement Act 2023 s.83), prepared before publication and revised
as the procurement runs."""

from django.db import transaction

from procura.accounts.models import User
from procura.audit import services as audit
from procura.core import clock
from procura.core.errors import DomainError

from .. import rules
from ..events import ProcurementEvent
from ..models import ConflictsAssessment, Procurement
from .lifecycle import _require_buyer_org, lock_procurement


@transaction.atomic
def record_conflicts_assessment(
    *, actor: User, procurement: Procurement, summary: str
) -> ConflictsAssessment:
    """Prepare or revise the conflicts assessment (s.83(1), (5))."""
    _require_buyer_org(actor, procurement.authority)
    procurement = lock_procurement(procurement)
    if not summary.strip():
        raise DomainError(
            "invalid_input",
            "Describe the conflicts identified and how they are mitigated.",
            field="summary",
        )
    if violation := rules.check_conflicts_assessment_revisable(procurement.status):
        raise violation
    now = clock.now()
    assessment, created = ConflictsAssessment.objects.get_or_create(
        procurement=procurement,
        defaults={
            "summary": summary,
            "prepared_by": actor,
            "prepared_at": now,
            "last_revised_at": now,
        },
    )
    before = {} if created else {"summary": assessment.summary}
    if not created:
        assessment.summary = summary
        assessment.last_revised_at = now
        assessment.save(update_fields=["summary", "last_revised_at"])
    audit.record(
        actor=actor,
        event_type=ProcurementEvent.CONFLICTS_ASSESSED,
        obj=procurement,
        organisation_id=procurement.authority_id,
        before=before,
        after={"summary": summary},
    )
    return assessment
