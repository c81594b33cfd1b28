"""Every write to a procurement: each success with its audit event; a refusal changes nothing."""

from datetime import datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.audit.models import AuditEvent
from procura.core import clock
from procura.notices.models import Notice
from procura.notices.states import NoticeType
from procura.procurements import services
from procura.procurements.events import ProcurementEvent
from procura.procurements.models import (
    AwardCriterion,
    Clarification,
    ConflictsAssessment,
    Procurement,
)
from procura.procurements.states import Procedure, Status
from procura.procurements.tests.factories import MetFrameworkFactory, clarification
from procura.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db

LONDON = clock.LONDON
MONDAY_2_FEB_2026 = datetime(2026, 2, 2, 9, 0, tzinfo=LONDON)
FRIDAY_27_FEB_NOON = datetime(2026, 2, 27, 12, 0, tzinfo=LONDON)


@pytest.fixture
def traveller():
    """The clock stands still at 9am on Monday 2 February 2026 until a test moves it."""
    with time_machine.travel(MONDAY_2_FEB_2026, tick=False) as traveller:
        yield traveller


def state(procurement: Procurement) -> dict:
    """Everything a refusal must leave as it was."""
    return {
        "row": Procurement.objects.filter(pk=procurement.pk).values().get(),
        "participants": sorted(procurement.participants.values_list("pk", flat=True)),
        "criteria": list(
            AwardCriterion.objects.filter(procurement=procurement).values(
                "kind", "title", "weight", "position"
            )
        ),
        "assessment": list(ConflictsAssessment.objects.filter(procurement=procurement).values()),
        "clarifications": Clarification.objects.count(),
        "notices": Notice.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


def new_events(since: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(sequence__gt=since).order_by("sequence"))


def last_sequence() -> int:
    event = AuditEvent.objects.order_by("-sequence").first()
    return event.sequence if event else 0


def published(procurement: Procurement, actor=None):
    return services.publish_tender_notice(
        actor=actor or procurement.created_by, procurement=procurement
    )


# --- create_procurement ------------------------------------------------------------------------


def create_fields(**changes) -> dict:
    fields = {
        "title": "Value-added reseller framework",
        "description": "Technology hardware and software.",
        "cpv_codes": ["30200000"],
        "procedure": Procedure.COMPETITIVE_FLEXIBLE,
        "estimated_value_excl_vat": Decimal("210000000.00"),
        "estimated_value_incl_vat": Decimal("252000000.00"),
        "is_framework": True,
        "max_framework_suppliers": 2,
        "framework_term_months": 24,
        "extension_options_months": [12, 12],
    }
    return fields | changes


def test_a_buyer_creates_a_draft_and_it_is_audited(traveller):
    # Given
    mps = OrganisationFactory(name="Metropolitan Police Service")
    buyer = member(mps, Role.BUYER)
    start = last_sequence()

    # When
    procurement = services.create_procurement(actor=buyer, authority=mps, **create_fields())

    # Then
    assert procurement.status == Status.DRAFT
    assert procurement.reference == "PRC-2026-0001"
    assert procurement.ocid == "ocds-prcura-prc-2026-0001"
    assert procurement.created_at == MONDAY_2_FEB_2026
    assert procurement.published_at is None
    [event] = new_events(start)
    assert event.event_type == ProcurementEvent.CREATED
    assert event.actor == buyer
    assert event.object_type == "procurements.procurement"
    assert event.object_id == str(procurement.pk)
    assert event.organisation_id == mps.pk
    assert event.after["estimated_value_incl_vat"] == "252000000.00"
    assert event.after["extension_options_months"] == [12, 12]
    assert Notice.objects.count() == 0


def test_the_next_draft_takes_the_next_reference(traveller):
    mps = OrganisationFactory()
    buyer = member(mps, Role.BUYER)
    services.create_procurement(actor=buyer, authority=mps, **create_fields())

    second = services.create_procurement(actor=buyer, authority=mps, **create_fields())

    assert second.reference == "PRC-2026-0002"


def test_a_draft_names_its_participants_and_call_off_authorities(traveller):
    staffs = OrganisationFactory(name="Staffordshire Commissioner")
    stoke = OrganisationFactory(name="Stoke-on-Trent City Council", participant=True)
    fire = OrganisationFactory(name="Staffordshire Fire and Rescue", participant=True)

    procurement = services.create_procurement(
        actor=member(staffs, Role.BUYER),
        authority=staffs,
        participants=[stoke, fire],
        **create_fields(is_framework=False, contract_term_months=120),
    )

    assert set(procurement.participants.all()) == {stoke, fire}


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.APPROVER, Role.AUDITOR])
def test_only_a_buyer_of_the_authority_creates_a_procurement(traveller, role):
    mps = OrganisationFactory()
    someone = member(mps, role)
    buyer_elsewhere = member(OrganisationFactory(), Role.BUYER)

    for actor in (someone, buyer_elsewhere):
        assert_refused(
            "forbidden_action",
            lambda actor=actor: services.create_procurement(
                actor=actor, authority=mps, **create_fields()
            ),
        )

    assert Procurement.objects.count() == 0


def test_a_draft_with_the_value_including_vat_below_excluding_vat_is_refused_with_a_code(
    traveller,
):
    mps = OrganisationFactory()
    buyer = member(mps, Role.BUYER)
    fields = create_fields(estimated_value_incl_vat=Decimal("1.00"))

    assert_refused(
        "value_incl_vat_below_excl",
        lambda: services.create_procurement(actor=buyer, authority=mps, **fields),
    )


# --- update_procurement ------------------------------------------------------------------------


def test_a_draft_is_changed_and_the_change_is_audited(traveller):
    procurement = MetFrameworkFactory()
    start = last_sequence()

    services.update_procurement(
        actor=procurement.created_by,
        procurement=procurement,
        title="VAR framework 2026",
        max_shortlist=6,
    )

    procurement.refresh_from_db()
    assert (procurement.title, procurement.max_shortlist) == ("VAR framework 2026", 6)
    [event] = new_events(start)
    assert event.event_type == ProcurementEvent.UPDATED
    assert event.before == {"title": "Value-added reseller framework", "max_shortlist": 7}
    assert event.after == {"title": "VAR framework 2026", "max_shortlist": 6}


def test_a_published_procurement_cannot_be_changed(traveller):
    procurement = MetFrameworkFactory()
    published(procurement)

    assert_refused(
        "not_draft",
        lambda: services.update_procurement(
            actor=procurement.created_by, procurement=procurement, title="Changed"
        ),
        unchanged=lambda: state(procurement),
    )


def test_an_unknown_field_is_refused(traveller):
    procurement = MetFrameworkFactory()

    assert_refused(
        "invalid_input",
        lambda: services.update_procurement(
            actor=procurement.created_by, procurement=procurement, status=Status.TERMINATED
        ),
        unchanged=lambda: state(procurement),
    )


@pytest.mark.parametrize("service", ["update", "criteria", "conflicts"])
def test_only_a_buyer_of_the_authority_changes_a_draft(traveller, service):
    procurement = MetFrameworkFactory()
    outsider = member(OrganisationFactory(), Role.BUYER)
    calls = {
        "update": lambda: services.update_procurement(
            actor=outsider, procurement=procurement, title="Hijacked"
        ),
        "criteria": lambda: services.set_award_criteria(
            actor=outsider,
            procurement=procurement,
            criteria=[{"kind": "price", "title": "Price", "weight": Decimal("100")}],
        ),
        "conflicts": lambda: services.record_conflicts_assessment(
            actor=outsider, procurement=procurement, summary="None."
        ),
    }

    assert_refused("forbidden_action", calls[service], unchanged=lambda: state(procurement))


# --- set_award_criteria ------------------------------------------------------------------------


def test_the_award_criteria_are_replaced_and_audited(traveller):
    procurement = MetFrameworkFactory()
    start = last_sequence()

    services.set_award_criteria(
        actor=procurement.created_by,
        procurement=procurement,
        criteria=[
            {"kind": "quality", "title": "Quality", "weight": Decimal("70"), "max_score": 10},
            {"kind": "price", "title": "Price", "weight": Decimal("30")},
        ],
    )

    assert list(procurement.criteria.values_list("title", "weight", "max_score", "position")) == [
        ("Quality", Decimal("70.00"), 10, 0),
        ("Price", Decimal("30.00"), 5, 1),
    ]
    [event] = new_events(start)
    assert event.event_type == ProcurementEvent.CRITERIA_SET
    assert [c["title"] for c in event.before["criteria"]] == [
        "Technical and service delivery",
        "Continuity and scalability of supply",
        "Social value",
        "Price",
    ]
    assert event.after["criteria"] == [
        {"kind": "quality", "title": "Quality", "weight": "70.00", "max_score": 10},
        {"kind": "price", "title": "Price", "weight": "30.00", "max_score": 5},
    ]


def test_the_award_criteria_cannot_change_after_publication(traveller):
    procurement = MetFrameworkFactory()
    published(procurement)

    assert_refused(
        "not_draft",
        lambda: services.set_award_criteria(
            actor=procurement.created_by,
            procurement=procurement,
            criteria=[{"kind": "price", "title": "Price", "weight": Decimal("100")}],
        ),
        unchanged=lambda: state(procurement),
    )


# --- record_conflicts_assessment ---------------------------------------------------------------


def test_the_conflicts_assessment_is_prepared_then_revised(traveller):
    procurement = MetFrameworkFactory(conflicts_assessment=False)
    buyer = procurement.created_by
    start = last_sequence()

    first = services.record_conflicts_assessment(
        actor=buyer, procurement=procurement, summary="No conflicts."
    )
    traveller.shift(timedelta(days=1))
    revised = services.record_conflicts_assessment(
        actor=buyer, procurement=procurement, summary="One evaluator's brother works at Albion."
    )

    assert revised.pk == first.pk
    assert revised.prepared_at == MONDAY_2_FEB_2026
    assert revised.last_revised_at == MONDAY_2_FEB_2026 + timedelta(days=1)
    assert revised.summary == "One evaluator's brother works at Albion."
    created, changed = new_events(start)
    assert created.event_type == changed.event_type == ProcurementEvent.CONFLICTS_ASSESSED
    assert created.before == {}
    assert changed.before == {"summary": "No conflicts."}


def test_a_blank_conflicts_assessment_is_refused(traveller):
    procurement = MetFrameworkFactory(conflicts_assessment=False)

    assert_refused(
        "invalid_input",
        lambda: services.record_conflicts_assessment(
            actor=procurement.created_by, procurement=procurement, summary="  \n"
        ),
        unchanged=lambda: state(procurement),
    )


def test_a_terminated_procurement_has_no_conflicts_assessment_to_review(traveller):
    procurement = MetFrameworkFactory()
    published(procurement)
    services.terminate_procurement(
        actor=procurement.created_by, procurement=procurement, reason="Budget withdrawn."
    )

    assert_refused(
        "invalid_transition",
        lambda: services.record_conflicts_assessment(
            actor=procurement.created_by, procurement=procurement, summary="Late revision."
        ),
        unchanged=lambda: state(procurement),
    )


# --- publish_tender_notice ---------------------------------------------------------------------


def test_publishing_a_competitive_flexible_procedure_opens_participation(traveller):
    procurement = MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON)
    start = last_sequence()

    notice = published(procurement)

    procurement.refresh_from_db()
    assert procurement.status == Status.PARTICIPATION_OPEN
    assert procurement.published_at == MONDAY_2_FEB_2026
    assert procurement.tendering_opened_at is None
    assert list(Notice.objects.values_list("notice_type", "notice_id")) == [
        (NoticeType.UK4, "000001-2026")
    ]
    assert notice.procurement == procurement
    assert notice.published_by == procurement.created_by
    assert [e.event_type for e in new_events(start)] == [
        "notice.published",
        ProcurementEvent.PUBLISHED,
    ]
    event = new_events(start)[1]
    assert event.before == {"status": "draft"}
    assert event.after == {"status": "participation_open", "notice_id": "000001-2026"}


def test_publishing_an_open_procedure_opens_tendering(traveller):
    procurement = MetFrameworkFactory(open_procedure=True)

    published(procurement)

    procurement.refresh_from_db()
    assert procurement.status == Status.TENDERING_OPEN
    assert procurement.tendering_opened_at == MONDAY_2_FEB_2026
    assert Notice.objects.filter(notice_type=NoticeType.UK4).count() == 1


def test_a_refusal_lists_every_problem_and_changes_nothing(traveller):
    procurement = MetFrameworkFactory(
        conflicts_assessment=False,
        participation_deadline=datetime(2026, 2, 26, 12, tzinfo=LONDON),
        criteria=[("quality", "Quality", Decimal("60")), ("price", "Price", Decimal("30"))],
    )

    error = assert_refused(
        "cannot_publish", lambda: published(procurement), unchanged=lambda: state(procurement)
    )

    assert error.details["problems"] == [
        {
            "code": "conflicts_assessment_missing",
            "message": "Record the conflicts assessment before publishing the tender notice.",
            "section": "Procurement Act 2023 s.83(1)",
            "field": None,
        },
        {
            "code": "participation_period_too_short",
            "message": "The participation deadline must be on or after Friday 27 February 2026: "
            "at least 25 days beginning with the day after the tender notice (Procurement Act "
            "2023 s.54(3), (5)).",
            "section": "Procurement Act 2023 s.54(3), (5)",
            "field": "participation_deadline",
        },
        {
            "code": "award_criteria_weights",
            "message": "The weights of the award criteria add up to 90%; they must add up to 100% "
            "(house rule: your authority may switch it off in its settings).",
            "section": None,
            "field": "criteria",
        },
    ]
    assert procurement.status == Status.DRAFT
    assert Notice.objects.count() == 0


def test_a_single_problem_is_refused_with_its_own_code(traveller):
    procurement = MetFrameworkFactory(conflicts_assessment=False)

    error = assert_refused(
        "conflicts_assessment_missing",
        lambda: published(procurement),
        unchanged=lambda: state(procurement),
    )

    assert error.section == "Procurement Act 2023 s.83(1)"
    assert [p["code"] for p in error.details["problems"]] == ["conflicts_assessment_missing"]


@pytest.mark.parametrize(
    ("deadline", "urgency", "allowed"),
    [
        (FRIDAY_27_FEB_NOON, False, True),
        # 00:00 on the 27th closes as the 27th begins: the 26th is the last day (s.54(5))
        (datetime(2026, 2, 27, 0, 0, tzinfo=LONDON), False, False),
        (datetime(2026, 2, 27, 0, 1, tzinfo=LONDON), False, True),
        (datetime(2026, 2, 26, 23, 59, tzinfo=LONDON), False, False),
        (datetime(2026, 2, 12, 12, tzinfo=LONDON), True, True),  # urgency: 10 days
        (datetime(2026, 2, 11, 12, tzinfo=LONDON), True, False),
    ],
)
def test_the_participation_deadline_is_checked_on_the_day_of_publication(
    traveller, deadline, urgency, allowed
):
    procurement = MetFrameworkFactory(participation_deadline=deadline, urgency=urgency)

    if allowed:
        published(procurement)
        procurement.refresh_from_db()
        assert procurement.status == Status.PARTICIPATION_OPEN
    else:
        assert_refused(
            "participation_period_too_short",
            lambda: published(procurement),
            unchanged=lambda: state(procurement),
        )


def test_the_day_of_publication_is_the_uk_date_not_the_utc_date(traveller):
    # 00:30 on Wednesday 1 April 2026 in London is still 31 March in UTC.
    traveller.move_to(datetime(2026, 4, 1, 0, 30, tzinfo=LONDON))
    too_early = MetFrameworkFactory(participation_deadline=datetime(2026, 4, 25, 12, tzinfo=LONDON))
    just_right = MetFrameworkFactory(
        participation_deadline=datetime(2026, 4, 26, 12, tzinfo=LONDON)
    )

    assert_refused(
        "participation_period_too_short",
        lambda: published(too_early),
        unchanged=lambda: state(too_early),
    )
    published(just_right)


def test_a_published_tender_notice_is_not_published_twice(traveller):
    procurement = MetFrameworkFactory()
    published(procurement)

    assert_refused(
        "already_published", lambda: published(procurement), unchanged=lambda: state(procurement)
    )
    assert Notice.objects.count() == 1


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.APPROVER])
def test_only_a_buyer_publishes(traveller, role):
    procurement = MetFrameworkFactory()
    colleague = member(procurement.authority, role)

    assert_refused(
        "forbidden_action",
        lambda: published(procurement, colleague),
        unchanged=lambda: state(procurement),
    )


# --- publish_clarification ---------------------------------------------------------------------


def test_a_clarification_is_published_to_everyone_and_audited(traveller):
    procurement = MetFrameworkFactory()
    published(procurement)
    start = last_sequence()

    answer = services.publish_clarification(
        actor=procurement.created_by,
        procurement=procurement,
        question="  Is refurbished hardware acceptable? ",
        answer=" No. ",
    )

    assert (answer.question, answer.answer) == ("Is refurbished hardware acceptable?", "No.")
    assert answer.published_at == MONDAY_2_FEB_2026
    [event] = new_events(start)
    assert event.event_type == ProcurementEvent.CLARIFICATION_PUBLISHED
    assert event.after == {
        "clarification_id": answer.pk,
        "question": "Is refurbished hardware acceptable?",
        "answer": "No.",
    }


def test_a_draft_takes_no_clarifications(traveller):
    procurement = MetFrameworkFactory()

    assert_refused(
        "not_open",
        lambda: services.publish_clarification(
            actor=procurement.created_by, procurement=procurement, answer="Too soon."
        ),
        unchanged=lambda: state(procurement),
    )


def test_a_terminated_procurement_takes_no_clarifications(traveller):
    procurement = MetFrameworkFactory()
    published(procurement)
    services.terminate_procurement(
        actor=procurement.created_by, procurement=procurement, reason="Budget withdrawn."
    )

    assert_refused(
        "not_open",
        lambda: services.publish_clarification(
            actor=procurement.created_by, procurement=procurement, answer="Too late."
        ),
        unchanged=lambda: state(procurement),
    )


def test_a_blank_clarification_is_refused(traveller):
    procurement = MetFrameworkFactory()
    published(procurement)

    assert_refused(
        "invalid_input",
        lambda: services.publish_clarification(
            actor=procurement.created_by, procurement=procurement, answer=" "
        ),
        unchanged=lambda: state(procurement),
    )


def test_only_a_buyer_publishes_a_clarification(traveller):
    procurement = MetFrameworkFactory()
    published(procurement)

    assert_refused(
        "forbidden_action",
        lambda: services.publish_clarification(
            actor=member(procurement.authority, Role.EVALUATOR),
            procurement=procurement,
            answer="Yes.",
        ),
        unchanged=lambda: state(procurement),
    )


# --- extend_deadlines --------------------------------------------------------------------------


def test_the_participation_deadline_is_extended_for_everyone(traveller):
    procurement = MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON)
    published(procurement)
    start = last_sequence()
    later = datetime(2026, 3, 6, 12, tzinfo=LONDON)

    services.extend_deadlines(
        actor=procurement.created_by,
        procurement=procurement,
        participation_deadline=later,
        reason="Bidders asked for more time after clarification 3.",
    )

    procurement.refresh_from_db()
    assert procurement.participation_deadline == later
    [event] = new_events(start)
    assert event.event_type == ProcurementEvent.DEADLINES_EXTENDED
    assert event.reason == "Bidders asked for more time after clarification 3."
    assert event.before == {"participation_deadline": "2026-02-27T12:00:00Z"}
    assert event.after == {"participation_deadline": "2026-03-06T12:00:00Z"}


def test_the_tender_deadline_of_an_open_procedure_is_extended(traveller):
    procurement = MetFrameworkFactory(open_procedure=True)
    published(procurement)
    later = procurement.tender_deadline + timedelta(days=7)

    services.extend_deadlines(
        actor=procurement.created_by,
        procurement=procurement,
        tender_deadline=later,
        reason="A bank holiday fell in the period.",
    )

    procurement.refresh_from_db()
    assert procurement.tender_deadline == later


@pytest.mark.parametrize("delta", [timedelta(0), timedelta(minutes=-1), timedelta(days=-3)])
def test_a_deadline_is_never_shortened(traveller, delta):
    procurement = MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON)
    published(procurement)

    error = assert_refused(
        "deadline_not_extended",
        lambda: services.extend_deadlines(
            actor=procurement.created_by,
            procurement=procurement,
            participation_deadline=FRIDAY_27_FEB_NOON + delta,
            reason="Shorter.",
        ),
        unchanged=lambda: state(procurement),
    )
    assert error.field == "participation_deadline"
    assert "midday on Friday 27 February 2026" in error.message


def test_a_passed_deadline_is_not_reopened(traveller):
    procurement = MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON)
    published(procurement)
    traveller.move_to(FRIDAY_27_FEB_NOON)  # the deadline, before the job has closed it

    assert_refused(
        "deadline_passed",
        lambda: services.extend_deadlines(
            actor=procurement.created_by,
            procurement=procurement,
            participation_deadline=datetime(2026, 3, 6, 12, tzinfo=LONDON),
            reason="Late.",
        ),
        unchanged=lambda: state(procurement),
    )


def test_the_tender_deadline_is_not_extended_while_participation_is_open(traveller):
    procurement = MetFrameworkFactory()
    published(procurement)

    assert_refused(
        "deadline_passed",
        lambda: services.extend_deadlines(
            actor=procurement.created_by,
            procurement=procurement,
            tender_deadline=procurement.tender_deadline + timedelta(days=7),
            reason="Not yet.",
        ),
        unchanged=lambda: state(procurement),
    )


def test_an_extension_needs_a_new_deadline(traveller):
    procurement = MetFrameworkFactory()
    published(procurement)

    assert_refused(
        "invalid_input",
        lambda: services.extend_deadlines(
            actor=procurement.created_by, procurement=procurement, reason="More time."
        ),
        unchanged=lambda: state(procurement),
    )


def test_an_extension_needs_a_reason(traveller):
    procurement = MetFrameworkFactory()
    published(procurement)

    error = assert_refused(
        "invalid_input",
        lambda: services.extend_deadlines(
            actor=procurement.created_by,
            procurement=procurement,
            participation_deadline=procurement.participation_deadline + timedelta(days=7),
            reason=" ",
        ),
        unchanged=lambda: state(procurement),
    )
    assert error.field == "reason"


def test_a_draft_has_no_deadline_to_extend(traveller):
    procurement = MetFrameworkFactory()

    assert_refused(
        "deadline_passed",
        lambda: services.extend_deadlines(
            actor=procurement.created_by,
            procurement=procurement,
            participation_deadline=procurement.participation_deadline + timedelta(days=7),
            reason="Draft.",
        ),
        unchanged=lambda: state(procurement),
    )


def test_a_new_deadline_is_never_in_the_past(traveller):
    procurement = MetFrameworkFactory(status=Status.TENDERING_OPEN, tender_deadline=None)

    assert_refused(
        "deadline_passed",
        lambda: services.extend_deadlines(
            actor=procurement.created_by,
            procurement=procurement,
            tender_deadline=MONDAY_2_FEB_2026 - timedelta(days=1),
            reason="Set the tender deadline.",
        ),
        unchanged=lambda: state(procurement),
    )


# --- close_participation, close_tendering, close_due_deadlines ----------------------------------


def test_participation_closes_at_the_deadline_once(traveller):
    procurement = MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON)
    published(procurement)

    traveller.move_to(FRIDAY_27_FEB_NOON - timedelta(seconds=1))
    assert services.close_participation(procurement=procurement) is False
    procurement.refresh_from_db()
    assert procurement.status == Status.PARTICIPATION_OPEN

    traveller.move_to(FRIDAY_27_FEB_NOON)
    start = last_sequence()
    assert services.close_participation(procurement=procurement) is True
    assert services.close_participation(procurement=procurement) is False

    procurement.refresh_from_db()
    assert procurement.status == Status.PARTICIPATION_CLOSED
    assert procurement.participation_closed_at == FRIDAY_27_FEB_NOON
    [event] = new_events(start)
    assert event.event_type == ProcurementEvent.PARTICIPATION_CLOSED
    assert event.actor is None
    assert event.actor_name == "Procura (scheduled job)"


def test_tendering_closes_at_the_deadline_once(traveller):
    procurement = MetFrameworkFactory(open_procedure=True)
    published(procurement)
    deadline = procurement.tender_deadline

    traveller.move_to(deadline - timedelta(seconds=1))
    assert services.close_tendering(procurement=procurement) is False

    traveller.move_to(deadline + timedelta(hours=1))
    start = last_sequence()
    assert services.close_tendering(procurement=procurement) is True
    assert services.close_tendering(procurement=procurement) is False

    procurement.refresh_from_db()
    assert procurement.status == Status.TENDERS_CLOSED
    assert procurement.tenders_closed_at == deadline + timedelta(hours=1)
    assert [e.event_type for e in new_events(start)] == [ProcurementEvent.TENDERS_CLOSED]


def test_closing_leaves_a_procurement_in_another_status_alone(traveller):
    draft = MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON)
    traveller.move_to(FRIDAY_27_FEB_NOON + timedelta(days=1))

    assert services.close_participation(procurement=draft) is False
    assert services.close_tendering(procurement=draft) is False
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_scheduled_job_closes_every_passed_deadline_and_is_idempotent(traveller):
    cfp = MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON)
    open_procedure = MetFrameworkFactory(
        open_procedure=True, tender_deadline=datetime(2026, 3, 9, 12, tzinfo=LONDON)
    )
    later = MetFrameworkFactory(participation_deadline=datetime(2026, 3, 20, 12, tzinfo=LONDON))
    for procurement in (cfp, open_procedure, later):
        published(procurement)
    traveller.move_to(datetime(2026, 3, 10, 8, 0, tzinfo=LONDON))

    assert services.close_due_deadlines() == 2
    start = last_sequence()
    assert services.close_due_deadlines() == 0

    assert new_events(start) == []
    statuses = {p.pk: p.status for p in Procurement.objects.all()}
    assert statuses == {
        cfp.pk: Status.PARTICIPATION_CLOSED,
        open_procedure.pk: Status.TENDERS_CLOSED,
        later.pk: Status.PARTICIPATION_OPEN,
    }


def test_the_close_deadlines_command_says_how_many_changed(traveller):
    procurement = MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON)
    published(procurement)
    traveller.move_to(FRIDAY_27_FEB_NOON + timedelta(minutes=5))

    first, second = StringIO(), StringIO()
    call_command("close_deadlines", stdout=first)
    call_command("close_deadlines", stdout=second)

    assert first.getvalue() == "Closed the passed deadlines of 1 procurement.\n"
    assert second.getvalue() == "Closed the passed deadlines of 0 procurements.\n"
    procurement.refresh_from_db()
    assert procurement.status == Status.PARTICIPATION_CLOSED


# --- terminate_procurement ---------------------------------------------------------------------


@pytest.mark.parametrize("procedure", ["cfp", "open"])
def test_termination_publishes_a_uk12_and_is_audited(traveller, procedure):
    procurement = MetFrameworkFactory(open_procedure=procedure == "open")
    published(procurement)
    traveller.shift(timedelta(days=3))
    start = last_sequence()

    notice = services.terminate_procurement(
        actor=procurement.created_by, procurement=procurement, reason="  Budget withdrawn. "
    )

    procurement.refresh_from_db()
    assert procurement.status == Status.TERMINATED
    assert procurement.terminated_at == MONDAY_2_FEB_2026 + timedelta(days=3)
    assert procurement.termination_reason == "Budget withdrawn."
    assert notice.notice_type == NoticeType.UK12
    assert notice.release["tag"] == ["tenderCancellation"]
    assert notice.release["tender"]["status"] == "withdrawn"
    assert [n.notice_type for n in Notice.objects.filter(procurement=procurement)] == [
        NoticeType.UK4,
        NoticeType.UK12,
    ]
    events = new_events(start)
    assert [e.event_type for e in events] == ["notice.published", ProcurementEvent.TERMINATED]
    assert events[1].reason == "  Budget withdrawn. "
    assert events[1].after["notice_id"] == notice.notice_id


def test_a_draft_is_not_terminated(traveller):
    procurement = MetFrameworkFactory()

    assert_refused(
        "not_published",
        lambda: services.terminate_procurement(
            actor=procurement.created_by, procurement=procurement, reason="Abandoned."
        ),
        unchanged=lambda: state(procurement),
    )


def test_a_terminated_procurement_is_not_terminated_again(traveller):
    procurement = MetFrameworkFactory()
    published(procurement)
    services.terminate_procurement(
        actor=procurement.created_by, procurement=procurement, reason="Budget withdrawn."
    )

    assert_refused(
        "invalid_transition",
        lambda: services.terminate_procurement(
            actor=procurement.created_by, procurement=procurement, reason="Again."
        ),
        unchanged=lambda: state(procurement),
    )
    assert Notice.objects.filter(notice_type=NoticeType.UK12).count() == 1


def test_termination_needs_a_reason_and_a_buyer(traveller):
    procurement = MetFrameworkFactory()
    published(procurement)

    assert_refused(
        "invalid_input",
        lambda: services.terminate_procurement(
            actor=procurement.created_by, procurement=procurement, reason=" "
        ),
        unchanged=lambda: state(procurement),
    )
    assert_refused(
        "forbidden_action",
        lambda: services.terminate_procurement(
            actor=member(procurement.authority, Role.APPROVER),
            procurement=procurement,
            reason="Not mine to end.",
        ),
        unchanged=lambda: state(procurement),
    )


def test_a_procurement_may_be_changed_freely_until_the_participation_deadline(traveller):
    procurement = MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON)
    assert services.is_modifiable_freely(procurement) is True
    published(procurement)
    procurement.refresh_from_db()
    assert services.is_modifiable_freely(procurement) is True

    traveller.move_to(FRIDAY_27_FEB_NOON)
    services.close_participation(procurement=procurement)
    procurement.refresh_from_db()

    assert services.is_modifiable_freely(procurement) is False


def test_clarifications_are_listed_oldest_first(traveller):
    procurement = MetFrameworkFactory()
    first = clarification(procurement, published_at=MONDAY_2_FEB_2026)
    second = clarification(procurement, published_at=MONDAY_2_FEB_2026 + timedelta(hours=1))

    assert list(procurement.clarifications.all()) == [first, second]


# --- Issue 8: the law at its edges, at publication -----------------------------------------------


@pytest.mark.parametrize(
    "facts",
    [{"preselected_suppliers_only": True}, {"negotiated_period_agreed": True}],
)
def test_an_open_procedure_claiming_pre_selection_is_not_published(traveller, facts):
    # Given an open procedure (anyone may tender, s.20(2)(a)) with a 10-day tendering period
    procurement = MetFrameworkFactory(
        procedure=Procedure.OPEN,
        participation_deadline=None,
        max_shortlist=None,
        shortlisting_criteria="",
        tender_deadline=datetime(2026, 2, 12, 12, 0, tzinfo=LONDON),
        tendering_facts={"electronic_submission": True, **facts},
    )

    # When it is published, Then it is refused citing the section, and nothing changed
    assert_refused(
        "open_procedure_preselection",
        services.publish_tender_notice,
        actor=procurement.created_by,
        procurement=procurement,
        unchanged=lambda: state(procurement),
        section="Procurement Act 2023 s.20(2)(a); Procurement Act 2023 s.54(4)–(5)",
    )


@pytest.mark.parametrize(
    ("category", "months", "code"),
    [
        ("general", 48, None),  # 4 years
        ("general", 49, "framework_term_too_long"),
        ("defence_and_security", 96, None),  # 8 years
        ("defence_and_security", 97, "framework_term_too_long"),
        ("utilities", 96, None),
        ("utilities", 97, "framework_term_too_long"),
    ],
)
def test_s47_1_the_framework_maximum_follows_its_category(traveller, category, months, code):
    procurement = MetFrameworkFactory(
        framework_category=category, framework_term_months=months, extension_options_months=[]
    )

    if code is None:
        services.publish_tender_notice(actor=procurement.created_by, procurement=procurement)
        procurement.refresh_from_db()
        assert procurement.status == Status.PARTICIPATION_OPEN
        return
    error = assert_refused(
        code,
        services.publish_tender_notice,
        actor=procurement.created_by,
        procurement=procurement,
        unchanged=lambda: state(procurement),
        section="Procurement Act 2023 s.47(1)-(3)",
    )
    assert f"at most {8 if category != 'general' else 4} years" in error.message


@pytest.mark.parametrize(
    ("deadline", "published"),
    [
        # Published Mon 2 Feb 2026: 25 days end with Fri 27 Feb (s.54(3), (5))
        (datetime(2026, 2, 27, 0, 0, tzinfo=LONDON), False),  # 00:00: 26 Feb is the last day
        (datetime(2026, 2, 27, 0, 1, tzinfo=LONDON), True),
        (datetime(2026, 2, 28, 0, 0, tzinfo=LONDON), True),  # 27 Feb is the last day
    ],
)
def test_s54_5_a_midnight_participation_deadline_counts_the_day_before(
    traveller, deadline, published
):
    procurement = MetFrameworkFactory(participation_deadline=deadline)

    if published:
        services.publish_tender_notice(actor=procurement.created_by, procurement=procurement)
        procurement.refresh_from_db()
        assert procurement.status == Status.PARTICIPATION_OPEN
        return
    error = assert_refused(
        "participation_period_too_short",
        services.publish_tender_notice,
        actor=procurement.created_by,
        procurement=procurement,
        unchanged=lambda: state(procurement),
        section="Procurement Act 2023 s.54(3), (5)",
    )
    assert error.field == "participation_deadline"
