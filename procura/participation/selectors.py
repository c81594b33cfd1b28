"""Reads of the participation stage. Each list read runs a fixed number of queries.

`may_submit_tender`, `invited_suppliers` and `participants_for_buyer` are used by the tendering
and evaluation apps: keep their names and meaning.
"""

from collections import defaultdict
from dataclasses import dataclass

from procura.accounts.models import Organisation
from procura.accounts.selectors import organisation_ids_where
from procura.accounts.states import OrganisationKind, Role
from procura.procurements.models import Procurement

from . import rules
from .models import (
    Agreement,
    AgreementAcceptance,
    Answer,
    ExclusionDecision,
    Participant,
    ParticipationResponse,
    ProcurementDocument,
    Question,
)
from .states import (
    EXCLUDING_OUTCOMES,
    GATE_PASSED,
    REQUIRED_AGREEMENTS,
    AssessmentResult,
    ParticipantStatus,
    QuestionKind,
)

# --- The agreements gate ----------------------------------------------------------------------


def current_agreements(procurement: Procurement) -> dict[str, Agreement]:
    """The newest version of each kind of agreement the buyer has issued."""
    current: dict[str, Agreement] = {}
    for agreement in Agreement.objects.filter(procurement=procurement).order_by("kind", "-version"):
        current.setdefault(agreement.kind, agreement)
    return current


def agreement_history(procurement: Procurement) -> list[Agreement]:
    return list(
        Agreement.objects.filter(procurement=procurement)
        .select_related("created_by")
        .order_by("kind", "-version")
    )


def accepted_agreement_ids(participant: Participant) -> set[int]:
    return set(
        AgreementAcceptance.objects.filter(participant=participant).values_list(
            "agreement_id", flat=True
        )
    )


def gate_is_current(participant: Participant, current: dict[str, Agreement] | None = None) -> bool:
    """Whether the supplier has passed the gate and accepted the CURRENT version of every
    required agreement: a new version closes the gate again until it is accepted."""
    if participant.status not in GATE_PASSED:
        return False
    current = current_agreements(participant.procurement) if current is None else current
    return rules.gate_is_current(
        {kind: a.pk for kind, a in current.items()},
        accepted_agreement_ids(participant),
        gated=participant.procurement.documents_behind_agreements,
    )


def agreements_to_accept(participant: Participant) -> list[dict]:
    """Each required agreement with its current version (None if not issued yet) and whether
    this supplier has accepted that version: what the supplier's agreements page shows. None
    where the procurement does not keep its documents behind agreements."""
    if not participant.procurement.documents_behind_agreements:
        return []
    current = current_agreements(participant.procurement)
    accepted = {
        a.agreement_id: a
        for a in AgreementAcceptance.objects.filter(participant=participant).select_related(
            "accepted_by"
        )
    }
    rows = []
    for kind in REQUIRED_AGREEMENTS:
        agreement = current.get(kind)
        acceptance = accepted.get(agreement.pk) if agreement else None
        rows.append(
            {
                "kind": kind,
                "kind_label": kind.label,
                "agreement": agreement,
                "acceptance": acceptance,
                "accepted": acceptance is not None,
                "earlier_version_accepted": bool(agreement and not acceptance and accepted),
            }
        )
    return rows


# --- Suppliers and their participations -------------------------------------------------------


def supplier_organisations_of(user) -> list[Organisation]:
    """The supplier organisations in which the user is a bid manager."""
    ids = organisation_ids_where(user, Role.SUPPLIER_BID_MANAGER)
    if not ids:
        return []
    return list(Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.SUPPLIER))


def participant_of(procurement: Procurement, supplier: Organisation) -> Participant | None:
    return (
        Participant.objects.filter(procurement=procurement, supplier=supplier)
        .select_related("supplier", "procurement")
        .first()
    )


def participations_of_user(user) -> list[Participant]:
    """The procurements the user's supplier organisations take part in, newest interest first."""
    ids = [o.pk for o in supplier_organisations_of(user)]
    if not ids:
        return []
    return list(
        Participant.objects.filter(supplier_id__in=ids)
        .select_related("supplier", "procurement", "procurement__authority")
        .order_by("-interest_expressed_at", "pk")
    )


def withdrawn_supplier_ids(procurement: Procurement) -> set[int]:
    """The suppliers that withdrew from the procurement. A tender sealed before a withdrawal
    after the deadline stays on the record (and is opened with the others), but it is no longer
    a candidate: evaluation leaves it out."""
    return set(
        Participant.objects.filter(
            procurement=procurement, status=ParticipantStatus.WITHDRAWN
        ).values_list("supplier_id", flat=True)
    )


def may_submit_tender(procurement: Procurement, supplier_organisation: Organisation) -> bool:
    """Whether the supplier may submit a tender, as far as participation goes.

    Competitive flexible procedure: it was shortlisted and invited (INVITED) and has accepted the
    current agreements. Open procedure: it passed the agreements gate with the current versions
    and is not excluded. The tender deadline and the procurement's status are the tendering
    app's to check.
    """
    participant = participant_of(procurement, supplier_organisation)
    if participant is None or not gate_is_current(participant):
        return False
    if procurement.is_competitive_flexible:
        return participant.status == ParticipantStatus.INVITED
    return participant.status != ParticipantStatus.EXCLUDED


def invited_suppliers(procurement: Procurement) -> list[Organisation]:
    """The suppliers invited to tender: shortlisted ones (competitive flexible procedure), or every
    admitted, not excluded one (open procedure). By name."""
    if procurement.is_competitive_flexible:
        statuses = [ParticipantStatus.INVITED]
    else:
        statuses = [
            ParticipantStatus.ADMITTED,
            ParticipantStatus.SUBMITTED,
            ParticipantStatus.INVITED,
        ]
    return list(
        Organisation.objects.filter(
            participations__procurement=procurement, participations__status__in=statuses
        ).order_by("name")
    )


@dataclass(frozen=True)
class AssessmentSummary:
    """The buyer's marks for one request to participate, added up."""

    passes: int
    fails: int
    score: int
    max_score: int
    assessed: int
    questions: int
    financial_result: str

    @property
    def complete(self) -> bool:
        return self.assessed == self.questions and bool(self.financial_result)

    @property
    def any_fail(self) -> bool:
        return self.fails > 0 or self.financial_result == AssessmentResult.FAIL


def _summarise(
    response: ParticipationResponse | None, answers: list[Answer], questions: list[Question]
) -> AssessmentSummary | None:
    if response is None or not response.is_submitted:
        return None
    by_question = {a.question_id: a for a in answers}
    passes = fails = score = assessed = 0
    for question in questions:
        answer = by_question.get(question.pk)
        if answer is None:
            continue
        if question.kind == QuestionKind.SCORED:
            if answer.score is not None:
                score += answer.score
                assessed += 1
        elif answer.result:
            assessed += 1
            passes += answer.result == AssessmentResult.PASS
            fails += answer.result == AssessmentResult.FAIL
    return AssessmentSummary(
        passes=passes,
        fails=fails,
        score=score,
        max_score=sum(q.max_score or 0 for q in questions),
        assessed=assessed,
        questions=len(questions),
        financial_result=response.financial_result,
    )


def participants_for_buyer(procurement: Procurement) -> list[Participant]:
    """Every supplier taking part, by name, for the buyer's pages. Seven queries, however many.

    Each Participant carries extra attributes: `gate_current` (accepted the current agreements),
    `latest_exclusion` (the ExclusionDecision in force, or None), `submitted_response` (the
    submitted ParticipationResponse, or None; drafts are the supplier's own and never shown) and
    `assessment` (an AssessmentSummary, or None before submission).
    """
    participants = list(
        Participant.objects.filter(procurement=procurement)
        .select_related("supplier")
        .order_by("supplier__name", "pk")
    )
    if not participants:
        return []
    current = {kind: a.pk for kind, a in current_agreements(procurement).items()}
    ids = [p.pk for p in participants]
    accepted: dict[int, set[int]] = defaultdict(set)
    for participant_id, agreement_id in AgreementAcceptance.objects.filter(
        participant_id__in=ids
    ).values_list("participant_id", "agreement_id"):
        accepted[participant_id].add(agreement_id)
    latest: dict[int, ExclusionDecision] = {}
    for decision in ExclusionDecision.objects.filter(participant_id__in=ids).order_by(
        "recorded_at", "pk"
    ):
        latest[decision.participant_id] = decision
    responses = {
        r.participant_id: r
        for r in ParticipationResponse.objects.filter(
            participant_id__in=ids, submitted_at__isnull=False
        )
    }
    answers: dict[int, list[Answer]] = defaultdict(list)
    for answer in Answer.objects.filter(response__in=list(responses.values())):
        answers[answer.response_id].append(answer)
    questions = questions_of(procurement)
    for participant in participants:
        participant.gate_current = participant.status in GATE_PASSED and rules.gate_is_current(
            current, accepted[participant.pk], gated=procurement.documents_behind_agreements
        )
        participant.latest_exclusion = latest.get(participant.pk)
        response = responses.get(participant.pk)
        participant.submitted_response = response
        participant.assessment = _summarise(
            response, answers[response.pk] if response else [], questions
        )
    return participants


def exclusion_decisions_of(participant: Participant) -> list[ExclusionDecision]:
    return list(
        ExclusionDecision.objects.filter(participant=participant)
        .select_related("recorded_by")
        .order_by("recorded_at", "pk")
    )


def latest_exclusion_decision(participant: Participant) -> ExclusionDecision | None:
    return (
        ExclusionDecision.objects.filter(participant=participant)
        .order_by("-recorded_at", "-pk")
        .first()
    )


def exclusion_considered_supplier_ids(procurement: Procurement) -> set[int]:
    """The suppliers of the procurement about which an exclusion decision is on record (s.28)."""
    return set(
        ExclusionDecision.objects.filter(participant__procurement=procurement).values_list(
            "participant__supplier_id", flat=True
        )
    )


def is_excluded(participant: Participant) -> bool:
    decision = latest_exclusion_decision(participant)
    return decision is not None and decision.outcome in EXCLUDING_OUTCOMES


# --- Documents and the questionnaire ----------------------------------------------------------


def documents_of(procurement: Procurement) -> list[ProcurementDocument]:
    """Every version of every document, by title, newest version first."""
    return list(
        ProcurementDocument.objects.filter(procurement=procurement).order_by("title", "-version")
    )


def current_documents(procurement: Procurement) -> list[ProcurementDocument]:
    """The newest version of each document, by title."""
    seen: dict[str, ProcurementDocument] = {}
    for document in documents_of(procurement):
        seen.setdefault(document.title, document)
    return list(seen.values())


def questions_of(procurement: Procurement) -> list[Question]:
    return list(Question.objects.filter(procurement=procurement).order_by("position", "pk"))


def response_of(participant: Participant) -> ParticipationResponse | None:
    return ParticipationResponse.objects.filter(participant=participant).first()


def answers_by_question(response: ParticipationResponse | None) -> dict[int, Answer]:
    if response is None:
        return {}
    return {a.question_id: a for a in Answer.objects.filter(response=response)}


def questionnaire_rows(
    procurement: Procurement, response: ParticipationResponse | None
) -> list[dict]:
    """Each question with the supplier's answer to it (or None), in order: one query each."""
    answers = answers_by_question(response)
    return [{"question": q, "answer": answers.get(q.pk)} for q in questions_of(procurement)]


def assessment_summary(participant: Participant) -> AssessmentSummary | None:
    response = response_of(participant)
    if response is None:
        return None
    return _summarise(
        response,
        list(Answer.objects.filter(response=response)),
        questions_of(participant.procurement),
    )


# --- What a supplier is told ------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What one supplier sees of the decisions about it: its status and its reasons only."""

    status: str
    status_label: str
    heading: str
    reasons: str
    decided_at: object
    tender_deadline: object


def outcome_for(participant: Participant) -> Outcome:
    procurement = participant.procurement
    status = participant.status
    reasons = participant.decision_reason
    tender_deadline = None
    if status == ParticipantStatus.INVITED:
        heading = "You have been shortlisted and invited to tender"
        if procurement.tendering_opened_at:
            tender_deadline = procurement.tender_deadline
        else:
            heading = "You have been shortlisted"
    elif status == ParticipantStatus.NOT_SHORTLISTED:
        heading = "You have not been shortlisted"
    elif status == ParticipantStatus.EXCLUDED:
        heading = "You have been excluded from this procurement"
    elif status == ParticipantStatus.SUBMITTED:
        heading = "Your request to participate is being assessed"
    elif status == ParticipantStatus.ADMITTED and procurement.is_competitive_flexible:
        heading = "You have not submitted a request to participate"
    elif status == ParticipantStatus.ADMITTED:
        heading = "You may submit a tender"
    else:
        heading = ParticipantStatus(status).label
    return Outcome(
        status=status,
        status_label=ParticipantStatus(status).label,
        heading=heading,
        reasons=reasons,
        decided_at=participant.decided_at,
        tender_deadline=tender_deadline,
    )
