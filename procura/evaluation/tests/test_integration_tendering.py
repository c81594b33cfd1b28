"""The evaluation on tenders really submitted, sealed and opened by the tendering app.

No data source is replaced here: the tenders are made with tendering's own services (through its
test factories), opened by its two-officer panel, and read by the evaluation through
`selectors.tenders_for_evaluation` -> `tendering.selectors.opened_tenders`.
"""

import jsonschema
import pytest
import time_machine

from procura.core.errors import DomainError
from procura.evaluation import selectors, services
from procura.evaluation.services import ScoreInput
from procura.notices import ocds
from procura.participation import services as participation
from procura.participation.models import Participant
from procura.participation.states import ExclusionOutcome
from procura.procurements.states import Status
from procura.tendering import services as tendering
from procura.tendering.tests.factories import AFTER, submit, tender_stage

pytestmark = pytest.mark.django_db


def test_tenders_opened_by_the_tendering_app_are_evaluated_awarded_and_notified():
    stage = tender_stage()
    submit(stage, stage.albion, stage.albion_bid, price="1250000.00")
    submit(stage, stage.brightwell, stage.brightwell_bid, price="1400000.00")
    procurement = stage.procurement
    services.assign_evaluator(actor=stage.buyer, procurement=procurement, evaluator=stage.evaluator)
    services.declare_conflicts(actor=stage.evaluator, procurement=procurement, has_conflict=False)

    # Sealed until the opening panel opens them.
    with pytest.raises(DomainError) as sealed:
        selectors.tenders_for_evaluation(procurement)
    assert sealed.value.code == "tenders_sealed"

    with time_machine.travel(AFTER, tick=False):
        tendering.confirm_opening(actor=stage.buyer, procurement=procurement)
        tendering.confirm_opening(actor=stage.buyer2, procurement=procurement)
    procurement.refresh_from_db()
    assert procurement.status == Status.EVALUATION

    tenders = selectors.tenders_for_evaluation(procurement)
    assert [(t.supplier, str(t.price)) for t in tenders] == [
        (stage.albion, "1250000.00"),
        (stage.brightwell, "1400000.00"),
    ]
    continuity, social = stage.quality
    assert tenders[0].answer_to(continuity) == (
        "We hold stock at two UK depots. (Continuity of supply)"
    )

    marks = {stage.albion: (4, 3), stage.brightwell: (5, 4)}
    for tender in tenders:
        scores = [
            ScoreInput(c.pk, s, f"{s}: as the tender shows.")
            for c, s in zip(stage.quality, marks[tender.supplier], strict=True)
        ]
        services.record_scores(
            actor=stage.evaluator,
            procurement=procurement,
            tender_id=tender.tender_id,
            scores=scores,
        )
    services.submit_scores(actor=stage.evaluator, procurement=procurement)
    for tender in tenders:
        services.record_consensus_scores(
            actor=stage.buyer,
            procurement=procurement,
            tender_id=tender.tender_id,
            scores=[
                ScoreInput(c.pk, s, f"Agreed {s}.")
                for c, s in zip(stage.quality, marks[tender.supplier], strict=True)
            ],
        )
    # Exclusion is considered for every tenderer before the award (ss.26-28).
    for participant in Participant.objects.filter(
        procurement=procurement, supplier__in=[stage.albion, stage.brightwell]
    ):
        participation.record_exclusion_decision(
            actor=stage.buyer, participant=participant, outcome=ExclusionOutcome.NOT_EXCLUDED
        )
    decision = services.propose_award(actor=stage.buyer, procurement=procurement)
    services.approve_award(actor=stage.approver, procurement=procurement)
    summaries = services.send_assessment_summaries(actor=stage.buyer, procurement=procurement)
    notice = services.publish_award_notice(actor=stage.buyer, procurement=procurement)

    # Brightwell: quality 30 + 24 = 54, price 1.25/1.4 x 40 = 35.71 -> 89.71.
    # Albion: quality 24 + 18 = 42, price 40 -> 82.00. Both join the two-supplier framework.
    assert [(p.supplier, str(p.total)) for p in decision.preferred_suppliers.all()] == [
        (stage.brightwell, "89.71"),
        (stage.albion, "82.00"),
    ]
    assert len(summaries) == 2 and len({s.sent_at for s in summaries}) == 1
    procurement.refresh_from_db()
    assert procurement.status == Status.STANDSTILL
    jsonschema.Draft4Validator(ocds.release_schema()).validate(notice.release)
    assert [a["suppliers"][0]["name"] for a in notice.release["awards"]] == [
        stage.brightwell.name,
        stage.albion.name,
    ]


def test_an_evaluator_reads_a_tenders_files_only_behind_the_ethical_wall():
    # Given an opened tender with a file, one evaluator cleared and one not yet declared
    from django.test import Client

    from procura.accounts.states import Role
    from procura.accounts.tests.factories import member
    from procura.tendering.services import UploadedDocument

    stage = tender_stage()
    receipt = submit(
        stage, files=[UploadedDocument("delivery-plan.pdf", b"%PDF-1.4 delivery plan")]
    )
    procurement = stage.procurement
    undeclared = member(stage.authority, Role.EVALUATOR, first_name="Una", last_name="Declared")
    for person in (stage.evaluator, undeclared):
        services.assign_evaluator(actor=stage.buyer, procurement=procurement, evaluator=person)
    services.declare_conflicts(actor=stage.evaluator, procurement=procurement, has_conflict=False)
    with time_machine.travel(AFTER, tick=False):
        tendering.confirm_opening(actor=stage.buyer, procurement=procurement)
        tendering.confirm_opening(actor=stage.buyer2, procurement=procurement)
    [tender] = selectors.tenders_for_evaluation(procurement)
    url = f"/procurements/{procurement.pk}/evaluation/tenders/{tender.tender_id}/files/1/"

    def get(user):
        client = Client()
        client.force_login(user)
        return client.get(url)

    # When each asks for the file
    cleared, waiting, supplier = get(stage.evaluator), get(undeclared), get(stage.brightwell_bid)

    # Then only the cleared evaluator gets it, byte for byte with its receipt's hash
    assert cleared.status_code == 200
    assert cleared.content == b"%PDF-1.4 delivery plan"
    assert cleared["X-Content-SHA256"] == receipt.files[0].sha256
    assert (waiting.status_code, waiting.url) == (
        302,
        f"/procurements/{procurement.pk}/evaluation/declaration/",
    )
    assert supplier.status_code == 404
