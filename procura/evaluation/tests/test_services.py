"""The evaluation services: every write, every refusal (with its code, and nothing changed)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import jsonschema
import pytest
import time_machine
from django.core import mail

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.audit.models import AuditEvent
from procura.core.errors import DomainError, NotFound
from procura.evaluation import permissions, selectors, services
from procura.evaluation.models import (
    AbnormallyLowReview,
    AssessmentSummary,
    AwardDecision,
    ConflictDeclaration,
    ConsensusScore,
    Score,
)
from procura.evaluation.services import ScoreInput
from procura.evaluation.states import AssignmentStatus, AwardDecisionStatus
from procura.notices import ocds
from procura.notices.models import Notice
from procura.procurements import services as procurement_services
from procura.procurements.models import ConflictsAssessment
from procura.procurements.states import Status, TieBreak
from procura.testing.notices import on_find_a_tender
from procura.testing.refusals import assert_refused

from . import factories as f
from .factories import MET_TENDERS, record_of

pytestmark = pytest.mark.django_db

D = Decimal


def _events(event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type))


# --- The panel ---------------------------------------------------------------------------------


def test_the_buyer_assigns_an_evaluator_who_must_then_declare_conflicts(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    person = e.evaluators[0]

    assignment = services.assign_evaluator(
        actor=e.buyer, procurement=e.procurement, evaluator=person
    )

    assert assignment.status == AssignmentStatus.AWAITING_DECLARATION
    assert assignment.assigned_by == e.buyer
    [event] = _events("evaluation.evaluator_assigned")
    assert event.object_type == "evaluation.evaluatorassignment"
    assert event.after == {"evaluator": str(person), "status": "awaiting_declaration"}
    assert event.organisation_id == e.procurement.authority_id


def test_only_people_with_the_evaluator_role_in_the_authority_can_be_assigned(tender_box):
    e = f.evaluation(tender_box)
    other_force = OrganisationFactory(name="Kent Police")
    outsider = member(other_force, Role.EVALUATOR)
    buyer_only = member(e.procurement.authority, Role.BUYER)

    for person in (outsider, buyer_only):
        assert_refused(
            "not_an_evaluator",
            lambda p=person: services.assign_evaluator(
                actor=e.buyer, procurement=e.procurement, evaluator=p
            ),
            unchanged=lambda: record_of(e.procurement),
        )


def test_an_evaluator_is_assigned_once(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    services.assign_evaluator(actor=e.buyer, procurement=e.procurement, evaluator=e.evaluators[0])

    assert_refused(
        "already_assigned",
        lambda: services.assign_evaluator(
            actor=e.buyer, procurement=e.procurement, evaluator=e.evaluators[0]
        ),
        unchanged=lambda: record_of(e.procurement),
    )


def test_only_a_buyer_assigns_evaluators(tender_box):
    e = f.evaluation(tender_box, evaluators=1)

    assert_refused(
        "forbidden_action",
        lambda: services.assign_evaluator(
            actor=e.approver, procurement=e.procurement, evaluator=e.evaluators[0]
        ),
        unchanged=lambda: record_of(e.procurement),
    )


def test_the_buyer_removes_an_evaluator_who_has_not_submitted_and_may_assign_them_again(
    tender_box,
):
    e = f.evaluation(tender_box, evaluators=1)
    assignment = services.assign_evaluator(
        actor=e.buyer, procurement=e.procurement, evaluator=e.evaluators[0]
    )

    removed = services.remove_evaluator(actor=e.buyer, assignment=assignment)
    assert removed.status == AssignmentStatus.REMOVED
    assert selectors.panel(e.procurement) == []
    again = services.assign_evaluator(
        actor=e.buyer, procurement=e.procurement, evaluator=e.evaluators[0]
    )

    assert again.pk == assignment.pk
    assert again.status == AssignmentStatus.AWAITING_DECLARATION
    assert len(_events("evaluation.evaluator_removed")) == 1


def test_an_evaluator_who_submitted_cannot_be_removed(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    f.score_all(e, e.evaluators[0])
    assignment = selectors.assignment_of(e.evaluators[0], e.procurement)

    assert_refused(
        "invalid_transition",
        lambda: services.remove_evaluator(actor=e.buyer, assignment=assignment),
        unchanged=lambda: record_of(e.procurement),
    )


# --- Conflicts of interest and the ethical wall -----------------------------------------------


def test_declaring_no_conflict_lets_the_evaluator_see_the_tenders(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    person = e.evaluators[0]
    services.assign_evaluator(actor=e.buyer, procurement=e.procurement, evaluator=person)

    declaration = services.declare_conflicts(
        actor=person, procurement=e.procurement, has_conflict=False
    )

    assert declaration.has_conflict is False
    assert declaration.assignment.status == AssignmentStatus.CLEARED
    procurement, assignment = permissions.access_tenders_as_evaluator(person, e.procurement.pk)
    assert assignment == declaration.assignment
    [event] = _events("evaluation.conflicts_declared")
    assert event.after["declaration"] == "no conflict of interest"
    assert ConflictsAssessment.objects.get().summary == (
        "No conflicts identified in preparing the procurement."
    )


def test_no_tender_is_shown_or_scored_before_the_evaluator_declares(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    person = e.evaluators[0]
    services.assign_evaluator(actor=e.buyer, procurement=e.procurement, evaluator=person)
    criterion = f.quality_criteria(e.procurement)[0]

    with pytest.raises(DomainError) as refused:
        permissions.access_tenders_as_evaluator(person, e.procurement.pk)
    assert refused.value.code == "conflicts_not_declared"
    assert_refused(
        "conflicts_not_declared",
        lambda: services.record_scores(
            actor=person,
            procurement=e.procurement,
            tender_id=e.tenders[0].tender_id,
            scores=[ScoreInput(criterion.pk, 3, "Sound.")],
        ),
        unchanged=lambda: record_of(e.procurement),
    )


def test_a_declared_conflict_walls_the_evaluator_off_and_joins_the_conflicts_assessment(
    tender_box,
):
    with time_machine.travel(datetime(2026, 9, 1, 8, 0, tzinfo=UTC), tick=False):
        e = f.evaluation(tender_box, evaluators=1)
    person = e.evaluators[0]
    person.first_name, person.last_name = "Grace", "Mensah"
    person.save()
    services.assign_evaluator(actor=e.buyer, procurement=e.procurement, evaluator=person)
    albion = e.tender("Albion").supplier
    assessment = ConflictsAssessment.objects.get(procurement=e.procurement)

    with time_machine.travel(datetime(2026, 9, 1, 9, 0, tzinfo=UTC), tick=False):
        declaration = services.declare_conflicts(
            actor=person,
            procurement=e.procurement,
            has_conflict=True,
            suppliers=[albion],
            description="My brother is Albion's account director for the Met.",
        )

    assert declaration.assignment.status == AssignmentStatus.CONFLICTED
    assert list(declaration.suppliers.all()) == [albion]
    assert list(assessment.evaluator_declarations.all()) == [declaration]
    assert selectors.conflicts_awaiting_review(e.procurement) == [declaration]
    assert selectors.conflict_entry_text(declaration) == (
        "Tuesday 1 September 2026: Grace Mensah (evaluator) declared a conflict of interest with "
        "Albion Technology Solutions Ltd: My brother is Albion's account director for the Met. "
        "Mitigation: Grace Mensah is walled off from the tenders and takes no further part in "
        "the evaluation (ss.81-82)."
    )
    [event] = _events("evaluation.conflicts_declared")
    assert event.after["declaration"] == (
        "a conflict of interest with Albion Technology Solutions Ltd"
    )
    assert event.after["conflicts_assessment_id"] == assessment.pk
    with pytest.raises(NotFound):
        permissions.access_tenders_as_evaluator(person, e.procurement.pk)
    assert_refused(
        "not_found",
        lambda: services.record_scores(
            actor=person,
            procurement=e.procurement,
            tender_id=e.tenders[0].tender_id,
            scores=[ScoreInput(f.quality_criteria(e.procurement)[0].pk, 3, "Sound.")],
        ),
        unchanged=lambda: record_of(e.procurement),
    )


def test_the_buyer_revising_the_conflicts_assessment_clears_the_review_prompt(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e, declare=False)
    declaration = services.declare_conflicts(
        actor=e.evaluators[0],
        procurement=e.procurement,
        has_conflict=True,
        suppliers=[e.tender("Albion").supplier],
        description="Shares in Albion.",
    )

    procurement_services.record_conflicts_assessment(
        actor=e.buyer,
        procurement=e.procurement,
        summary="No conflicts in preparation.\n\n" + selectors.conflict_entry_text(declaration),
    )

    assert selectors.conflicts_awaiting_review(e.procurement) == []
    assert selectors.declared_conflicts(e.procurement) == [declaration]


@pytest.mark.parametrize(
    ("suppliers", "description", "code"),
    [
        ([], "My brother works there.", "suppliers_required"),
        (["Albion"], "  ", "description_required"),
    ],
)
def test_a_conflict_names_the_suppliers_and_describes_the_interest(
    tender_box, suppliers, description, code
):
    e = f.evaluation(tender_box, evaluators=1)
    person = e.evaluators[0]
    services.assign_evaluator(actor=e.buyer, procurement=e.procurement, evaluator=person)

    assert_refused(
        code,
        lambda: services.declare_conflicts(
            actor=person,
            procurement=e.procurement,
            has_conflict=True,
            suppliers=[e.tender(name).supplier for name in suppliers],
            description=description,
        ),
        unchanged=lambda: record_of(e.procurement),
    )


def test_no_conflict_is_declared_once_but_a_later_conflict_can_still_be_declared(tender_box):
    e = f.evaluation(tender_box, evaluators=2)
    f.assign_panel(e)
    person = e.evaluators[0]

    assert_refused(
        "conflicts_already_declared",
        lambda: services.declare_conflicts(
            actor=person, procurement=e.procurement, has_conflict=False
        ),
        unchanged=lambda: record_of(e.procurement),
    )
    services.declare_conflicts(
        actor=person,
        procurement=e.procurement,
        has_conflict=True,
        suppliers=[e.tender("Dunmore").supplier],
        description="I have since been offered a job by Dunmore.",
    )
    assert [a.evaluator for a in selectors.panel(e.procurement)] == [e.evaluators[1]]
    assert ConflictDeclaration.objects.count() == 3


def test_someone_not_on_the_panel_cannot_declare(tender_box):
    e = f.evaluation(tender_box, evaluators=1)

    assert_refused(
        "not_found",
        lambda: services.declare_conflicts(
            actor=e.evaluators[0], procurement=e.procurement, has_conflict=False
        ),
        unchanged=lambda: record_of(e.procurement),
    )


# --- Scoring ------------------------------------------------------------------------------------


def test_an_evaluator_records_and_revises_their_own_scores(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    person = e.evaluators[0]
    albion = e.tender("Albion")
    technical, continuity, _social = f.quality_criteria(e.procurement)

    services.record_scores(
        actor=person,
        procurement=e.procurement,
        tender_id=albion.tender_id,
        scores=[
            ScoreInput(technical.pk, 3, "A sound range."),
            ScoreInput(continuity.pk, 4, "Two depots."),
        ],
    )
    services.record_scores(
        actor=person,
        procurement=e.procurement,
        tender_id=albion.tender_id,
        scores=[ScoreInput(technical.pk, 4, "A full range, on reflection.")],
    )

    assert list(
        Score.objects.values_list("criterion__title", "score", "justification", "supplier__name")
    ) == [
        ("Technical capability and range", 4, "A full range, on reflection.", albion.supplier.name),
        ("Continuity and scalability of supply", 4, "Two depots.", albion.supplier.name),
    ]
    first, second = _events("evaluation.scores_recorded")
    assert first.object_type == "evaluation.evaluatorassignment"
    assert second.before == {
        "scores": [
            {"criterion": "Technical capability and range", "score": 3, "text": "A sound range."}
        ]
    }


@pytest.mark.parametrize(
    ("score", "text", "code"),
    [
        (6, "Outstanding.", "score_out_of_range"),
        (-1, "Poor.", "score_out_of_range"),
        (3, "", "justification_required"),
    ],
)
def test_a_score_must_be_on_the_scale_and_justified(tender_box, score, text, code):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    criterion = f.quality_criteria(e.procurement)[0]

    assert_refused(
        code,
        lambda: services.record_scores(
            actor=e.evaluators[0],
            procurement=e.procurement,
            tender_id=e.tenders[0].tender_id,
            scores=[ScoreInput(criterion.pk, score, text)],
        ),
        unchanged=lambda: record_of(e.procurement),
    )


def test_every_problem_with_a_set_of_scores_is_reported_at_once(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    technical, continuity, _ = f.quality_criteria(e.procurement)

    error = assert_refused(
        "score_out_of_range",
        lambda: services.record_scores(
            actor=e.evaluators[0],
            procurement=e.procurement,
            tender_id=e.tenders[0].tender_id,
            scores=[ScoreInput(technical.pk, 9, ""), ScoreInput(continuity.pk, 2, "Fine.")],
        ),
        unchanged=lambda: record_of(e.procurement),
    )

    assert [p["code"] for p in error.details["problems"]] == [
        "score_out_of_range",
        "justification_required",
    ]
    assert error.details["problems"][1]["field"] == f"justification-{technical.pk}"


def test_price_is_not_scored_by_the_panel(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    price = e.procurement.criteria.get(kind="price")

    assert_refused(
        "not_a_quality_criterion",
        lambda: services.record_scores(
            actor=e.evaluators[0],
            procurement=e.procurement,
            tender_id=e.tenders[0].tender_id,
            scores=[ScoreInput(price.pk, 3, "Cheap.")],
        ),
        unchanged=lambda: record_of(e.procurement),
    )


def test_a_tender_that_is_not_in_the_procurement_is_not_found(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    criterion = f.quality_criteria(e.procurement)[0]

    assert_refused(
        "not_found",
        lambda: services.record_scores(
            actor=e.evaluators[0],
            procurement=e.procurement,
            tender_id=999999,
            scores=[ScoreInput(criterion.pk, 3, "Sound.")],
        ),
        unchanged=lambda: record_of(e.procurement),
    )


def test_nothing_is_scored_while_the_tenders_are_sealed(tender_box):
    sealed = f.procurement(status=Status.TENDERS_CLOSED)
    person = member(sealed.authority, Role.EVALUATOR)
    services.assign_evaluator(actor=sealed.created_by, procurement=sealed, evaluator=person)
    services.declare_conflicts(actor=person, procurement=sealed, has_conflict=False)
    criterion = f.quality_criteria(sealed)[0]

    assert_refused(
        "tenders_sealed",
        lambda: services.record_scores(
            actor=person,
            procurement=sealed,
            tender_id=1,
            scores=[ScoreInput(criterion.pk, 3, "Sound.")],
        ),
        unchanged=lambda: record_of(sealed),
    )


def test_an_evaluator_submits_only_when_every_tender_is_scored_on_every_quality_criterion(
    tender_box,
):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    person = e.evaluators[0]
    for tender, row in list(zip(e.tenders, MET_TENDERS, strict=True))[:-1]:
        f.score_tender(e, person, tender, row[2])

    error = assert_refused(
        "scores_incomplete",
        lambda: services.submit_scores(actor=person, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )
    assert len(error.details["missing"]) == 3

    f.score_tender(e, person, e.tenders[-1], MET_TENDERS[-1][2])
    assignment = services.submit_scores(actor=person, procurement=e.procurement)
    assert assignment.status == AssignmentStatus.SUBMITTED
    assert _events("evaluation.scores_submitted")[0].after == {"status": "submitted", "scores": 21}


def test_submitted_scores_are_final(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    f.score_all(e, e.evaluators[0])

    assert_refused(
        "scores_submitted",
        lambda: f.score_tender(e, e.evaluators[0], e.tenders[0], (5, 5, 5)),
        unchanged=lambda: record_of(e.procurement),
    )


def test_evaluators_see_no_one_elses_scores_until_they_have_submitted_all_their_own(tender_box):
    e = f.evaluation(tender_box, evaluators=3)
    f.assign_panel(e)
    first, second, third = e.evaluators
    f.score_all(e, first)
    f.score_all(e, second, submit=False)

    # The one still scoring sees nothing of the others; so does the buyer.
    for person in (second, third, e.buyer):
        with pytest.raises(NotFound):
            permissions.access_panel_scores(person, e.procurement.pk)
    # The one who submitted sees the scores of those who submitted, not the drafts of others.
    assert permissions.access_panel_scores(first, e.procurement.pk) == e.procurement
    visible = selectors.submitted_scores(e.procurement)
    assert {s.assignment.evaluator for scores in visible.values() for s in scores} == {first}

    services.submit_scores(actor=second, procurement=e.procurement)
    f.score_all(e, third)
    assert permissions.access_panel_scores(e.buyer, e.procurement.pk) == e.procurement
    assert {len(scores) for scores in selectors.submitted_scores(e.procurement).values()} == {3}


# --- Abnormally low tenders -----------------------------------------------------------------------

# Brightwell's £1,100,000 is 44.89% below the average of the others (£1,995,833.33).
LOW_ROWS = [
    row if row[0] != "Brightwell IT Supply Ltd" else (row[0], "1100000", row[2])
    for row in MET_TENDERS
]


def test_the_buyer_records_the_suppliers_explanation_and_accepts_an_abnormally_low_tender(
    tender_box,
):
    e = f.evaluation(tender_box, rows=LOW_ROWS)
    brightwell = e.tender("Brightwell")
    [flag] = selectors.flagged_tenders(e.procurement)
    assert flag.tender == selectors.tender_for_evaluation(e.procurement, brightwell.tender_id)
    assert flag.finding.percent_below == D("44.89")

    review = services.record_abnormally_low_decision(
        actor=e.buyer,
        procurement=e.procurement,
        tender_id=brightwell.tender_id,
        explanation="A manufacturer's public-sector rebate, evidenced by letter.",
        decision="accepted",
    )

    assert (review.decision, review.price, review.average_of_others) == (
        "accepted",
        D("1100000"),
        D("1995833.33"),
    )
    [event] = _events("evaluation.abnormally_low_decided")
    assert event.after["decision"] == "accept the tender"


def test_only_a_flagged_tender_is_reviewed(tender_box):
    e = f.evaluation(tender_box)

    assert_refused(
        "not_abnormally_low",
        lambda: services.record_abnormally_low_decision(
            actor=e.buyer,
            procurement=e.procurement,
            tender_id=e.tender("Albion").tender_id,
            explanation="Explained.",
            decision="accepted",
        ),
        unchanged=lambda: record_of(e.procurement),
    )


@pytest.mark.parametrize(
    ("explanation", "decision", "reason", "code"),
    [
        ("", "accepted", "", "explanation_required"),
        ("Loss-leading to win the framework.", "rejected", "", "reason_required"),
    ],
)
def test_an_abnormally_low_decision_needs_the_explanation_and_a_reason_to_disregard(
    tender_box, explanation, decision, reason, code
):
    e = f.evaluation(tender_box, rows=LOW_ROWS)

    assert_refused(
        code,
        lambda: services.record_abnormally_low_decision(
            actor=e.buyer,
            procurement=e.procurement,
            tender_id=e.tender("Brightwell").tender_id,
            explanation=explanation,
            decision=decision,
            reason=reason,
        ),
        unchanged=lambda: record_of(e.procurement),
    )


def test_an_undecided_abnormally_low_tender_blocks_the_award(tender_box):
    e = f.evaluation(tender_box, rows=LOW_ROWS)
    f.ready_to_propose(e, rows=LOW_ROWS)

    error = assert_refused(
        "abnormally_low_undecided",
        lambda: services.propose_award(actor=e.buyer, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )

    assert error.details == {"tender_ids": [e.tender("Brightwell").tender_id]}


def test_a_disregarded_tender_is_not_moderated_ranked_or_sent_a_summary(tender_box):
    e = f.evaluation(tender_box, rows=LOW_ROWS)
    brightwell = e.tender("Brightwell")
    f.assign_panel(e)
    for person in e.evaluators:
        f.score_all(e, person, rows=LOW_ROWS)
    services.record_abnormally_low_decision(
        actor=e.buyer,
        procurement=e.procurement,
        tender_id=brightwell.tender_id,
        explanation="No explanation of how the devices can be supplied at that price.",
        decision="rejected",
        reason="The price is below the manufacturers' own list cost.",
    )
    assert_refused(
        "tender_disregarded",
        lambda: services.record_consensus_scores(
            actor=e.buyer,
            procurement=e.procurement,
            tender_id=brightwell.tender_id,
            scores=[ScoreInput(f.quality_criteria(e.procurement)[0].pk, 3, "Agreed.")],
        ),
        unchanged=lambda: record_of(e.procurement),
    )
    f.moderate_all(e, rows=LOW_ROWS, skip={brightwell.tender_id})

    decision = services.propose_award(actor=e.buyer, procurement=e.procurement)
    services.approve_award(actor=e.approver, procurement=e.procurement)
    services.send_assessment_summaries(actor=e.buyer, procurement=e.procurement)

    ranked = [r["supplier"] for r in decision.results["evaluation"]["results"]]
    assert "Brightwell IT Supply Ltd" not in ranked and len(ranked) == 6
    assert decision.results["evaluation"]["lowest_price"] == "1820000"  # Eastbrook's
    assert decision.results["disregarded_tender_ids"] == [brightwell.tender_id]
    assert AssessmentSummary.objects.count() == 6


# --- Moderation ---------------------------------------------------------------------------------


def test_moderation_waits_until_every_evaluator_on_the_panel_has_submitted(tender_box):
    e = f.evaluation(tender_box, evaluators=2)
    f.assign_panel(e)
    f.score_all(e, e.evaluators[0])

    assert_refused(
        "evaluation_incomplete",
        lambda: f.moderate_all(e),
        unchanged=lambda: record_of(e.procurement),
    )


def test_an_evaluator_walled_off_by_a_conflict_does_not_hold_up_moderation(tender_box):
    e = f.evaluation(tender_box, evaluators=2)
    f.assign_panel(e)
    services.declare_conflicts(
        actor=e.evaluators[1],
        procurement=e.procurement,
        has_conflict=True,
        suppliers=[e.tender("Fernhill").supplier],
        description="A former employer, left in 2025.",
    )
    f.score_all(e, e.evaluators[0])

    f.moderate_all(e)

    assert ConsensusScore.objects.count() == 21


@pytest.mark.parametrize(
    ("score", "rationale", "code"),
    [(3, " ", "rationale_required"), (7, "Strong.", "score_out_of_range")],
)
def test_a_moderated_score_is_on_the_scale_and_has_a_rationale(tender_box, score, rationale, code):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    f.score_all(e, e.evaluators[0])

    assert_refused(
        code,
        lambda: services.record_consensus_scores(
            actor=e.buyer,
            procurement=e.procurement,
            tender_id=e.tenders[0].tender_id,
            scores=[ScoreInput(f.quality_criteria(e.procurement)[0].pk, score, rationale)],
        ),
        unchanged=lambda: record_of(e.procurement),
    )


def test_only_a_buyer_moderates(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    f.score_all(e, e.evaluators[0])

    assert_refused(
        "forbidden_action",
        lambda: services.record_consensus_scores(
            actor=e.evaluators[0],
            procurement=e.procurement,
            tender_id=e.tenders[0].tender_id,
            scores=[ScoreInput(f.quality_criteria(e.procurement)[0].pk, 3, "Agreed.")],
        ),
        unchanged=lambda: record_of(e.procurement),
    )


# --- The award decision -------------------------------------------------------------------------


def test_the_buyer_proposes_the_top_two_of_seven_as_the_preferred_suppliers(tender_box):
    e = f.evaluation(tender_box)
    f.ready_to_propose(e)

    decision = services.propose_award(actor=e.buyer, procurement=e.procurement)

    assert decision.status == AwardDecisionStatus.PROPOSED
    assert [
        (p.supplier.name, p.rank, p.total, p.price) for p in decision.preferred_suppliers.all()
    ] == [
        ("Fernhill Networks Ltd", 1, D("89.11"), D("2250000.00")),
        ("Castlegate Digital Ltd", 2, D("87.33"), D("2100000.00")),
    ]
    assert [(r["supplier"], r["total"]) for r in decision.results["evaluation"]["results"]] == [
        ("Fernhill Networks Ltd", "89.11"),
        ("Castlegate Digital Ltd", "87.33"),
        ("Eastbrook Computing Ltd", "86.46"),
        ("Albion Technology Solutions Ltd", "83.04"),
        ("Brightwell IT Supply Ltd", "80.00"),
        ("Dunmore Systems plc", "77.35"),
        ("Greystone Infrastructure Ltd", "70.18"),
    ]
    assert decision.results["tenders_received"] == 7
    assert e.refresh().status == Status.EVALUATION
    [event] = _events("evaluation.award_proposed")
    assert event.after["winners"] == "Fernhill Networks Ltd and Castlegate Digital Ltd"


def test_the_award_waits_for_moderation_of_every_tender(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e)
    f.score_all(e, e.evaluators[0])
    f.moderate_all(e, skip={e.tenders[-1].tender_id})

    assert_refused(
        "moderation_incomplete",
        lambda: services.propose_award(actor=e.buyer, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )


def test_the_award_waits_for_every_evaluator(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    late = member(e.procurement.authority, Role.EVALUATOR)
    services.assign_evaluator(actor=e.buyer, procurement=e.procurement, evaluator=late)

    assert_refused(
        "evaluation_incomplete",
        lambda: services.propose_award(actor=e.buyer, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )


def test_an_award_is_proposed_once_and_then_the_scores_are_frozen(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    services.propose_award(actor=e.buyer, procurement=e.procurement)

    assert_refused(
        "award_already_proposed",
        lambda: services.propose_award(actor=e.buyer, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )
    assert_refused(
        "evaluation_closed", lambda: f.moderate_all(e), unchanged=lambda: record_of(e.procurement)
    )
    assert_refused(
        "evaluation_closed",
        lambda: services.assign_evaluator(
            actor=e.buyer,
            procurement=e.procurement,
            evaluator=member(e.procurement.authority, Role.EVALUATOR),
        ),
        unchanged=lambda: record_of(e.procurement),
    )


# Two tenders identical on price and on every quality score: nothing declared can split them.
TIED_ROWS = [
    ("Albion Technology Solutions Ltd", "2000000", (4, 4, 4)),
    ("Brightwell IT Supply Ltd", "2000000", (4, 4, 4)),
    ("Castlegate Digital Ltd", "2000000", (3, 3, 3)),
]


def test_a_tie_for_the_last_place_is_refused_until_the_buyer_records_a_decision(tender_box):
    e = f.evaluation(
        tender_box,
        evaluators=1,
        rows=TIED_ROWS,
        max_framework_suppliers=1,
        tie_break=TieBreak.LOWEST_PRICE,
    )
    f.ready_to_propose(e, rows=TIED_ROWS)
    albion, brightwell = e.tender("Albion").tender_id, e.tender("Brightwell").tender_id

    error = assert_refused(
        "tie_unresolved",
        lambda: services.propose_award(actor=e.buyer, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )
    assert error.details == {"tender_ids": [albion, brightwell]}
    assert_refused(
        "tie_break_reason_required",
        lambda: services.propose_award(
            actor=e.buyer, procurement=e.procurement, tie_break_order=[brightwell, albion]
        ),
        unchanged=lambda: record_of(e.procurement),
    )

    decision = services.propose_award(
        actor=e.buyer,
        procurement=e.procurement,
        tie_break_order=[brightwell, albion],
        tie_break_reason="Drawn by lot before two witnesses, as the ITT provides.",
    )
    assert [p.supplier.name for p in decision.preferred_suppliers.all()] == [
        "Brightwell IT Supply Ltd"
    ]
    assert decision.tie_break_reason == "Drawn by lot before two witnesses, as the ITT provides."


def test_an_approver_who_did_not_propose_it_signs_off_the_award(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    services.propose_award(actor=e.buyer, procurement=e.procurement)

    decision = services.approve_award(actor=e.approver, procurement=e.procurement)

    assert decision.status == AwardDecisionStatus.APPROVED
    assert decision.decided_by == e.approver
    assert e.refresh().status == Status.AWARD_DECIDED
    [event] = _events("evaluation.award_approved")
    assert (event.object_type, event.before, event.after["status"]) == (
        "procurements.procurement",
        {"status": "evaluation"},
        "award_decided",
    )


def test_the_proposer_cannot_sign_off_their_own_award_even_as_an_approver(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    buyer_and_approver = member(e.procurement.authority, Role.BUYER, Role.APPROVER)
    services.propose_award(actor=buyer_and_approver, procurement=e.procurement)

    assert_refused(
        "approver_must_differ",
        lambda: services.approve_award(actor=buyer_and_approver, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )


def test_only_an_approver_signs_off(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    services.propose_award(actor=e.buyer, procurement=e.procurement)
    other_buyer = member(e.procurement.authority, Role.BUYER)

    assert_refused(
        "forbidden_action",
        lambda: services.approve_award(actor=other_buyer, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )


def test_there_must_be_a_proposal_to_sign_off(tender_box):
    e = f.evaluation(tender_box, evaluators=1)

    assert_refused(
        "no_award_proposal",
        lambda: services.approve_award(actor=e.approver, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )


def test_the_approver_returns_a_proposal_with_a_reason_and_the_buyer_proposes_again(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    services.propose_award(actor=e.buyer, procurement=e.procurement)
    assert_refused(
        "return_reason_required",
        lambda: services.return_award(actor=e.approver, procurement=e.procurement, reason=""),
        unchanged=lambda: record_of(e.procurement),
    )

    returned = services.return_award(
        actor=e.approver,
        procurement=e.procurement,
        reason="Recheck the social value moderation for Castlegate.",
    )
    f.moderate_all(e)  # moderation may be revised again
    again = services.propose_award(actor=e.buyer, procurement=e.procurement)

    assert returned.status == AwardDecisionStatus.RETURNED
    assert again.status == AwardDecisionStatus.PROPOSED
    assert AwardDecision.objects.count() == 2
    assert e.refresh().status == Status.EVALUATION


# --- Assessment summaries (s.50(3); reg 31) -----------------------------------------------------


def test_every_assessed_tenderer_is_sent_a_summary_at_the_same_time(
    tender_box, django_capture_on_commit_callbacks
):
    e = f.evaluation(tender_box, evaluators=1)
    f.approved(e)
    albion = e.tender("Albion").supplier
    bid_manager = member(albion, Role.SUPPLIER_BID_MANAGER, email="bids@albion.example")

    with time_machine.travel(datetime(2026, 12, 18, 16, 30, tzinfo=UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            summaries = services.send_assessment_summaries(actor=e.buyer, procurement=e.procurement)

    assert len(summaries) == 7
    assert {s.sent_at for s in summaries} == {datetime(2026, 12, 18, 16, 30, tzinfo=UTC)}
    decision = selectors.approved_decision(e.procurement)
    assert decision.assessment_summaries_sent_at == datetime(2026, 12, 18, 16, 30, tzinfo=UTC)
    assert [(s.supplier.name, s.rank, s.successful) for s in summaries][:3] == [
        ("Fernhill Networks Ltd", 1, True),
        ("Castlegate Digital Ltd", 2, True),
        ("Eastbrook Computing Ltd", 3, False),
    ]
    albions = AssessmentSummary.objects.get(supplier=albion)
    assert albions.content["tender"]["total"] == "83.04"
    assert [w["supplier"] for w in albions.content["winning_tenders"]] == [
        "Fernhill Networks Ltd",
        "Castlegate Digital Ltd",
    ]
    assert albions.content["supplier"] == {
        "name": "Albion Technology Solutions Ltd",
        "address": "1 High Street, Reading, RG1 1AA",
        "identifier": albion.party_id,
    }
    [message] = mail.outbox
    assert message.to == [bid_manager.email]
    assert message.subject == f"Assessment summary: {e.procurement.reference} {e.procurement.title}"
    assert _events("evaluation.summaries_sent")[0].after["count"] == 7


def test_summaries_are_sent_once(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.summaries_sent(e)

    assert_refused(
        "assessment_summaries_already_sent",
        lambda: services.send_assessment_summaries(actor=e.buyer, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )


def test_summaries_wait_for_the_approved_award_decision(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    services.propose_award(actor=e.buyer, procurement=e.procurement)

    assert_refused(
        "award_not_decided",
        lambda: services.send_assessment_summaries(actor=e.buyer, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )


# --- The contract award notice (UK6) ------------------------------------------------------------


def test_the_award_notice_waits_for_the_assessment_summaries(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.approved(e)

    assert_refused(
        "assessment_summaries_not_sent",
        lambda: services.publish_award_notice(actor=e.buyer, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )


def test_the_award_notice_is_prepared_in_find_a_tenders_shape_and_its_publication_there_starts_the_standstill(  # noqa: E501
    tender_box,
):
    e = f.evaluation(tender_box, evaluators=1)
    with time_machine.travel(datetime(2026, 12, 18, 16, 30, tzinfo=UTC), tick=False):
        f.summaries_sent(e)
    fernhill, castlegate = e.tender("Fernhill").supplier, e.tender("Castlegate").supplier

    # Monday 21 December 2026, 10am: 8 working days end on Tuesday 5 January 2027 (25 and 28
    # December and 1 January are bank holidays everywhere, 2 January... is a Saturday).
    with time_machine.travel(datetime(2026, 12, 21, 10, 0, tzinfo=UTC), tick=False):
        notice = services.publish_award_notice(actor=e.buyer, procurement=e.procurement)

    # Prepared, not yet on Find a Tender: the standstill has not started.
    assert e.refresh().status == Status.STANDSTILL
    decision = selectors.approved_decision(e.procurement)
    assert (decision.award_notice, decision.standstill_first_day) == (notice, None)
    with time_machine.travel(datetime(2026, 12, 21, 11, 0, tzinfo=UTC), tick=False):
        on_find_a_tender(notice, e.buyer, fts_notice_id="045678-2026")

    decision = selectors.approved_decision(e.procurement)
    assert (
        decision.award_notice,
        decision.standstill_first_day,
        decision.standstill_last_day,
        decision.earliest_entry_date,
    ) == (notice, date(2026, 12, 21), date(2027, 1, 5), date(2027, 1, 6))
    release = notice.release
    jsonschema.Draft4Validator(
        ocds.release_schema(), format_checker=jsonschema.FormatChecker()
    ).validate(release)
    assert notice.notice_type == "UK6"
    assert release["tag"] == ["award", "contract"]
    assert [a["suppliers"] for a in release["awards"]] == [
        [{"id": fernhill.party_id, "name": "Fernhill Networks Ltd"}],
        [{"id": castlegate.party_id, "name": "Castlegate Digital Ltd"}],
    ]
    award = release["awards"][0]
    assert award["status"] == "pending"
    assert award["value"] == {"currency": "GBP", "amount": 210000000.0, "amountGross": 252000000.0}
    assert award["standstillPeriod"] == {
        "startDate": "2026-12-21T00:00:00+00:00",
        "endDate": "2027-01-05T23:59:59+00:00",
    }
    assert award["assessmentSummariesDateSent"] == "2026-12-18T16:30:00+00:00"
    assert award["milestones"] == [
        {
            "id": "1",
            "type": "futureSignatureDate",
            "dueDate": "2027-01-06T00:00:00+00:00",
            "status": "scheduled",
        }
    ]
    assert award["documents"] == [
        {
            "id": notice.notice_id,
            "documentType": "awardNotice",
            "noticeType": "UK6",
            "description": "Contract award notice on Procura",
            "format": "text/html",
            "datePublished": "2026-12-21T10:00:00+00:00",
        }
    ]
    assert release["bids"]["statistics"][0] == {
        "id": "1",
        "measure": "bids",
        "value": 7,
        "relatedLot": "1",
    }
    roles = {p["name"]: p["roles"] for p in release["parties"]}
    assert roles["Fernhill Networks Ltd"] == ["supplier", "tenderer"]
    assert roles["Albion Technology Solutions Ltd"] == ["tenderer"]
    assert roles["Metropolitan Police Service"] == ["buyer"]
    [event] = _events("evaluation.award_notice_published")
    assert (event.after["notice_id"], "standstill_end" in event.after) == (notice.notice_id, False)
    [started] = _events("evaluation.standstill_started")
    assert (started.after["fts_notice_id"], started.after["standstill_end"]) == (
        "045678-2026",
        "Tuesday 5 January 2027",
    )


def test_the_award_notice_is_published_once(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.in_standstill(e)

    assert_refused(
        "award_notice_already_published",
        lambda: services.publish_award_notice(actor=e.buyer, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )
    assert Notice.objects.filter(notice_type="UK6").count() == 1


def test_a_single_contracts_award_notice_gives_the_winning_price(tender_box):
    e = f.evaluation(tender_box, evaluators=1, make=f.staffordshire_contract)

    notice = f.in_standstill(e)

    [award] = notice.release["awards"]
    assert award["suppliers"][0]["name"] == "Fernhill Networks Ltd"
    assert award["value"] == {"currency": "GBP", "amount": 2250000.0}
    assert award["contractPeriod"] == {"durationInMonths": 120}
    jsonschema.Draft4Validator(ocds.release_schema()).validate(notice.release)


def test_abnormally_low_reviews_are_audited_against_the_review(tender_box):
    e = f.evaluation(tender_box, rows=LOW_ROWS)

    review = services.record_abnormally_low_decision(
        actor=e.buyer,
        procurement=e.procurement,
        tender_id=e.tender("Brightwell").tender_id,
        explanation="Rebate.",
        decision="accepted",
    )

    assert AbnormallyLowReview.objects.get() == review
    [event] = _events("evaluation.abnormally_low_decided")
    assert (event.object_type, event.object_id) == (
        "evaluation.abnormallylowreview",
        str(review.pk),
    )


def test_declarations_close_with_the_procurement(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.assign_panel(e, declare=False)
    e.procurement.status = Status.TERMINATED  # set directly: the termination is not under test
    e.procurement.save(update_fields=["status"])

    assert_refused(
        "evaluation_closed",
        lambda: services.declare_conflicts(
            actor=e.evaluators[0], procurement=e.procurement, has_conflict=False
        ),
        unchanged=lambda: record_of(e.procurement),
    )


def test_no_award_is_proposed_while_the_tenders_are_sealed(tender_box):
    sealed = f.procurement(status=Status.TENDERS_CLOSED)

    assert_refused(
        "tenders_sealed",
        lambda: services.propose_award(actor=sealed.created_by, procurement=sealed),
        unchanged=lambda: record_of(sealed),
    )


def test_the_panel_cannot_change_once_the_award_is_proposed(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    f.ready_to_propose(e)
    services.propose_award(actor=e.buyer, procurement=e.procurement)
    assignment = selectors.assignment_of(e.evaluators[0], e.procurement)

    assert_refused(
        "evaluation_closed",
        lambda: services.remove_evaluator(actor=e.buyer, assignment=assignment),
        unchanged=lambda: record_of(e.procurement),
    )


# --- Exclusion considered before the award, in every procedure (ss.26-28) ----------------------


@pytest.mark.parametrize("procedure", ["open", "competitive_flexible"])
def test_the_award_is_refused_until_every_tenderer_has_an_exclusion_decision(tender_box, procedure):
    # Given nobody's exclusion was considered
    e = f.evaluation(tender_box, consider_exclusion=False, procedure=procedure)
    f.ready_to_propose(e)

    # When the buyer proposes the award, Then it is refused naming every tenderer
    error = assert_refused(
        "exclusion_not_considered",
        lambda: services.propose_award(actor=e.buyer, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
        section="Procurement Act 2023 ss.26-28",
    )
    assert error.details == {"suppliers": sorted(row[0] for row in MET_TENDERS)}

    # And once all but one are considered, only that one is named
    f.exclusion_considered(e.procurement, [t.supplier for t in e.tenders[1:]], by=e.buyer)
    error = assert_refused(
        "exclusion_not_considered",
        lambda: services.propose_award(actor=e.buyer, procurement=e.procurement),
        unchanged=lambda: record_of(e.procurement),
    )
    assert error.details == {"suppliers": [MET_TENDERS[0][0]]}

    # And once the last is considered, the award is proposed
    f.exclusion_considered(e.procurement, [e.tenders[0].supplier], by=e.buyer)
    decision = services.propose_award(actor=e.buyer, procurement=e.procurement)
    assert decision.status == AwardDecisionStatus.PROPOSED
