"""The buyer's assessment of requests to participate and the exclusion decisions (ss.57-59)."""

from collections.abc import Mapping, Sequence
from datetime import date

from django.db import transaction

from procura.accounts.models import User
from procura.audit import services as audit
from procura.core import clock
from procura.procurements import services as procurement_services

from .. import rules, selectors
from ..events import ParticipationEvent
from ..models import Answer, ExclusionDecision, Participant, ParticipationResponse
from ..states import EXCLUDING_OUTCOMES, ExclusionOutcome, ParticipantStatus
from .common import _question_facts, _require_buyer, lock_participant, transition_participant


@transaction.atomic
def assess_response(
    *,
    actor: User,
    participant: Participant,
    marks: Sequence[Mapping] = (),
    financial_result: str | None = None,
    financial_comment: str | None = None,
) -> ParticipationResponse:
    """Record the buyer's marks for a submitted request to participate, after the deadline and
    before the shortlist: `marks` is [{question_id, result ('pass'/'fail'/''), score, comment}];
    the financial information is passed or failed too."""
    procurement, participant = lock_participant(participant)
    _require_buyer(actor, procurement)
    # Assessed after the deadline: one the clock has passed is closed first (s.54(2)).
    procurement = procurement_services.close_passed_deadlines(procurement=procurement)
    participant.procurement = procurement
    rules.check_assessable(
        procurement_status=procurement.status,
        participant_status=participant.status,
        supplier=participant.supplier.name,
    )
    response = selectors.response_of(participant)
    assert response is not None  # a submitted request has its response
    questions = {q.pk: q for q in selectors.questions_of(procurement)}
    rules.check_assessment(
        questions={pk: _question_facts(q) for pk, q in questions.items()},
        marks=marks,
        financial_result=financial_result,
    )
    answers = selectors.answers_by_question(response)
    cleaned = [
        (
            answers[mark["question_id"]],
            mark.get("result") or "",
            mark.get("score"),
            (mark.get("comment") or "").strip(),
        )
        for mark in marks
    ]
    now = clock.now()
    before, after = {}, {}
    for answer, result, score, comment in cleaned:
        key = str(answer.question_id)
        before[key] = {"result": answer.result, "score": answer.score, "comment": answer.comment}
        answer.result, answer.score, answer.comment = result, score, comment
        answer.assessed_at = now if (result or score is not None) else None
        answer.assessed_by = actor if answer.assessed_at else None
        after[key] = {"result": result, "score": score, "comment": comment}
    Answer.objects.bulk_update(
        [c[0] for c in cleaned], ["result", "score", "comment", "assessed_at", "assessed_by"]
    )
    financial_before = {
        "result": response.financial_result,
        "comment": response.financial_comment,
    }
    if financial_result is not None:
        response.financial_result = financial_result
    if financial_comment is not None:
        response.financial_comment = financial_comment.strip()
    response.assessed_at = now
    response.assessed_by = actor
    response.save(
        update_fields=["financial_result", "financial_comment", "assessed_at", "assessed_by"]
    )
    audit.record(
        actor=actor,
        event_type=ParticipationEvent.RESPONSE_ASSESSED,
        obj=participant,
        organisation_id=procurement.authority_id,
        before={"marks": before, "financial": financial_before},
        after={
            "supplier": participant.supplier.name,
            "marks": after,
            "financial": {
                "result": response.financial_result,
                "comment": response.financial_comment,
            },
        },
    )
    return response


@transaction.atomic
def record_exclusion_decision(
    *,
    actor: User,
    participant: Participant,
    outcome: str,
    ground_type: str = "",
    ground: str = "",
    representations: str = "",
    representations_invited_on: date | None = None,
    evidence: str = "",
    reasons: str = "",
    decided_on: date | None = None,
) -> ExclusionDecision:
    """Record whether a supplier is excluded, excludable and excluded, or not excluded (s.57),
    with the ground, its representations and evidence (s.58(2)) and the date; an exclusion
    excludes it from the procurement and sets the day by which the Minister must be told
    (s.59). Decided for every supplier that submitted before the shortlist (s.27)."""
    procurement, participant = lock_participant(participant)
    _require_buyer(actor, procurement)
    rules.check_exclusion_decidable(
        procurement_status=procurement.status,
        competitive_flexible=procurement.is_competitive_flexible,
        participant_status=participant.status,
        supplier=participant.supplier.name,
    )
    decided_on = decided_on or clock.today()
    rules.check_exclusion_decision(
        outcome=outcome,
        ground_type=ground_type or "",
        ground=ground or "",
        representations=representations or "",
        representations_invited_on=representations_invited_on,
        reasons=reasons or "",
        decided_on=decided_on,
        today=clock.today(),
    )
    now = clock.now()
    decision = ExclusionDecision.objects.create(
        participant=participant,
        outcome=outcome,
        ground_type=ground_type or "",
        ground=(ground or "").strip(),
        representations=(representations or "").strip(),
        representations_invited_on=representations_invited_on,
        evidence=(evidence or "").strip(),
        reasons=(reasons or "").strip(),
        decided_on=decided_on,
        minister_notification_due=rules.minister_notification_due(outcome, decided_on),
        recorded_at=now,
        recorded_by=actor,
    )
    decided = {
        "decision_id": decision.pk,
        "outcome": ExclusionOutcome(outcome).label.lower(),
        "outcome_code": outcome,
        "ground_type": decision.ground_type,
        "ground": decision.ground,
        "representations_recorded": bool(decision.representations),
        "representations_invited_on": representations_invited_on,
        "decided_on": decided_on,
        "minister_notification_due": decision.minister_notification_due,
    }
    if outcome in EXCLUDING_OUTCOMES:
        transition_participant(
            participant,
            ParticipantStatus.EXCLUDED,
            actor=actor,
            event_type=ParticipationEvent.EXCLUSION_DECIDED,
            stamp="decided_at",
            at=now,
            changes={"decision_reason": decision.reasons},
            after=decided,
            reason=decision.reasons,
        )
    else:
        # Not excluded: the decision is on the record, the supplier's status stays as it is.
        audit.record(
            actor=actor,
            event_type=ParticipationEvent.EXCLUSION_DECIDED,
            obj=participant,
            organisation_id=procurement.authority_id,
            before={"status": participant.status},
            after={"supplier": participant.supplier.name, "status": participant.status, **decided},
            reason=decision.reasons,
        )
    return decision
