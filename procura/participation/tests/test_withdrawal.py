"""A supplier withdraws from a procurement: the service, its refusals, the pages and the API.

A withdrawal is final. Before the tender deadline a live tender goes with the supplier (withdrawn
through the tendering service, kept sealed); after it the sealed tender stays, and the buyer sees
that the supplier withdrew.
"""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from procura.audit.models import AuditEvent
from procura.core import clock
from procura.core.errors import DomainError, NotFound
from procura.participation import selectors, services
from procura.participation.events import ParticipationEvent
from procura.participation.models import ExclusionDecision, Participant
from procura.participation.states import AgreementKind, ExclusionOutcome
from procura.participation.tests import factories as f
from procura.procurements.states import Status
from procura.tendering import services as tendering_services
from procura.tendering.events import TenderingEvent
from procura.tendering.models import Tender
from procura.tendering.permissions import may_submit_tender
from procura.tendering.tests.factories import AFTER, BEFORE, DEADLINE, submit, tender_stage
from procura.testing.client import Api

pytestmark = pytest.mark.django_db

REASON = "We no longer have the capacity to deliver this framework."


def everything() -> dict:
    """Every row a withdrawal could touch, compared before and after a refusal."""
    return {
        "audit": AuditEvent.objects.count(),
        "participants": list(
            Participant.objects.order_by("pk").values_list(
                "pk", "status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"
            )
        ),
        "tenders": list(Tender.objects.order_by("pk").values_list("pk", "status", "withdrawn_at")),
        "procurements": list(f.Procurement.objects.order_by("pk").values_list("pk", "status")),
    }


def events(event_type) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("sequence"))


@pytest.fixture
def procurement():
    return f.ProcurementFactory()


@pytest.fixture
def buyer(procurement):
    return f.buyer_of(procurement.authority)


@pytest.fixture
def albion():
    return f.supplier("Albion Technology Ltd")


@pytest.fixture
def closed_with_three(procurement, buyer):
    """Albion, Brightwell and Cobalt submitted; the deadline for requests has passed."""
    f.issue_agreements(procurement, buyer)
    f.standard_questions(procurement)
    people = {}
    for name in ("Albion Technology Ltd", "Brightwell Systems Ltd", "Cobalt Digital Ltd"):
        organisation, bid_manager = f.supplier(name)
        participant = f.submitted_participant(procurement, organisation, bid_manager)
        people[name.split()[0].lower()] = (participant, bid_manager)
    f.close_participation(procurement)
    return people


# --- The service ------------------------------------------------------------------------------


def test_an_interested_supplier_withdraws_with_its_reason_on_the_record(procurement, albion):
    # Given
    organisation, bid_manager = albion
    participant = f.interested_participant(procurement, organisation, bid_manager)

    moment = (clock.now() + timedelta(days=1)).replace(microsecond=0)

    # When
    with time_machine.travel(moment, tick=False):
        withdrawn = services.withdraw_participation(
            actor=bid_manager,
            procurement=procurement,
            supplier=organisation,
            reason=f"  {REASON} ",
        )

    # Then
    participant.refresh_from_db()
    assert (
        participant.status,
        participant.withdrawn_at,
        participant.withdrawn_by,
        participant.withdrawal_reason,
    ) == ("withdrawn", moment, bid_manager, REASON)
    assert withdrawn.tenders_withdrawn == []
    [event] = events(ParticipationEvent.WITHDRAWN)
    assert (
        event.actor,
        event.object_type,
        event.object_id,
        event.organisation_id,
        event.before,
        event.reason,
    ) == (
        bid_manager,
        "participation.participant",
        str(participant.pk),
        procurement.authority_id,
        {"status": "interested"},
        REASON,
    )
    assert event.after == {
        "supplier": "Albion Technology Ltd",
        "status": "withdrawn",
        "withdrawn_at": moment.isoformat().replace("+00:00", "Z"),
    }


def test_a_withdrawn_supplier_can_take_no_further_step(procurement, buyer, albion):
    # Given
    f.issue_agreements(procurement, buyer)
    f.standard_questions(procurement)
    organisation, bid_manager = albion
    participant = f.admitted_participant(procurement, organisation, bid_manager)
    services.withdraw_participation(
        actor=bid_manager, procurement=procurement, supplier=organisation, reason=""
    )
    participant.refresh_from_db()
    before = everything()

    # Then the gate is shut and nothing can be saved
    assert selectors.gate_is_current(participant) is False
    assert may_submit_tender(procurement, organisation) is False
    with pytest.raises(NotFound):
        services.save_response(actor=bid_manager, participant=participant, answers={})
    with pytest.raises(DomainError) as again:
        services.express_interest(actor=bid_manager, procurement=procurement, supplier=organisation)
    assert again.value.code == "already_interested"
    assert everything() == before


def test_a_withdrawn_supplier_is_left_out_of_the_shortlist_and_the_invitation(
    procurement, buyer, closed_with_three
):
    # Given Brightwell withdraws after the deadline for requests to participate
    albion, brightwell, cobalt = (
        closed_with_three[k][0] for k in ("albion", "brightwell", "cobalt")
    )
    services.withdraw_participation(
        actor=closed_with_three["brightwell"][1],
        procurement=procurement,
        supplier=brightwell.supplier,
        reason=REASON,
    )
    for participant in (albion, cobalt):
        services.record_exclusion_decision(
            actor=buyer, participant=participant, outcome=ExclusionOutcome.NOT_EXCLUDED
        )

    # When the buyer shortlists without deciding anything about Brightwell
    services.decide_shortlist(
        actor=buyer,
        procurement=procurement,
        shortlisted={albion.pk: "Top", cobalt.pk: "Second"},
        not_shortlisted={},
    )

    # Then Brightwell is neither counted nor invited
    [event] = events(ParticipationEvent.SHORTLIST_DECIDED)
    assert (event.after["shortlisted_count"], event.after["not_shortlisted_count"]) == (2, 0)
    assert [o.name for o in selectors.invited_suppliers(procurement)] == [
        "Albion Technology Ltd",
        "Cobalt Digital Ltd",
    ]
    assert Participant.objects.get(pk=brightwell.pk).status == "withdrawn"


def test_a_withdrawn_supplier_cannot_be_shortlisted_or_decided_about(
    procurement, buyer, closed_with_three
):
    # Given
    brightwell, bid_manager = closed_with_three["brightwell"]
    services.withdraw_participation(
        actor=bid_manager, procurement=procurement, supplier=brightwell.supplier, reason=""
    )
    before = everything()

    # When
    with pytest.raises(DomainError) as shortlisting:
        services.decide_shortlist(
            actor=buyer,
            procurement=procurement,
            shortlisted={brightwell.pk: "Top"},
            not_shortlisted={},
        )
    with pytest.raises(DomainError) as excluding:
        services.record_exclusion_decision(
            actor=buyer, participant=brightwell, outcome=ExclusionOutcome.NOT_EXCLUDED
        )

    # Then
    assert shortlisting.value.code == "not_eligible"
    assert "Brightwell Systems Ltd cannot be shortlisted: it is withdrawn." in (
        shortlisting.value.message
    )
    assert excluding.value.code == "not_decidable"
    assert everything() == before
    assert ExclusionDecision.objects.filter(participant=brightwell).count() == 0


def test_before_the_tender_deadline_the_live_tender_is_withdrawn_with_the_supplier():
    # Given Albion has a live tender
    stage = tender_stage()
    receipt = submit(stage)

    # When
    with time_machine.travel(BEFORE + timedelta(hours=1), tick=False):
        withdrawn = services.withdraw_participation(
            actor=stage.albion_bid,
            procurement=stage.procurement,
            supplier=stage.albion,
            reason=REASON,
        )

    # Then the tender is withdrawn (kept sealed) through the tendering service
    tender = Tender.objects.get(reference=receipt.reference)
    assert (tender.status, tender.withdrawn_by) == ("withdrawn", stage.albion_bid)
    assert withdrawn.tenders_withdrawn == [receipt.reference]
    [tender_event] = events(TenderingEvent.TENDER_WITHDRAWN)
    assert (tender_event.organisation_id, tender_event.after["reference"]) == (
        stage.albion.pk,
        receipt.reference,
    )
    # and the buyer's record of the withdrawal says nothing about a tender (ADR 0003)
    [event] = events(ParticipationEvent.WITHDRAWN)
    assert event.organisation_id == stage.authority.pk
    assert set(event.after) == {"supplier", "status", "withdrawn_at"}
    assert event.before == {"status": "invited"}
    # and Albion can no longer tender
    with time_machine.travel(BEFORE + timedelta(hours=2), tick=False), pytest.raises(NotFound):
        tendering_services.submit_tender(
            actor=stage.albion_bid,
            procurement=stage.procurement,
            supplier=stage.albion,
            price="1000000.00",
            answers={c.pk: "Answer" for c in stage.quality},
        )


def test_after_the_tender_deadline_the_withdrawal_is_recorded_and_the_sealed_tender_stays():
    # Given Albion tendered and the deadline has passed
    stage = tender_stage()
    receipt = submit(stage)

    # When
    with time_machine.travel(AFTER, tick=False):
        withdrawn = services.withdraw_participation(
            actor=stage.albion_bid,
            procurement=stage.procurement,
            supplier=stage.albion,
            reason=REASON,
        )

    # Then
    assert withdrawn.tenders_withdrawn == []
    assert Tender.objects.get(reference=receipt.reference).status == "submitted"
    assert Participant.objects.get(pk=withdrawn.pk).status == "withdrawn"
    assert events(TenderingEvent.TENDER_WITHDRAWN) == []
    [event] = events(ParticipationEvent.WITHDRAWN)
    assert event.reason == REASON


def test_withdrawing_while_tenders_are_closed_keeps_the_sealed_tender():
    # Given
    stage = tender_stage()
    receipt = submit(stage)
    stage.procurement.status = Status.TENDERS_CLOSED
    stage.procurement.save(update_fields=["status"])

    # When
    with time_machine.travel(AFTER, tick=False):
        services.withdraw_participation(
            actor=stage.brightwell_bid,
            procurement=stage.procurement,
            supplier=stage.brightwell,
            reason="",
        )
        services.withdraw_participation(
            actor=stage.albion_bid, procurement=stage.procurement, supplier=stage.albion, reason=""
        )

    # Then
    assert Tender.objects.get(reference=receipt.reference).status == "submitted"
    assert set(
        Participant.objects.filter(status="withdrawn").values_list("supplier__name", flat=True)
    ) == {
        "Albion Technology Ltd",
        "Brightwell Systems Ltd",
    }


def test_a_live_tender_behind_a_superseded_agreement_must_be_withdrawable_first():
    # Given Albion tendered, then the buyer issued a new NDA that Albion has not accepted
    stage = tender_stage()
    submit(stage)
    services.issue_agreement(
        actor=stage.buyer,
        procurement=stage.procurement,
        kind=AgreementKind.NDA,
        title="Non-disclosure agreement",
        text="Version 2: confidential for five years.",
    )
    before = everything()

    # When
    with (
        time_machine.travel(BEFORE + timedelta(hours=1), tick=False),
        pytest.raises(DomainError) as refused,
    ):
        services.withdraw_participation(
            actor=stage.albion_bid, procurement=stage.procurement, supplier=stage.albion, reason=""
        )

    # Then
    assert refused.value.code == "agreement_superseded"
    assert everything() == before


def test_only_a_bid_manager_of_the_supplier_can_withdraw_it(procurement, buyer, albion):
    # Given
    organisation, bid_manager = albion
    f.interested_participant(procurement, organisation, bid_manager)
    _, other_bid_manager = f.supplier("Brightwell Systems Ltd")
    before = everything()

    # When
    refusals = []
    for actor in (other_bid_manager, buyer):
        with pytest.raises(DomainError) as refused:
            services.withdraw_participation(
                actor=actor, procurement=procurement, supplier=organisation, reason=""
            )
        refusals.append(refused.value.code)

    # Then
    assert refusals == ["forbidden_action", "forbidden_action"]
    assert everything() == before


def test_a_supplier_that_is_not_taking_part_has_nothing_to_withdraw(procurement, albion):
    organisation, bid_manager = albion
    before = everything()

    with pytest.raises(NotFound):
        services.withdraw_participation(
            actor=bid_manager, procurement=procurement, supplier=organisation, reason=""
        )

    assert everything() == before


def test_withdrawing_twice_is_refused(procurement, albion):
    # Given
    organisation, bid_manager = albion
    f.interested_participant(procurement, organisation, bid_manager)
    services.withdraw_participation(
        actor=bid_manager, procurement=procurement, supplier=organisation, reason=""
    )
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.withdraw_participation(
            actor=bid_manager, procurement=procurement, supplier=organisation, reason=""
        )

    # Then
    assert refused.value.code == "already_withdrawn"
    assert everything() == before


@pytest.mark.parametrize("status", ["not_shortlisted", "excluded"])
def test_a_supplier_out_of_the_competition_cannot_withdraw(status):
    # Given Castlegate was not shortlisted (or was excluded)
    stage = tender_stage()
    Participant.objects.filter(supplier=stage.castlegate).update(status=status)
    before = everything()

    # When
    with time_machine.travel(BEFORE, tick=False), pytest.raises(DomainError) as refused:
        services.withdraw_participation(
            actor=stage.castlegate_bid,
            procurement=stage.procurement,
            supplier=stage.castlegate,
            reason="",
        )

    # Then
    assert refused.value.code == "not_withdrawable"
    assert everything() == before


@pytest.mark.parametrize(
    "status",
    [Status.AWARD_DECIDED, Status.STANDSTILL, Status.CONTRACT_SIGNED, Status.TERMINATED],
)
def test_withdrawing_once_the_award_is_decided_is_refused(status):
    # Given
    stage = tender_stage()
    stage.procurement.status = status
    stage.procurement.save(update_fields=["status"])
    before = everything()

    # When
    with time_machine.travel(AFTER, tick=False), pytest.raises(DomainError) as refused:
        services.withdraw_participation(
            actor=stage.albion_bid, procurement=stage.procurement, supplier=stage.albion, reason=""
        )

    # Then
    assert refused.value.code == "withdrawal_too_late"
    assert everything() == before


def test_a_reason_longer_than_2000_characters_is_refused(procurement, albion):
    # Given
    organisation, bid_manager = albion
    f.interested_participant(procurement, organisation, bid_manager)
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.withdraw_participation(
            actor=bid_manager, procurement=procurement, supplier=organisation, reason="x" * 2001
        )

    # Then
    assert (refused.value.code, refused.value.field) == ("invalid_input", "reason")
    assert everything() == before


# --- The pages --------------------------------------------------------------------------------


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_supplier_confirms_on_a_warning_page_and_the_buyer_sees_the_withdrawal(
    procurement, buyer, albion
):
    # Given
    f.issue_agreements(procurement, buyer)
    organisation, bid_manager = albion
    f.admitted_participant(procurement, organisation, bid_manager)
    client = signed_in(bid_manager)
    base = f"/procurements/{procurement.pk}/participate/"

    # When the supplier opens its task list and the confirmation page
    task_list = client.get(base)
    confirm = client.get(f"{base}withdraw/")

    # Then it is warned before anything happens
    assert "Withdraw from this procurement" in task_list.content.decode()
    assert f'href="{base}withdraw/"' in task_list.content.decode()
    assert confirm.status_code == 200
    assert "govuk-warning-text" in confirm.content.decode()
    assert "You cannot undo this." in confirm.content.decode()
    assert Participant.objects.get().status == "admitted"

    # When it confirms
    done = client.post(f"{base}withdraw/", {"reason": REASON})

    # Then
    assert (done.status_code, done.url) == (302, base)
    after = client.get(base).content.decode()
    assert "Albion Technology Ltd withdrew from this procurement on" in after
    assert f'href="{base}withdraw/"' not in after
    assert client.get(f"{base}withdraw/").status_code == 302
    documents = client.get(f"{base}documents/")
    assert (documents.status_code, documents.templates[0].name) == (403, "core/refused.html")
    assert (
        "Albion Technology Ltd is withdrawn: it no longer takes part" in documents.content.decode()
    )
    responses = signed_in(buyer).get(f"/procurements/{procurement.pk}/participation/responses/")
    text = responses.content.decode()
    assert "Withdrawn" in text and "Withdrew on " in text and REASON in text


def test_a_refused_withdrawal_shows_the_error_linked_to_the_reason(procurement, albion):
    # Given
    organisation, bid_manager = albion
    f.interested_participant(procurement, organisation, bid_manager)
    before = everything()

    # When
    response = signed_in(bid_manager).post(
        f"/procurements/{procurement.pk}/participate/withdraw/", {"reason": "x" * 2001}
    )

    # Then
    text = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#reason">The reason must be 2,000 characters or fewer.</a>' in text
    assert 'id="reason-error"' in text
    assert 'aria-describedby="reason-hint reason-error"' in text
    assert everything() == before


def test_the_withdrawal_page_is_not_found_for_anyone_else(procurement, buyer, albion):
    organisation, bid_manager = albion
    f.interested_participant(procurement, organisation, bid_manager)
    _, stranger = f.supplier("Brightwell Systems Ltd")
    url = f"/procurements/{procurement.pk}/participate/withdraw/"

    assert signed_in(stranger).get(url).status_code == 404
    assert signed_in(stranger).post(url, {"reason": ""}).status_code == 404
    assert signed_in(buyer).post(url, {"reason": ""}).status_code == 404
    assert Participant.objects.get().status == "interested"


# --- The API ----------------------------------------------------------------------------------


def test_the_api_withdraws_the_supplier_and_its_live_tender():
    # Given
    stage = tender_stage()
    receipt = submit(stage)
    api = Api(stage.albion_bid, prefix="/api/v1/procurements/")
    path = f"{stage.procurement.pk}/participation/withdrawal"

    # When
    with time_machine.travel(BEFORE + timedelta(hours=1), tick=False):
        response = api.post(path, {"reason": REASON})
        again = api.post(path, {"reason": REASON})

    # Then
    body = response.json()
    assert response.status_code == 201
    assert (body["status"], body["withdrawal_reason"], body["tenders_withdrawn"]) == (
        "withdrawn",
        REASON,
        [receipt.reference],
    )
    assert body["withdrawn_at"] is not None
    assert (again.status_code, again.json()["code"]) == (400, "already_withdrawn")
    participants = (
        Api(stage.buyer, prefix="/api/v1/procurements/")
        .get(f"{stage.procurement.pk}/participants")
        .json()
    )
    albion = next(p for p in participants if p["supplier"] == "Albion Technology Ltd")
    assert (albion["status"], albion["withdrawal_reason"]) == ("withdrawn", REASON)


def test_the_api_refuses_a_stranger_with_not_found_and_changes_nothing(procurement, albion):
    organisation, bid_manager = albion
    f.interested_participant(procurement, organisation, bid_manager)
    _, stranger = f.supplier("Brightwell Systems Ltd")
    api = Api(stranger, prefix="/api/v1/procurements/")
    before = everything()

    response = api.post(f"{procurement.pk}/participation/withdrawal", {"reason": ""})

    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert everything() == before


def test_the_api_refuses_a_withdrawal_after_the_award_with_its_code():
    stage = tender_stage()
    stage.procurement.status = Status.AWARD_DECIDED
    stage.procurement.save(update_fields=["status"])
    api = Api(stage.albion_bid, prefix="/api/v1/procurements/")
    before = everything()

    with time_machine.travel(DEADLINE + timedelta(days=10), tick=False):
        response = api.post(f"{stage.procurement.pk}/participation/withdrawal", {"reason": ""})

    assert (response.status_code, response.json()["code"]) == (400, "withdrawal_too_late")
    assert everything() == before
