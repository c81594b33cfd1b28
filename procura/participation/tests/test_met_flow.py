"""The Metropolitan Police Service VAR framework, participation stage, end to end (scenarios.md 1).

Ten suppliers express interest and sign the NDA and the ethical walls agreement; all ten send
the questionnaire and financial information by the end of the month; one is excluded; seven of
the other nine are shortlisted (the most the tender notice allows), two are not; the seven are
invited to tender with a 10-day minimum (s.54(4) entry 3, a police force inviting pre-selected
suppliers).
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from procura.accounts.tests.factories import OrganisationFactory
from procura.audit.models import AuditEvent
from procura.audit.selectors import find_chain_break
from procura.core.errors import DomainError
from procura.participation import selectors, services
from procura.participation.events import ParticipationEvent
from procura.participation.models import Participant
from procura.participation.states import AssessmentResult, ExclusionGround, ExclusionOutcome
from procura.participation.tests import factories as f
from procura.procurements import services as procurement_services
from procura.procurements.states import Status

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
PUBLISHED = datetime(2027, 3, 1, 9, 0, tzinfo=LONDON)
DEADLINE = datetime(2027, 3, 31, 17, 0, tzinfo=LONDON)  # "a deadline at the end of the month"
ASSESSED = datetime(2027, 4, 6, 10, 0, tzinfo=LONDON)
INVITED = datetime(2027, 4, 12, 10, 0, tzinfo=LONDON)
TENDER_DEADLINE = datetime(2027, 5, 12, 12, 0, tzinfo=LONDON)

SUPPLIERS = [
    "Albion Technology Solutions Ltd",
    "Brightwell IT Supply Ltd",
    "Castlegate Digital Ltd",
    "Dunmore Systems plc",
    "Eastbrook Computing Ltd",
    "Fernhill Networks Ltd",
    "Greystone Infrastructure Ltd",
    "Harbourline Services Ltd",
    "Ironbridge Data Ltd",
    "Juniper Vale Technology Ltd",
]
EXCLUDED = "Juniper Vale Technology Ltd"


def at(moment):
    return time_machine.travel(moment, tick=False)


def test_the_met_var_framework_participation_stage(media_root):
    # Given the MPS drafts the procurement with its questionnaire, then publishes it
    mps = OrganisationFactory(name="Metropolitan Police Service")
    buyer = f.buyer_of(mps, username="mps.buyer")
    with at(PUBLISHED):
        procurement = f.ProcurementFactory(
            authority=mps, draft=True, max_shortlist=7, participation_deadline=DEADLINE
        )
        services.set_questionnaire(
            actor=buyer,
            procurement=procurement,
            questions=[
                {"kind": "pass_fail", "text": "Can you supply every manufacturer on the list?"},
                {
                    "kind": "scored",
                    "text": "How will you scale supply with demand?",
                    "max_score": 10,
                },
                {"kind": "file", "text": "Upload your ISO 27001 certificate."},
            ],
        )
        # Publication is the procurements app's; here the tender notice is simply out.
        procurement.status = Status.PARTICIPATION_OPEN
        procurement.published_at = PUBLISHED
        procurement.save(update_fields=["status", "published_at"])
        f.issue_agreements(procurement, buyer)
        services.upload_document(
            actor=buyer, procurement=procurement, title="Specification", uploaded_file=f.a_file()
        )

    # When ten suppliers express interest and accept both agreements
    bid_managers = {}
    with at(datetime(2027, 3, 3, 11, 0, tzinfo=LONDON)):
        for name in SUPPLIERS:
            organisation, bid_manager = f.supplier(name)
            bid_managers[name] = bid_manager
            f.admitted_participant(procurement, organisation, bid_manager)
    assert Participant.objects.filter(status="admitted").count() == 10

    # ... and each saves a draft, then submits before the deadline
    receipts = {}
    with at(datetime(2027, 3, 29, 16, 0, tzinfo=LONDON)):
        for score, name in enumerate(SUPPLIERS):
            participant = Participant.objects.get(supplier__name=name)
            f.complete_answers(participant, bid_managers[name], turnover=f"{(score + 1) * 10**7}")
            receipts[name] = services.submit_response(
                actor=bid_managers[name], participant=participant
            ).receipt_reference
    assert len(set(receipts.values())) == 10

    # ... the scheduled job closes participation at the deadline
    with at(DEADLINE):
        assert procurement_services.close_due_deadlines() == 1
        procurement.refresh_from_db()
        assert procurement.status == Status.PARTICIPATION_CLOSED
        late = Participant.objects.get(supplier__name=SUPPLIERS[0])
        with pytest.raises(DomainError) as refused:
            services.save_response(actor=bid_managers[SUPPLIERS[0]], participant=late, answers={})
        assert refused.value.code == "participation_deadline_passed"

    # ... the buyer assesses every response, and decides exclusion for every supplier (s.27)
    pass_fail, scored, file_question = selectors.questions_of(procurement)
    with at(ASSESSED):
        for score, name in enumerate(SUPPLIERS):
            participant = Participant.objects.get(supplier__name=name)
            services.assess_response(
                actor=buyer,
                participant=participant,
                marks=[
                    {"question_id": pass_fail.pk, "result": "pass"},
                    {"question_id": scored.pk, "score": 10 - score},
                    {"question_id": file_question.pk, "result": "pass"},
                ],
                financial_result=AssessmentResult.PASS,
            )
            if name == EXCLUDED:
                services.record_exclusion_decision(
                    actor=buyer,
                    participant=participant,
                    outcome=ExclusionOutcome.EXCLUDED,
                    ground_type=ExclusionGround.MANDATORY,
                    ground="Sch 6 para 1: a director convicted of bribery; likely to recur",
                    representations="The supplier says the director resigned on 1 March 2027.",
                    evidence="Certificate of conviction, 2026",
                    reasons="A director was convicted of bribery and still controls the company.",
                )
            else:
                services.record_exclusion_decision(
                    actor=buyer, participant=participant, outcome=ExclusionOutcome.NOT_EXCLUDED
                )

    # ... shortlists the seven highest of the nine others, and tells the other two why
    ranked = [
        p.pk
        for p in sorted(
            (p for p in selectors.participants_for_buyer(procurement) if p.status == "submitted"),
            key=lambda p: -p.assessment.score,
        )
    ]
    with at(ASSESSED):
        services.decide_shortlist(
            actor=buyer,
            procurement=procurement,
            shortlisted={pk: "Among the seven highest scores." for pk in ranked[:7]},
            not_shortlisted={
                pk: "Your score was not among the seven highest." for pk in ranked[7:]
            },
        )

    # ... and invites the seven to tender, with at least 10 days
    with at(INVITED):
        services.invite_to_tender(
            actor=buyer, procurement=procurement, tender_deadline=TENDER_DEADLINE
        )

    # Then
    procurement.refresh_from_db()
    assert (procurement.status, procurement.tender_deadline, procurement.tendering_opened_at) == (
        Status.TENDERING_OPEN,
        TENDER_DEADLINE,
        INVITED,
    )
    statuses = {p.supplier.name: p.status for p in Participant.objects.select_related("supplier")}
    assert statuses == {
        **{name: "invited" for name in SUPPLIERS[:7]},
        "Harbourline Services Ltd": "not_shortlisted",
        "Ironbridge Data Ltd": "not_shortlisted",
        EXCLUDED: "excluded",
    }
    assert [o.name for o in selectors.invited_suppliers(procurement)] == SUPPLIERS[:7]
    assert [
        selectors.may_submit_tender(procurement, p.supplier)
        for p in Participant.objects.select_related("supplier").order_by("supplier__name")
    ] == [True] * 7 + [False] * 3

    # Each supplier sees its own outcome and reasons only
    juniper = Participant.objects.get(supplier__name=EXCLUDED)
    outcome = selectors.outcome_for(juniper)
    assert (outcome.heading, outcome.reasons) == (
        "You have been excluded from this procurement",
        "A director was convicted of bribery and still controls the company.",
    )
    decision = selectors.latest_exclusion_decision(juniper)
    assert (decision.decided_on, decision.minister_notification_due) == (
        ASSESSED.date(),
        datetime(2027, 5, 5).date(),
    )
    albion = selectors.outcome_for(Participant.objects.get(supplier__name=SUPPLIERS[0]))
    assert (albion.heading, albion.tender_deadline) == (
        "You have been shortlisted and invited to tender",
        TENDER_DEADLINE,
    )

    # And every step is on the audit trail, which is unbroken
    counts = {
        event: AuditEvent.objects.filter(event_type=event).count() for event in ParticipationEvent
    }
    assert counts == {
        ParticipationEvent.AGREEMENT_ISSUED: 2,
        ParticipationEvent.INTEREST_EXPRESSED: 10,
        ParticipationEvent.AGREEMENT_ACCEPTED: 20,
        ParticipationEvent.ADMITTED: 10,
        ParticipationEvent.DOCUMENT_UPLOADED: 1,
        ParticipationEvent.QUESTIONNAIRE_CHANGED: 1,
        ParticipationEvent.RESPONSE_SAVED: 10,
        ParticipationEvent.RESPONSE_SUBMITTED: 10,
        ParticipationEvent.RESPONSE_ASSESSED: 10,
        ParticipationEvent.EXCLUSION_DECIDED: 10,
        ParticipationEvent.SHORTLIST_DECIDED: 1,
        ParticipationEvent.INVITED_TO_TENDER: 1,
        ParticipationEvent.WITHDRAWN: 0,
        ParticipationEvent.DOCUMENT_DOWNLOADED: 0,
    }
    assert find_chain_break() is None
    assert Decimal(
        Participant.objects.get(supplier__name=SUPPLIERS[9]).response.annual_turnover
    ) == (Decimal("100000000"))
