"""Modifying a published procurement within what s.31 allows: the rules, the service, the API
and the pages. Every refusal carries its code and section and changes nothing: not a field, not
a notice, not a clarification, not an audit event, not an e-mail."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.test import Client

from procura.accounts.states import Role
from procura.accounts.tests.factories import member
from procura.audit.models import AuditEvent
from procura.core import clock
from procura.core.errors import DomainError
from procura.notices import selectors as notice_selectors
from procura.notices.models import Notice
from procura.notices.states import NoticeType
from procura.notices.tests.schema import package_schema, schema_errors, strict_format_checker
from procura.participation.tests.factories import interested_participant, supplier
from procura.procurements import rules, selectors, services
from procura.procurements.events import ProcurementEvent
from procura.procurements.models import AwardCriterion, Clarification, Procurement
from procura.procurements.states import Status
from procura.procurements.tests.factories import MetFrameworkFactory, buyer_of
from procura.procurements.tests.modifying import (
    FRIDAY_27_FEB_NOON,
    MONDAY_2_FEB_2026,
    REASON,
    TIME_LIMITS,
    closed_for_participation,
    last_sequence,
    modification_body,
    modify,
    modify_form,
    new_events,
    published,
    tender_notices,
)
from procura.procurements.tests.pages import error_links, signed_in, text
from procura.testing.client import Api
from procura.testing.refusals import assert_refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("publish_at_once")]

ACT = "Procurement Act 2023"
LONDON = clock.LONDON
FRIDAY_6_MAR_NOON = datetime(2026, 3, 6, 12, 0, tzinfo=LONDON)


@pytest.fixture
def traveller():
    """9am on Monday 2 February 2026, standing still until a test moves it."""
    with time_machine.travel(MONDAY_2_FEB_2026, tick=False) as traveller:
        yield traveller


@pytest.fixture
def met(traveller) -> Procurement:
    """The Met's VAR framework, published: requests to participate until 27 February."""
    return published(MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON))


@pytest.fixture
def open_tender(traveller) -> Procurement:
    """An open procedure, published: tenders until midday 40 days from now."""
    return published(MetFrameworkFactory(open_procedure=True))


def state(procurement: Procurement) -> dict:
    """Everything a refused modification must leave as it was."""
    return {
        "row": Procurement.objects.filter(pk=procurement.pk).values().get(),
        "criteria": list(
            AwardCriterion.objects.filter(procurement=procurement).values(
                "kind", "title", "description", "weight", "max_score", "position"
            )
        ),
        "notices": Notice.objects.count(),
        "clarifications": Clarification.objects.count(),
        "audit_events": AuditEvent.objects.count(),
        "emails": len(mail.outbox),
    }


# --- Rules: the s.31 window -----------------------------------------------------------------------

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)
BEFORE, AFTER = NOW + timedelta(days=5), NOW - timedelta(minutes=1)


@pytest.mark.parametrize(
    ("competitive_flexible", "status", "participation_deadline", "tender_deadline", "window"),
    [
        # s.31(1)(b): a competitive flexible procedure before the participation deadline
        (True, Status.PARTICIPATION_OPEN, BEFORE, BEFORE + timedelta(days=40), rules.MODIFY_ANY),
        # s.31(2): after it (even before the job has closed it), only if not substantial
        (True, Status.PARTICIPATION_OPEN, AFTER, BEFORE, rules.MODIFY_NOT_SUBSTANTIAL),
        (True, Status.PARTICIPATION_CLOSED, AFTER, BEFORE, rules.MODIFY_NOT_SUBSTANTIAL),
        (True, Status.TENDERING_OPEN, AFTER, BEFORE, rules.MODIFY_NOT_SUBSTANTIAL),
        # s.31(1)(a): an open procedure before the tender deadline
        (False, Status.TENDERING_OPEN, None, BEFORE, rules.MODIFY_ANY),
    ],
)
def test_the_window_s31_opens_at_each_stage(
    competitive_flexible, status, participation_deadline, tender_deadline, window
):
    assert (
        rules.modification_window(
            competitive_flexible=competitive_flexible,
            status=status,
            participation_deadline=participation_deadline,
            tender_deadline=tender_deadline,
            now=NOW,
        )
        == window
    )


@pytest.mark.parametrize(
    ("competitive_flexible", "status", "tender_deadline", "code", "section"),
    [
        (True, Status.DRAFT, BEFORE, "not_published", f"{ACT} s.31(1)"),
        (False, Status.TENDERING_OPEN, AFTER, "tender_deadline_passed", f"{ACT} s.31(1)(a)"),
        (True, Status.TENDERING_OPEN, AFTER, "tender_deadline_passed", f"{ACT} s.31(2)"),
        (True, Status.TENDERS_CLOSED, AFTER, "tender_deadline_passed", f"{ACT} s.31(2)"),
        (True, Status.EVALUATION, AFTER, "tenders_opened", f"{ACT} s.31(1)-(2)"),
        (False, Status.AWARD_DECIDED, AFTER, "tenders_opened", f"{ACT} s.31(1)-(2)"),
        (True, Status.STANDSTILL, AFTER, "tenders_opened", f"{ACT} s.31(1)-(2)"),
        (True, Status.CONTRACT_SIGNED, AFTER, "procurement_ended", f"{ACT} s.31(1); s.74"),
        (True, Status.TERMINATED, BEFORE, "procurement_ended", f"{ACT} s.31(1); s.55"),
    ],
)
def test_no_modification_outside_the_window(
    competitive_flexible, status, tender_deadline, code, section
):
    with pytest.raises(DomainError) as error:
        rules.modification_window(
            competitive_flexible=competitive_flexible,
            status=status,
            participation_deadline=AFTER,
            tender_deadline=tender_deadline,
            now=NOW,
        )

    assert (error.value.code, error.value.section) == (code, section)


def test_the_fields_a_modification_may_change_depend_on_the_stage():
    everything = list(rules.MODIFIABLE_FIELDS)
    without_shortlist_or_criteria = [
        f for f in everything if f not in {"max_shortlist", "shortlisting_criteria", "criteria"}
    ]

    for status in (Status.PARTICIPATION_OPEN, Status.PARTICIPATION_CLOSED):
        assert rules.modifiable_fields(competitive_flexible=True, status=status) == everything
    assert (
        rules.modifiable_fields(competitive_flexible=True, status=Status.TENDERING_OPEN)
        == without_shortlist_or_criteria
    )
    assert (
        rules.modifiable_fields(competitive_flexible=False, status=Status.TENDERING_OPEN)
        == without_shortlist_or_criteria
    )


@pytest.mark.parametrize(
    ("fields", "competitive_flexible", "status", "field", "section"),
    [
        (["procedure"], True, Status.PARTICIPATION_OPEN, "procedure", f"{ACT} s.31(1); s.55"),
        (["title", "max_shortlist"], False, Status.TENDERING_OPEN, "max_shortlist",
         f"{ACT} s.20(2)(a)"),
        (["shortlisting_criteria"], True, Status.TENDERING_OPEN, "shortlisting_criteria",
         f"{ACT} s.20(4)(a); s.31(2)-(3)"),
        (["criteria"], True, Status.TENDERING_OPEN, "criteria", f"{ACT} s.23; s.31"),
        (["criteria"], False, Status.TENDERING_OPEN, "criteria", f"{ACT} s.23; s.31"),
    ],
)  # fmt: skip
def test_a_field_outside_the_stage_is_refused_with_its_section(
    fields, competitive_flexible, status, field, section
):
    violation = rules.check_fields_modifiable(
        fields, competitive_flexible=competitive_flexible, status=status
    )

    assert (violation.code, violation.field, violation.section) == (
        "field_not_modifiable",
        field,
        section,
    )


def test_the_fields_of_the_stage_pass():
    assert (
        rules.check_fields_modifiable(
            ["title", "criteria", "max_shortlist"],
            competitive_flexible=True,
            status=Status.PARTICIPATION_CLOSED,
        )
        is None
    )


# --- Rules: what is substantial (s.31(3)) ---------------------------------------------------------

MET = {
    "title": "Value-added reseller framework",
    "description": "Technology hardware and software.",
    "cpv_codes": ["30200000", "48000000"],
    "estimated_value_excl_vat": Decimal("210000000.00"),
    "estimated_value_incl_vat": Decimal("252000000.00"),
    "is_framework": True,
    "max_framework_suppliers": 2,
    "framework_term_months": 24,
    "extension_options_months": [12, 12],
    "contract_term_months": None,
    "value_range_max_incl_vat": None,
    "max_shortlist": 7,
    "shortlisting_criteria": "The seven highest-scoring suppliers.",
}


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"title": "VAR framework 2026", "description": "Hardware, software, support."}, []),
        ({"cpv_codes": ["48000000", "30200000"]}, []),  # the same codes, reordered
        ({"cpv_codes": ["30200000", "48000000", "32000000"]}, ["cpv_codes"]),
        ({"is_framework": False, "contract_term_months": 48}, ["is_framework"]),
        ({"max_framework_suppliers": 3}, ["max_framework_suppliers"]),
        ({"max_shortlist": 6}, ["max_shortlist"]),
        ({"shortlisting_criteria": "The six best."}, ["shortlisting_criteria"]),
        # The value: 10% is not material, more is (the s.74(4) line)
        ({"estimated_value_incl_vat": Decimal("277200000.00")}, []),
        ({"estimated_value_incl_vat": Decimal("277200000.01")}, ["estimated_value_incl_vat"]),
        ({"estimated_value_incl_vat": Decimal("226800000.00")}, []),
        ({"estimated_value_incl_vat": Decimal("226799999.99")}, ["estimated_value_incl_vat"]),
        # The term with every extension, 48 months: 52 is 8.3% more, 53 is 10.4% more
        ({"extension_options_months": [12, 16]}, []),
        ({"extension_options_months": [12, 12, 5]}, ["extension_options_months"]),
        ({"framework_term_months": 18}, ["framework_term_months"]),
    ],
)
def test_substantial_by_its_nature(changes, fields):
    found = rules.substantial_changes(MET, MET | changes)

    assert [field for field, _why in found] == fields
    assert all(why.endswith(".") for _field, why in found)


def test_after_the_participation_deadline_a_substantial_modification_is_refused():
    violation = rules.check_substantial(
        window=rules.MODIFY_NOT_SUBSTANTIAL,
        stated=False,
        inherent=[("max_shortlist", "Changing how many suppliers are shortlisted changes it.")],
    )

    assert (violation.code, violation.section, violation.field) == (
        "substantial_after_participation_deadline",
        f"{ACT} s.31(2)-(3)",
        "max_shortlist",
    )
    stated = rules.check_substantial(window=rules.MODIFY_NOT_SUBSTANTIAL, stated=True, inherent=[])
    assert (stated.code, stated.field) == (
        "substantial_after_participation_deadline",
        "substantial",
    )


def test_a_light_touch_contract_may_be_modified_substantially_later():
    assert (
        rules.check_substantial(
            window=rules.MODIFY_NOT_SUBSTANTIAL, stated=True, inherent=[], light_touch=True
        )
        is None
    )


def test_before_the_deadline_a_substantial_change_must_be_recorded_as_such():
    inherent = [("cpv_codes", "The CPV codes say what is bought.")]

    violation = rules.check_substantial(window=rules.MODIFY_ANY, stated=False, inherent=inherent)

    assert (violation.code, violation.section, violation.field) == (
        "substantial_not_stated",
        f"{ACT} s.31(3)",
        "substantial",
    )
    assert rules.check_substantial(window=rules.MODIFY_ANY, stated=True, inherent=inherent) is None
    assert rules.check_substantial(window=rules.MODIFY_ANY, stated=False, inherent=[]) is None


@pytest.mark.parametrize("statement", ["", "   ", None])
def test_the_time_limits_must_be_reconsidered(statement):
    violation = rules.check_time_limits_reconsidered(statement)

    assert (violation.code, violation.section, violation.field) == (
        "time_limits_not_reconsidered",
        f"{ACT} s.31(4); s.54(1)",
        "time_limits_reconsidered",
    )
    assert rules.check_time_limits_reconsidered("No change needed: a typo.") is None


@pytest.mark.parametrize(
    ("current", "proposed", "is_open", "code", "section"),
    [
        (BEFORE, BEFORE + timedelta(days=7), False, "deadline_passed", f"{ACT} s.31"),
        (AFTER, BEFORE, True, "deadline_passed", f"{ACT} s.31"),
        (None, AFTER, True, "deadline_passed", f"{ACT} s.54(2)"),
        (BEFORE, BEFORE, True, "deadline_not_extended", f"{ACT} s.31(4); s.54(2)"),
        (BEFORE, BEFORE - timedelta(hours=1), True, "deadline_not_extended",
         f"{ACT} s.31(4); s.54(2)"),
    ],
)  # fmt: skip
def test_a_deadline_is_only_ever_extended(current, proposed, is_open, code, section):
    violation = rules.check_deadline_extension(
        "tender_deadline", current=current, proposed=proposed, is_open=is_open, now=NOW
    )

    assert (violation.code, violation.section, violation.field) == (
        code,
        section,
        "tender_deadline",
    )
    assert (
        rules.check_deadline_extension(
            "tender_deadline",
            current=BEFORE,
            proposed=BEFORE + timedelta(minutes=1),
            is_open=True,
            now=NOW,
        )
        is None
    )


# --- The service: a modification and its revised tender notice ------------------------------------


def test_a_modification_changes_the_fields_publishes_a_revised_notice_and_is_audited(
    met, django_capture_on_commit_callbacks
):
    first = tender_notices(met)[0]
    start = last_sequence()

    with django_capture_on_commit_callbacks(execute=True):
        notice = modify(
            met,
            changes={
                "title": "VAR framework 2026",
                "cpv_codes": ["30200000", "48000000", "72000000", "32000000"],
                "estimated_value_incl_vat": Decimal("260000000.00"),
            },
            substantial=True,
            participation_deadline=FRIDAY_6_MAR_NOON,
        )

    met.refresh_from_db()
    assert met.title == "VAR framework 2026"
    assert met.cpv_codes == ["30200000", "48000000", "72000000", "32000000"]
    assert met.estimated_value_incl_vat == Decimal("260000000.00")
    assert met.participation_deadline == FRIDAY_6_MAR_NOON
    assert met.status == Status.PARTICIPATION_OPEN
    # A new, immutable tender notice (UK4): the first one is untouched.
    assert notice.notice_type == NoticeType.UK4
    assert [n.notice_id for n in tender_notices(met)] == [first.notice_id, notice.notice_id]
    assert Notice.objects.get(pk=first.pk).release == first.release
    release = notice.release
    assert release["tag"] == ["tenderAmendment"]
    assert release["id"] == notice.notice_id
    assert release["tender"]["title"] == "VAR framework 2026"
    assert release["tender"]["expressionOfInterestDeadline"] == "2026-03-06T12:00:00+00:00"
    [amendment] = release["tender"]["amendments"]
    assert amendment == {
        "id": notice.notice_id,
        "date": "2026-02-02T09:00:00+00:00",
        "rationale": REASON,
        "description": (
            "Changed: Title; CPV codes; Estimated value including VAT; Deadline for requests to "
            "participate. The authority considers the modification substantial (s.31(3)). "
            f"Time limits reconsidered (s.31(4)): {TIME_LIMITS}"
        ),
        "amendsReleaseID": first.notice_id,
        "releaseID": notice.notice_id,
        "unstructuredChanges": [
            {
                "where": {"label": "Title"},
                "oldValue": {"text": "Value-added reseller framework"},
                "newValue": {"text": "VAR framework 2026"},
            },
            {
                "where": {"label": "CPV codes"},
                "oldValue": {
                    "classifications": [
                        {"scheme": "CPV", "id": "30200000"},
                        {"scheme": "CPV", "id": "48000000"},
                        {"scheme": "CPV", "id": "72000000"},
                    ]
                },
                "newValue": {
                    "classifications": [
                        {"scheme": "CPV", "id": "30200000"},
                        {"scheme": "CPV", "id": "48000000"},
                        {"scheme": "CPV", "id": "72000000"},
                        {"scheme": "CPV", "id": "32000000"},
                    ]
                },
            },
            {
                "where": {"label": "Estimated value including VAT"},
                "oldValue": {"text": "£252,000,000"},
                "newValue": {"text": "£260,000,000"},
            },
            {
                "where": {"label": "Deadline for requests to participate"},
                "oldValue": {"date": "2026-02-27T12:00:00+00:00"},
                "newValue": {"date": "2026-03-06T12:00:00+00:00"},
            },
        ],
    }
    # The audit trail: the notice, the clarification to every supplier, the modification.
    events = new_events(start)
    assert [e.event_type for e in events] == [
        "notice.published",
        "notice.published_on_fts",  # at once, as in the demo (publish_at_once)
        ProcurementEvent.CLARIFICATION_PUBLISHED,
        ProcurementEvent.MODIFIED,
    ]
    event = events[-1]
    assert event.reason == REASON
    assert event.before == {
        "title": "Value-added reseller framework",
        "cpv_codes": ["30200000", "48000000", "72000000"],
        "estimated_value_incl_vat": "252000000.00",
        "participation_deadline": "2026-02-27T12:00:00Z",
    }
    clarification = Clarification.objects.get(procurement=met)
    assert event.after == {
        "title": "VAR framework 2026",
        "cpv_codes": ["30200000", "48000000", "72000000", "32000000"],
        "estimated_value_incl_vat": "260000000.00",
        "participation_deadline": "2026-03-06T12:00:00Z",
        "notice_id": notice.notice_id,
        "substantial": True,
        "time_limits_reconsidered": TIME_LIMITS,
        "clarification_id": clarification.pk,
        "suppliers_told": [],
    }


@pytest.mark.parametrize("scenario", ["met", "open_tender"])
def test_every_revised_tender_notice_validates_against_the_find_a_tender_schema(request, scenario):
    procurement = request.getfixturevalue(scenario)
    first = tender_notices(procurement)[0]

    revised = modify(
        procurement,
        changes={"description": "Hardware, software and support.", "title": "Revised title"},
        tender_deadline=procurement.tender_deadline + timedelta(days=7)
        if scenario == "open_tender"
        else None,
    )
    again = modify(procurement, changes={"title": "Revised again"}, reason="A typo.")

    for notice in (revised, again):
        assert schema_errors(notice.release) == []
        assert schema_errors(notice.release, format_checker=strict_format_checker()) == []
    package = notice_selectors.release_package(
        [first, revised, again], uri="https://procura.example/opportunities/x/notices/y.json"
    )
    assert schema_errors(package, schema=package_schema()) == []
    # Each revision carries every amendment so far, the newest last.
    assert [a["id"] for a in again.release["tender"]["amendments"]] == [
        revised.notice_id,
        again.notice_id,
    ]
    assert again.release["tender"]["amendments"][1]["amendsReleaseID"] == revised.notice_id


def test_the_suppliers_taking_part_are_told(met, django_capture_on_commit_callbacks):
    alpha, alpha_manager = supplier("Alpha Technology Ltd")
    beta, beta_manager = supplier("Beta Systems Ltd")
    bystander, bystander_manager = supplier("Gamma Not Interested Ltd")
    interested_participant(met, alpha, alpha_manager)
    interested_participant(met, beta, beta_manager)

    with django_capture_on_commit_callbacks(execute=True):
        notice = modify(met, changes={"title": "VAR framework 2026"})

    # Every supplier sees a clarification, which names nobody.
    clarification = Clarification.objects.get(procurement=met)
    assert clarification.question == ""
    assert clarification.answer.startswith(
        f"The procurement has been modified and the tender notice revised (notice "
        f"{notice.notice_id})."
    )
    assert "Title: Value-added reseller framework → VAR framework 2026" in clarification.answer
    assert f"Why: {REASON}" in clarification.answer
    # Each supplier that registered interest gets an e-mail; the bystander does not.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alpha_manager.email, beta_manager.email])
    assert bystander_manager.email not in {m.to[0] for m in mail.outbox}
    message = mail.outbox[0]
    assert message.subject == f"Revised tender notice: {met.reference} VAR framework 2026"
    assert f"/opportunities/{met.reference}/" in message.body
    event = AuditEvent.objects.get(event_type=ProcurementEvent.MODIFIED)
    assert event.after["suppliers_told"] == ["Alpha Technology Ltd", "Beta Systems Ltd"]


def test_a_modification_that_is_not_substantial_is_allowed_after_the_participation_deadline(
    met, traveller
):
    closed_for_participation(met, traveller)

    notice = modify(
        met, changes={"title": "VAR framework 2026", "description": "Hardware and software."}
    )

    met.refresh_from_db()
    assert (met.title, met.description) == ("VAR framework 2026", "Hardware and software.")
    assert met.status == Status.PARTICIPATION_CLOSED
    assert notice.release["tag"] == ["tenderAmendment"]


def test_award_criteria_change_while_no_invitation_to_tender_has_gone_out(met):
    start = last_sequence()
    criteria = [
        {"kind": "quality", "title": "Technical", "weight": Decimal("60"), "max_score": 5},
        {"kind": "price", "title": "Price", "weight": Decimal("40")},
    ]

    notice = modify(met, changes={"criteria": criteria})

    assert list(met.criteria.values_list("kind", "title", "weight", "max_score")) == [
        ("quality", "Technical", Decimal("60.00"), 5),
        ("price", "Price", Decimal("40.00"), 5),
    ]
    assert [
        c["name"] for c in notice.release["tender"]["lots"][0]["awardCriteria"]["criteria"]
    ] == [
        "Technical",
        "Price",
    ]
    event = new_events(start)[-1]
    assert event.before["criteria"][0] == {
        "kind": "quality",
        "title": "Technical and service delivery",
        "description": "",
        "weight": "50.00",
        "max_score": 5,
    }
    assert [c["title"] for c in event.after["criteria"]] == ["Technical", "Price"]
    [modification] = selectors.modifications_of(met)
    [change] = modification.changes
    assert change.label == "Award criteria"
    assert change.after_text == "Technical (quality) 60%; Price (price) 40%"


def test_a_light_touch_contract_may_be_modified_substantially_after_the_deadline(traveller):
    procurement = MetFrameworkFactory(participation_deadline=FRIDAY_27_FEB_NOON)
    procurement.tendering_facts = procurement.tendering_facts | {"light_touch": True}
    procurement.save(update_fields=["tendering_facts"])
    published(procurement)
    closed_for_participation(procurement, traveller)

    modify(procurement, changes={"cpv_codes": ["85000000"]}, substantial=True)

    procurement.refresh_from_db()
    assert procurement.cpv_codes == ["85000000"]


def test_the_modifications_are_listed_oldest_first(met):
    modify(met, changes={"title": "First"}, reason="One.")
    modify(
        met,
        changes={"estimated_value_incl_vat": Decimal("255000000.00")},
        reason="Two.",
        participation_deadline=FRIDAY_6_MAR_NOON,
    )

    first, second = selectors.modifications_of(met)

    assert (first.number, first.reason, second.number, second.reason) == (1, "One.", 2, "Two.")
    assert [(c.label, c.before_text, c.after_text) for c in second.changes] == [
        ("Estimated value including VAT", "£252,000,000", "£255,000,000"),
        (
            "Deadline for requests to participate",
            "midday on Friday 27 February 2026",
            "midday on Friday 6 March 2026",
        ),
    ]
    assert second.substantial is False
    assert second.time_limits_reconsidered == TIME_LIMITS
    assert second.modified_by == met.created_by.get_full_name()


# --- The service: refusals change nothing ---------------------------------------------------------


def test_a_draft_is_changed_not_modified(traveller):
    draft = MetFrameworkFactory()

    assert_refused(
        "not_published",
        lambda: modify(draft, changes={"title": "Changed"}),
        section=f"{ACT} s.31(1)",
        unchanged=lambda: state(draft),
    )


def test_the_draft_service_points_to_a_modification(met):
    error = assert_refused(
        "not_draft",
        lambda: services.update_procurement(actor=met.created_by, procurement=met, title="Changed"),
        section=f"{ACT} s.31",
        unchanged=lambda: state(met),
    )
    assert "modify the procurement instead" in error.message


def test_a_substantial_modification_is_refused_after_the_participation_deadline(met, traveller):
    closed_for_participation(met, traveller)

    error = assert_refused(
        "substantial_after_participation_deadline",
        lambda: modify(met, changes={"title": "Bigger"}, substantial=True),
        section=f"{ACT} s.31(2)-(3)",
        unchanged=lambda: state(met),
    )
    assert error.field == "substantial"


def test_a_change_substantial_by_its_nature_is_refused_after_the_deadline_whatever_is_stated(
    met, traveller
):
    closed_for_participation(met, traveller)

    for changes in (
        {"cpv_codes": ["30200000"]},
        {"max_shortlist": 5},
        {"shortlisting_criteria": "The five best."},
        {"estimated_value_incl_vat": Decimal("300000000.00")},
        {"framework_term_months": 12},
    ):
        error = assert_refused(
            "substantial_after_participation_deadline",
            lambda changes=changes: modify(met, changes=changes, substantial=False),
            section=f"{ACT} s.31(2)-(3)",
            unchanged=lambda: state(met),
        )
        assert error.field == next(iter(changes))


def test_a_change_substantial_by_its_nature_must_be_recorded_as_substantial(met):
    assert_refused(
        "substantial_not_stated",
        lambda: modify(met, changes={"max_framework_suppliers": 3}, substantial=False),
        section=f"{ACT} s.31(3)",
        unchanged=lambda: state(met),
    )


@pytest.mark.parametrize(
    ("status", "code", "section"),
    [
        (Status.TENDERS_CLOSED, "tender_deadline_passed", f"{ACT} s.31(2)"),
        (Status.EVALUATION, "tenders_opened", f"{ACT} s.31(1)-(2)"),
        (Status.STANDSTILL, "tenders_opened", f"{ACT} s.31(1)-(2)"),
        (Status.CONTRACT_SIGNED, "procurement_ended", f"{ACT} s.31(1); s.74"),
    ],
)
def test_no_modification_once_the_tender_deadline_has_passed(met, status, code, section):
    Procurement.objects.filter(pk=met.pk).update(status=status)
    met.refresh_from_db()

    assert_refused(
        code,
        lambda: modify(met, changes={"title": "Too late"}),
        section=section,
        unchanged=lambda: state(met),
    )


def test_a_terminated_procurement_is_not_modified(met):
    services.terminate_procurement(actor=met.created_by, procurement=met, reason="No budget.")
    met.refresh_from_db()

    assert_refused(
        "procurement_ended",
        lambda: modify(met, changes={"title": "Too late"}),
        section=f"{ACT} s.31(1); s.55",
        unchanged=lambda: state(met),
    )


def test_an_open_procedure_is_not_modified_after_its_tender_deadline(open_tender, traveller):
    traveller.move_to(open_tender.tender_deadline)  # before the job has closed it

    assert_refused(
        "tender_deadline_passed",
        lambda: modify(open_tender, changes={"title": "Too late"}),
        section=f"{ACT} s.31(1)(a)",
        unchanged=lambda: state(open_tender),
    )


@pytest.mark.parametrize(
    ("arguments", "code", "section", "field"),
    [
        ({"reason": "  "}, "invalid_input", None, "reason"),
        (
            {"time_limits_reconsidered": " "},
            "time_limits_not_reconsidered",
            f"{ACT} s.31(4); s.54(1)",
            "time_limits_reconsidered",
        ),
        ({"changes": {"urgency": True}}, "invalid_input", None, "urgency"),
        (
            {"changes": {"procedure": "open"}},
            "field_not_modifiable",
            f"{ACT} s.31(1); s.55",
            "procedure",
        ),
        ({"changes": {"title": "Value-added reseller framework"}}, "nothing_to_modify",
         f"{ACT} s.31(1)", None),
        ({"participation_deadline": FRIDAY_27_FEB_NOON - timedelta(days=1)},
         "deadline_not_extended", f"{ACT} s.31(4); s.54(2)", "participation_deadline"),
        ({"tender_deadline": datetime(2026, 5, 1, 12, tzinfo=LONDON)}, "deadline_passed",
         f"{ACT} s.31", "tender_deadline"),
        # The procurement as modified must still meet the publication rules.
        ({"changes": {"framework_term_months": 60}, "substantial": True},
         "framework_term_too_long", f"{ACT} s.47(1)-(3)", "framework_term_months"),
        ({"changes": {"criteria": [{"kind": "quality", "title": "Technical", "weight": "60"}]}},
         "award_criteria_weights", None, "criteria"),
        ({"changes": {"max_shortlist": 1}, "substantial": True}, "shortlist_smaller_than_award",
         f"{ACT} s.20(4)(a)", "max_shortlist"),
        ({"changes": {"criteria": [{"kind": "cost", "title": "Price", "weight": "100"}]}},
         "invalid_input", None, "criteria"),
    ],
)  # fmt: skip
def test_a_refused_modification_changes_nothing(met, arguments, code, section, field):
    arguments = {"changes": {"title": "VAR framework 2026"}} | arguments

    error = assert_refused(
        code, lambda: modify(met, **arguments), section=section, unchanged=lambda: state(met)
    )

    assert error.field == field


def test_the_shortlist_of_an_open_procedure_is_not_modified(open_tender):
    assert_refused(
        "field_not_modifiable",
        lambda: modify(open_tender, changes={"max_shortlist": 5}, substantial=True),
        section=f"{ACT} s.20(2)(a)",
        unchanged=lambda: state(open_tender),
    )


def test_award_criteria_are_fixed_once_suppliers_are_invited_to_tender(met):
    Procurement.objects.filter(pk=met.pk).update(status=Status.TENDERING_OPEN)
    met.refresh_from_db()

    assert_refused(
        "field_not_modifiable",
        lambda: modify(
            met, changes={"criteria": [{"kind": "price", "title": "Price", "weight": "100"}]}
        ),
        section=f"{ACT} s.23; s.31",
        unchanged=lambda: state(met),
    )


def test_only_a_buyer_of_the_authority_modifies(met):
    for outsider in (
        member(met.authority, Role.APPROVER),
        buyer_of(MetFrameworkFactory(staffordshire=True)),
    ):
        assert_refused(
            "forbidden_action",
            lambda outsider=outsider: modify(met, actor=outsider, changes={"title": "Mine"}),
            section=None,
            unchanged=lambda: state(met),
        )


# --- The API --------------------------------------------------------------------------------------

BASE = "/api/v1/procurements"


def test_the_api_modifies_and_lists_the_modifications(met):
    api = Api(met.created_by)

    response = api.post(
        f"{BASE}/{met.pk}/modifications",
        modification_body(
            changes={"title": "VAR framework 2026", "estimated_value_incl_vat": "255000000.00"},
            participation_deadline="2026-03-06T12:00:00+00:00",
        ),
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    notice = tender_notices(met)[-1]
    assert body == {
        "number": 1,
        "notice_id": notice.notice_id,
        "notice_url": f"/opportunities/{met.reference}/notices/{notice.notice_id}.json",
        "modified_at": "2026-02-02T09:00:00Z",
        "modified_by": met.created_by.get_full_name(),
        "reason": REASON,
        "substantial": False,
        "time_limits_reconsidered": TIME_LIMITS,
        "changes": [
            {
                "field": "title",
                "label": "Title",
                "before": "Value-added reseller framework",
                "after": "VAR framework 2026",
                "before_text": "Value-added reseller framework",
                "after_text": "VAR framework 2026",
            },
            {
                "field": "estimated_value_incl_vat",
                "label": "Estimated value including VAT",
                "before": "252000000.00",
                "after": "255000000.00",
                "before_text": "£252,000,000",
                "after_text": "£255,000,000",
            },
            {
                "field": "participation_deadline",
                "label": "Deadline for requests to participate",
                "before": "2026-02-27T12:00:00Z",
                "after": "2026-03-06T12:00:00Z",
                "before_text": "midday on Friday 27 February 2026",
                "after_text": "midday on Friday 6 March 2026",
            },
        ],
    }
    assert api.get(f"{BASE}/{met.pk}/modifications").json() == [body]
    assert Api(member(met.authority, Role.AUDITOR)).get(
        f"{BASE}/{met.pk}/modifications"
    ).json() == [body]


def test_an_api_refusal_has_its_code_and_section_and_changes_nothing(met, traveller):
    closed_for_participation(met, traveller)
    api = Api(met.created_by)
    before = state(met)

    response = api.post(
        f"{BASE}/{met.pk}/modifications",
        modification_body(changes={"max_framework_suppliers": 3}),
    )

    assert response.status_code == 400
    assert response.json()["code"] == "substantial_after_participation_deadline"
    assert response.json()["section"] == f"{ACT} s.31(2)-(3)"
    assert response.json()["field"] == "max_framework_suppliers"
    assert state(met) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (modification_body(changes={"tendering_facts": {}}), None),
        (modification_body(reason=""), None),
        (modification_body(changes={"title": None}), "title"),
    ],
)
def test_the_api_refuses_malformed_input_with_422(met, body, field):
    api = Api(met.created_by)
    before = state(met)

    response = api.post(f"{BASE}/{met.pk}/modifications", body)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    if field:
        assert response.json()["field"] == field
    assert state(met) == before


def test_nobody_else_modifies_through_the_api(met):
    path = f"{BASE}/{met.pk}/modifications"
    other_buyer = Api(buyer_of(MetFrameworkFactory(staffordshire=True)))
    auditor = Api(member(met.authority, Role.AUDITOR))
    before = state(met)

    assert Api().post(path, modification_body()).status_code == 401
    for outsider in (other_buyer, auditor):
        response = outsider.post(path, modification_body())
        assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert other_buyer.get(path).status_code == 404
    assert state(met) == before


# --- The pages ------------------------------------------------------------------------------------


def test_the_buyer_sees_modify_while_it_is_allowed(met):
    buyer = signed_in(met.created_by)
    page = buyer.get(f"/procurements/{met.pk}/")
    assert "Modify this procurement" in text(page)
    assert f'href="/procurements/{met.pk}/modify/"' in page.content.decode()

    draft = MetFrameworkFactory()
    assert "Modify this procurement" not in text(
        signed_in(draft.created_by).get(f"/procurements/{draft.pk}/")
    )
    auditor = signed_in(member(met.authority, Role.AUDITOR))
    assert "Modify this procurement" not in text(auditor.get(f"/procurements/{met.pk}/"))
    Procurement.objects.filter(pk=met.pk).update(status=Status.EVALUATION)
    assert "Modify this procurement" not in text(buyer.get(f"/procurements/{met.pk}/"))


def test_the_form_is_prefilled_and_asks_what_the_act_asks(met):
    page = signed_in(met.created_by).get(f"/procurements/{met.pk}/modify/")

    assert page.status_code == 200
    content = page.content.decode()
    assert 'value="Value-added reseller framework"' in content
    assert 'value="30200000, 48000000, 72000000"' in content
    assert 'name="criteria-0-title"' in content
    assert 'name="participation_deadline-day"' in content
    assert 'name="tender_deadline-day"' not in content  # not open yet: nothing to extend
    for words in (
        "Why the procurement is being modified",
        "Is this a substantial modification?",
        "How the time limits were reconsidered",
        "Publish the revised tender notice",
    ):
        assert words in text(page)


def test_a_modification_through_the_page_redirects_and_is_listed(met):
    buyer = signed_in(met.created_by)

    response = buyer.post(
        f"/procurements/{met.pk}/modify/",
        modify_form(
            met,
            title="VAR framework 2026",
            **{
                "participation_deadline-day": "6",
                "participation_deadline-month": "3",
                "participation_deadline-year": "2026",
                "participation_deadline-time": "12:00",
            },
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/procurements/{met.pk}/#modifications"
    met.refresh_from_db()
    assert (met.title, met.participation_deadline) == ("VAR framework 2026", FRIDAY_6_MAR_NOON)
    notice = tender_notices(met)[-1]
    page = text(buyer.get(f"/procurements/{met.pk}/"))
    assert (
        f"Modification 1, 9am on Monday 2 February 2026: revised tender notice {notice.notice_id}"
        in page
    )
    assert "Title Value-added reseller framework VAR framework 2026" in page
    assert (
        "Deadline for requests to participate midday on Friday 27 February 2026 "
        "midday on Friday 6 March 2026" in page
    )
    assert f"Why {REASON}" in page
    # The public tender notice says it was revised, when and why.
    public = text(Client().get(f"/opportunities/{met.reference}/"))
    assert (
        f"This tender notice was revised on 9am on Monday 2 February 2026 (notice "
        f"{notice.notice_id})." in public
    )
    assert REASON in public


def test_only_what_the_buyer_changed_is_recorded(traveller):
    met = MetFrameworkFactory(description="Hardware and software.\nSupport services.")
    published(met)

    signed_in(met.created_by).post(
        f"/procurements/{met.pk}/modify/",
        # A browser sends a textarea's line breaks as CRLF.
        modify_form(
            met, title="VAR framework 2026", description=met.description.replace("\n", "\r\n")
        ),
    )

    [modification] = selectors.modifications_of(met)
    assert [c.field for c in modification.changes] == ["title"]


def test_a_refusal_on_the_page_links_each_message_to_its_field_and_changes_nothing(met, traveller):
    closed_for_participation(met, traveller)
    buyer = signed_in(met.created_by)
    before = state(met)

    response = buyer.post(f"/procurements/{met.pk}/modify/", modify_form(met, max_shortlist="5"))

    assert response.status_code == 400
    [(href, message)] = error_links(response)
    assert href == "#id_max_shortlist"
    assert message.startswith(
        "The deadline for requests to participate has passed: only a modification that is not "
        "substantial is allowed."
    )
    content = response.content.decode()
    assert 'aria-describedby="id_max_shortlist-hint id_max_shortlist-error"' in content
    assert 'id="id_max_shortlist-error"' in content
    assert state(met) == before


def test_the_page_asks_for_the_reason_substantial_and_time_limits(met):
    before = state(met)

    response = signed_in(met.created_by).post(
        f"/procurements/{met.pk}/modify/",
        modify_form(met, title="Changed", reason="", substantial="", time_limits_reconsidered=""),
    )

    assert response.status_code == 400
    assert error_links(response) == [
        ("#id_reason", "Give the reason for the modification"),
        ("#id_substantial", "Select whether the modification is substantial"),
        ("#id_time_limits_reconsidered", "Say how the time limits were reconsidered"),
    ]
    content = response.content.decode()
    assert 'aria-describedby="id_reason-hint id_reason-error"' in content
    assert 'aria-describedby="id_substantial-hint id_substantial-error"' in content
    assert state(met) == before


def test_the_page_says_why_a_procurement_can_no_longer_be_modified(met):
    Procurement.objects.filter(pk=met.pk).update(status=Status.EVALUATION)
    buyer = signed_in(met.created_by)
    before = state(met)

    page = buyer.get(f"/procurements/{met.pk}/modify/")
    response = buyer.post(f"/procurements/{met.pk}/modify/", modify_form(met, title="Late"))

    assert "The tenders have been opened" in text(page)
    assert "Publish the revised tender notice" not in text(page)
    assert response.status_code == 400
    assert state(met) == before


def test_nobody_else_reaches_the_modify_page(met):
    for outsider in (
        member(met.authority, Role.AUDITOR),
        buyer_of(MetFrameworkFactory(staffordshire=True)),
    ):
        client = signed_in(outsider)
        assert client.get(f"/procurements/{met.pk}/modify/").status_code == 404
        assert client.post(f"/procurements/{met.pk}/modify/", modify_form(met)).status_code == 404
