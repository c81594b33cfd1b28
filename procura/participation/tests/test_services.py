"""The participation services: each write, each refusal (nothing changed), each audit event."""

import hashlib
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from procura.accounts.tests.factories import OrganisationFactory
from procura.audit.models import AuditEvent
from procura.core import clock
from procura.core.errors import AccessRefused, DomainError, NotFound
from procura.participation import rules, selectors, services
from procura.participation.events import ParticipationEvent
from procura.participation.models import (
    Agreement,
    AgreementAcceptance,
    Answer,
    ExclusionDecision,
    Participant,
    ParticipationResponse,
    ProcurementDocument,
    Question,
)
from procura.participation.states import (
    AgreementKind,
    AssessmentResult,
    ExclusionGround,
    ExclusionOutcome,
    ParticipantStatus,
)
from procura.participation.tests import factories as f
from procura.procurements.states import Status

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def everything() -> dict:
    """Every row the participation stage writes, and every status: compared before and after a
    refusal to prove that nothing changed."""
    return {
        "audit": AuditEvent.objects.count(),
        "agreements": list(Agreement.objects.values_list("pk", "version")),
        "acceptances": AgreementAcceptance.objects.count(),
        "participants": list(
            Participant.objects.order_by("pk").values_list("pk", "status", "decision_reason")
        ),
        "documents": ProcurementDocument.objects.count(),
        "questions": list(Question.objects.order_by("pk").values_list("pk", "position", "text")),
        "responses": list(
            ParticipationResponse.objects.order_by("pk").values_list(
                "pk",
                "annual_turnover",
                "financial_information",
                "submitted_at",
                "financial_result",
            )
        ),
        "answers": list(
            Answer.objects.order_by("pk").values_list(
                "pk", "text", "file_sha256", "result", "score"
            )
        ),
        "exclusions": ExclusionDecision.objects.count(),
        "procurements": list(
            f.Procurement.objects.order_by("pk").values_list("pk", "status", "tender_deadline")
        ),
    }


def files_in(media_root) -> int:
    return sum(1 for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else 0


@contextmanager
def transaction_for(participant: Participant):
    """The participant, locked in a transaction (as the services hold it), for a test that
    calls `transition_participant` directly."""
    with transaction.atomic():
        yield services.lock_participant(participant)[1]


def events(event_type) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("sequence"))


@pytest.fixture
def procurement():
    return f.ProcurementFactory()


@pytest.fixture
def buyer(procurement):
    return f.buyer_of(procurement.authority, first_name="Priya", last_name="Shah")


@pytest.fixture
def albion():
    return f.supplier("Albion Technology Ltd")


# --- 1. The agreements gate -------------------------------------------------------------------


def test_issuing_an_agreement_makes_version_1_with_the_sha256_of_its_text(procurement, buyer):
    # When
    agreement = services.issue_agreement(
        actor=buyer,
        procurement=procurement,
        kind=AgreementKind.NDA,
        title="Non-disclosure agreement",
        text=f.NDA_TEXT,
    )

    # Then
    assert (agreement.kind, agreement.version, agreement.created_by) == ("nda", 1, buyer)
    assert agreement.sha256 == hashlib.sha256(f.NDA_TEXT.encode()).hexdigest()
    [event] = events(ParticipationEvent.AGREEMENT_ISSUED)
    assert (event.actor, event.object_type, event.object_id) == (
        buyer,
        "procurements.procurement",
        str(procurement.pk),
    )
    assert event.after["version"] == 1 and event.after["kind"] == "non-disclosure agreement"


def test_new_text_makes_the_next_version_which_supersedes_the_last(procurement, buyer):
    # Given
    f.issue_agreements(procurement, buyer)

    # When
    second = services.issue_agreement(
        actor=buyer,
        procurement=procurement,
        kind=AgreementKind.NDA,
        title="Non-disclosure agreement",
        text=f.NDA_TEXT + " For five years.",
    )

    # Then
    assert second.version == 2
    assert selectors.current_agreements(procurement)[AgreementKind.NDA] == second
    assert events(ParticipationEvent.AGREEMENT_ISSUED)[-1].before["version"] == 1


def test_issuing_the_same_text_again_is_refused(procurement, buyer):
    # Given
    f.issue_agreements(procurement, buyer)
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.issue_agreement(
            actor=buyer,
            procurement=procurement,
            kind=AgreementKind.NDA,
            title="Non-disclosure agreement",
            text=f.NDA_TEXT,
        )

    # Then
    assert refused.value.code == "agreement_unchanged"
    assert everything() == before


def test_a_buyer_of_another_authority_cannot_issue_an_agreement(procurement):
    # Given
    stranger = f.buyer_of(OrganisationFactory())
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.issue_agreement(
            actor=stranger, procurement=procurement, kind="nda", title="NDA", text="Text"
        )

    # Then
    assert refused.value.code == "forbidden_action"
    assert everything() == before


def test_a_bid_manager_expresses_interest_in_a_published_procurement(procurement, albion):
    # Given
    organisation, bid_manager = albion

    # When
    participant = services.express_interest(
        actor=bid_manager, procurement=procurement, supplier=organisation
    )

    # Then
    assert participant.status == ParticipantStatus.INTERESTED
    assert (participant.interest_expressed_by, participant.interest_expressed_at) == (
        bid_manager,
        participant.interest_expressed_at,
    )
    [event] = events(ParticipationEvent.INTEREST_EXPRESSED)
    assert (event.object_type, event.after) == (
        "participation.participant",
        {"supplier": "Albion Technology Ltd", "status": "interested"},
    )


@pytest.mark.parametrize("status", [Status.DRAFT, Status.TERMINATED])
def test_interest_in_a_draft_or_terminated_procurement_is_refused(status, albion):
    # Given
    procurement = f.ProcurementFactory(status=status)
    organisation, bid_manager = albion
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.express_interest(actor=bid_manager, procurement=procurement, supplier=organisation)

    # Then
    assert refused.value.code == "not_open_for_interest"
    assert everything() == before


def test_interest_twice_is_refused(procurement, albion):
    # Given
    organisation, bid_manager = albion
    f.interested_participant(procurement, organisation, bid_manager)
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.express_interest(actor=bid_manager, procurement=procurement, supplier=organisation)

    # Then
    assert refused.value.code == "already_interested"
    assert everything() == before


def test_someone_who_is_not_the_suppliers_bid_manager_cannot_express_interest(
    procurement, buyer, albion
):
    # Given
    organisation, _ = albion
    _, other_bid_manager = f.supplier("Brightwell Systems Ltd")
    before = everything()

    # When / Then
    for actor in (buyer, other_bid_manager):
        with pytest.raises(DomainError) as refused:
            services.express_interest(actor=actor, procurement=procurement, supplier=organisation)
        assert refused.value.code == "forbidden_action"
    assert everything() == before


def test_accepting_the_current_version_of_both_agreements_admits_the_supplier(
    procurement, buyer, albion
):
    # Given
    agreements = f.issue_agreements(procurement, buyer)
    organisation, bid_manager = albion
    participant = f.interested_participant(procurement, organisation, bid_manager)

    # When
    first = services.accept_agreement(
        actor=bid_manager, participant=participant, agreement=agreements[AgreementKind.NDA]
    )
    participant.refresh_from_db()
    status_after_one = participant.status
    services.accept_agreement(
        actor=bid_manager,
        participant=participant,
        agreement=agreements[AgreementKind.ETHICAL_WALLS],
    )

    # Then
    participant.refresh_from_db()
    assert status_after_one == ParticipantStatus.INTERESTED
    assert participant.status == ParticipantStatus.ADMITTED
    assert participant.admitted_at is not None
    assert (first.accepted_by, first.agreement.version) == (bid_manager, 1)
    assert selectors.gate_is_current(participant)
    assert [e.after["kind_code"] for e in events(ParticipationEvent.AGREEMENT_ACCEPTED)] == [
        "nda",
        "ethical_walls",
    ]
    [admitted] = events(ParticipationEvent.ADMITTED)
    assert admitted.after == {"supplier": "Albion Technology Ltd", "status": "admitted"}


def test_a_superseded_version_cannot_be_accepted(procurement, buyer, albion):
    # Given
    old = f.issue_agreements(procurement, buyer)[AgreementKind.NDA]
    services.issue_agreement(
        actor=buyer, procurement=procurement, kind="nda", title="NDA", text="Version two."
    )
    organisation, bid_manager = albion
    participant = f.interested_participant(procurement, organisation, bid_manager)
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.accept_agreement(actor=bid_manager, participant=participant, agreement=old)

    # Then
    assert refused.value.code == "agreement_superseded"
    assert everything() == before


def test_a_new_version_suspends_access_until_the_supplier_accepts_it(procurement, buyer, albion):
    # Given an admitted supplier
    f.issue_agreements(procurement, buyer)
    organisation, bid_manager = albion
    participant = f.admitted_participant(procurement, organisation, bid_manager)

    # When the buyer issues a new ethical walls agreement
    new = services.issue_agreement(
        actor=buyer,
        procurement=procurement,
        kind=AgreementKind.ETHICAL_WALLS,
        title="Ethical walls agreement",
        text=f.WALLS_TEXT + " Including sub-contractors.",
    )

    # Then the gate is closed although the status has not changed
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.ADMITTED
    assert not selectors.gate_is_current(participant)
    with pytest.raises(AccessRefused) as refused:
        from procura.participation.permissions import access_procurement_as_supplier

        access_procurement_as_supplier(bid_manager, procurement.pk, "view")
    assert refused.value.code == "agreements_not_accepted"

    # And accepting the new version opens it again, without a second admission
    services.accept_agreement(actor=bid_manager, participant=participant, agreement=new)
    assert selectors.gate_is_current(participant)
    assert len(events(ParticipationEvent.ADMITTED)) == 1


def test_accepting_the_same_version_twice_is_refused(procurement, buyer, albion):
    # Given
    agreements = f.issue_agreements(procurement, buyer)
    organisation, bid_manager = albion
    participant = f.admitted_participant(procurement, organisation, bid_manager)
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.accept_agreement(
            actor=bid_manager, participant=participant, agreement=agreements[AgreementKind.NDA]
        )

    # Then
    assert refused.value.code == "already_accepted"
    assert everything() == before


# --- Procurement documents --------------------------------------------------------------------


def test_uploading_a_document_stores_the_file_under_media_root_with_its_sha256(
    procurement, buyer, media_root
):
    # When
    document = services.upload_document(
        actor=buyer,
        procurement=procurement,
        title="Specification",
        uploaded_file=f.a_file("spec.pdf", b"the specification"),
    )

    # Then
    assert (document.version, document.file_name, document.size) == (1, "spec.pdf", 17)
    assert document.sha256 == hashlib.sha256(b"the specification").hexdigest()
    assert (media_root / document.file.name).read_bytes() == b"the specification"
    [event] = events(ParticipationEvent.DOCUMENT_UPLOADED)
    assert (event.after["title"], event.after["version"], event.after["sha256"]) == (
        "Specification",
        1,
        document.sha256,
    )


def test_a_document_with_the_same_title_is_the_next_version(procurement, buyer):
    # Given
    services.upload_document(
        actor=buyer, procurement=procurement, title="Specification", uploaded_file=f.a_file()
    )

    # When
    second = services.upload_document(
        actor=buyer,
        procurement=procurement,
        title="Specification",
        uploaded_file=f.a_file(content=b"revised"),
    )

    # Then
    assert second.version == 2
    assert selectors.current_documents(procurement) == [second]


def test_an_empty_document_is_refused_and_nothing_is_stored(procurement, buyer, media_root):
    # Given
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.upload_document(
            actor=buyer,
            procurement=procurement,
            title="Specification",
            uploaded_file=f.a_file(content=b""),
        )

    # Then
    assert refused.value.code == "file_empty"
    assert everything() == before
    assert files_in(media_root) == 0


# --- 2. The questionnaire ---------------------------------------------------------------------


def test_the_buyer_sets_the_questionnaire_of_a_draft(buyer):
    # Given
    procurement = f.ProcurementFactory(draft=True, authority=buyer.memberships.get().organisation)

    # When
    questions = services.set_questionnaire(
        actor=buyer,
        procurement=procurement,
        questions=[
            {"kind": "pass_fail", "text": "Do you hold Cyber Essentials Plus?"},
            {"kind": "scored", "text": "Describe continuity of supply.", "max_score": 10},
            {"kind": "file", "text": "Upload your ISO 27001 certificate.", "required": False},
        ],
    )

    # Then
    assert [(q.position, q.kind, q.max_score, q.required) for q in questions] == [
        (1, "pass_fail", None, True),
        (2, "scored", 10, True),
        (3, "file", None, False),
    ]
    [event] = events(ParticipationEvent.QUESTIONNAIRE_CHANGED)
    assert (event.before, event.after["count"]) == ({"questions": []}, 3)


def test_the_questionnaire_is_locked_once_the_tender_notice_is_published(procurement, buyer):
    # Given
    f.standard_questions(procurement)
    before = everything()

    # When / Then
    with pytest.raises(DomainError) as refused:
        services.add_question(actor=buyer, procurement=procurement, kind="pass_fail", text="Q?")
    assert refused.value.code == "questionnaire_locked"
    with pytest.raises(DomainError) as refused:
        services.remove_question(actor=buyer, question=Question.objects.first())
    assert refused.value.code == "questionnaire_locked"
    assert everything() == before


def test_adding_and_removing_questions_keeps_them_numbered_in_order(buyer):
    # Given
    procurement = f.ProcurementFactory(draft=True, authority=buyer.memberships.get().organisation)
    first = services.add_question(actor=buyer, procurement=procurement, kind="pass_fail", text="A")
    services.add_question(
        actor=buyer, procurement=procurement, kind="scored", text="B", max_score=5
    )
    services.add_question(actor=buyer, procurement=procurement, kind="file", text="C")

    # When
    services.remove_question(actor=buyer, question=first)

    # Then
    assert [(q.position, q.text) for q in selectors.questions_of(procurement)] == [
        (1, "B"),
        (2, "C"),
    ]
    assert len(events(ParticipationEvent.QUESTIONNAIRE_CHANGED)) == 4


def test_a_scored_question_needs_its_maximum_score(buyer):
    # Given
    procurement = f.ProcurementFactory(draft=True, authority=buyer.memberships.get().organisation)
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.set_questionnaire(
            actor=buyer, procurement=procurement, questions=[{"kind": "scored", "text": "B"}]
        )

    # Then
    assert (refused.value.code, refused.value.field) == (
        "max_score_required",
        "questions.0.max_score",
    )
    assert everything() == before


def test_an_open_procedure_has_no_questionnaire(buyer):
    # Given
    procurement = f.ProcurementFactory(
        open_procedure=True, status=Status.DRAFT, authority=buyer.memberships.get().organisation
    )

    # When
    with pytest.raises(DomainError) as refused:
        services.add_question(actor=buyer, procurement=procurement, kind="pass_fail", text="Q?")

    # Then
    assert refused.value.code == "not_competitive_flexible"


# --- The request to participate ---------------------------------------------------------------


@pytest.fixture
def admitted(procurement, buyer, albion):
    f.issue_agreements(procurement, buyer)
    f.standard_questions(procurement)
    organisation, bid_manager = albion
    return f.admitted_participant(procurement, organisation, bid_manager), bid_manager


def test_a_draft_can_be_saved_any_number_of_times(procurement, admitted):
    # Given
    participant, bid_manager = admitted
    pass_fail, scored, _ = selectors.questions_of(procurement)

    # When
    services.save_response(
        actor=bid_manager, participant=participant, answers={pass_fail.pk: "Yes."}
    )
    response = services.save_response(
        actor=bid_manager,
        participant=participant,
        answers={scored.pk: "Two warehouses."},
        annual_turnover=Decimal("12500000"),
    )

    # Then both saves are kept together, and the supplier is still only admitted
    assert {a.question_id: a.text for a in Answer.objects.filter(response=response)} == {
        pass_fail.pk: "Yes.",
        scored.pk: "Two warehouses.",
    }
    assert response.annual_turnover == Decimal("12500000")
    assert Participant.objects.get(pk=participant.pk).status == ParticipantStatus.ADMITTED
    assert len(events(ParticipationEvent.RESPONSE_SAVED)) == 2


def test_a_file_answer_is_stored_with_its_sha256(procurement, admitted, media_root):
    # Given
    participant, bid_manager = admitted
    file_question = selectors.questions_of(procurement)[2]

    # When
    services.save_response(
        actor=bid_manager,
        participant=participant,
        files={file_question.pk: f.a_file("iso.pdf", b"ISO 27001")},
    )

    # Then
    answer = Answer.objects.get(question=file_question)
    assert (answer.file_name, answer.file_sha256) == (
        "iso.pdf",
        hashlib.sha256(b"ISO 27001").hexdigest(),
    )
    assert (media_root / answer.file.name).read_bytes() == b"ISO 27001"


def test_words_for_a_file_question_are_refused(procurement, admitted):
    # Given
    participant, bid_manager = admitted
    file_question = selectors.questions_of(procurement)[2]
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.save_response(
            actor=bid_manager, participant=participant, answers={file_question.pk: "See above"}
        )

    # Then
    assert (refused.value.code, refused.value.field) == (
        "invalid_input",
        f"question-{file_question.pk}",
    )
    assert everything() == before


DEADLINE = datetime(2027, 3, 31, 12, 0, tzinfo=LONDON)


@pytest.fixture
def at_deadline(buyer, albion):
    """An admitted supplier with a complete draft, and a deadline of midday 31 March 2027."""
    with time_machine.travel(datetime(2027, 3, 1, 9, 0, tzinfo=LONDON), tick=False):
        procurement = f.ProcurementFactory(
            authority=buyer.memberships.get().organisation, participation_deadline=DEADLINE
        )
        f.issue_agreements(procurement, buyer)
        f.standard_questions(procurement)
        organisation, bid_manager = albion
        participant = f.admitted_participant(procurement, organisation, bid_manager)
        f.complete_answers(participant, bid_manager)
    return participant, bid_manager


def test_saving_one_second_before_the_deadline_is_accepted(at_deadline):
    # Given
    participant, bid_manager = at_deadline
    question = selectors.questions_of(participant.procurement)[0]

    # When
    with time_machine.travel(DEADLINE - timedelta(seconds=1), tick=False):
        services.save_response(
            actor=bid_manager, participant=participant, answers={question.pk: "Last edit."}
        )
        response = services.submit_response(actor=bid_manager, participant=participant)

    # Then
    assert Answer.objects.get(question=question).text == "Last edit."
    assert response.submitted_at == DEADLINE - timedelta(seconds=1)


@pytest.mark.parametrize("when", [DEADLINE, DEADLINE + timedelta(hours=2)])
def test_saving_at_or_after_the_deadline_is_refused_and_nothing_is_stored(
    at_deadline, media_root, when
):
    # Given
    participant, bid_manager = at_deadline
    pass_fail, _, file_question = selectors.questions_of(participant.procurement)
    before, files_before = everything(), files_in(media_root)

    # When
    with time_machine.travel(when, tick=False), pytest.raises(DomainError) as refused:
        services.save_response(
            actor=bid_manager,
            participant=participant,
            answers={pass_fail.pk: "Too late."},
            files={file_question.pk: f.a_file("late.pdf", b"late")},
            annual_turnover=Decimal("1"),
        )

    # Then
    assert refused.value.code == "participation_deadline_passed"
    assert refused.value.message == (
        "The deadline for requests to participate was midday on Wednesday 31 March 2027 "
        "(UK time). Requests to participate can no longer be saved or submitted."
    )
    assert everything() == before
    assert files_in(media_root) == files_before


def test_submitting_at_exactly_the_deadline_is_refused_and_nothing_is_stored(at_deadline):
    # Given
    participant, bid_manager = at_deadline
    before = everything()

    # When
    with time_machine.travel(DEADLINE, tick=False), pytest.raises(DomainError) as refused:
        services.submit_response(actor=bid_manager, participant=participant)

    # Then
    assert refused.value.code == "participation_deadline_passed"
    assert everything() == before


def test_saving_is_refused_once_participation_has_closed(procurement, admitted):
    # Given the procurement is no longer open for requests (the deadline has passed)
    participant, bid_manager = admitted
    f.close_participation(procurement)
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.save_response(actor=bid_manager, participant=participant, answers={})

    # Then
    assert refused.value.code == "participation_deadline_passed"
    assert everything() == before


def test_submission_returns_a_receipt_fingerprinting_the_answers_and_files(procurement, admitted):
    # Given
    participant, bid_manager = admitted
    f.complete_answers(participant, bid_manager)

    moment = clock.now().replace(microsecond=0) + timedelta(days=1)

    # When
    with time_machine.travel(moment, tick=False):
        response = services.submit_response(actor=bid_manager, participant=participant)

    # Then
    questions, answers, financial = services.response_facts(procurement, response)
    canonical = rules.canonical_response(
        procurement_reference=procurement.reference,
        supplier_id=participant.supplier.party_id,
        questions=questions,
        answers=answers,
        financial=financial,
    )
    expected = hashlib.sha256(canonical.encode()).hexdigest()
    assert response.receipt_sha256 == expected
    assert response.receipt_reference == f"RTP-{procurement.reference}-{expected[:8].upper()}"
    assert response.submitted_at == moment
    assert hashlib.sha256(b"%PDF-1.4 certificate").hexdigest() in canonical
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.SUBMITTED
    [event] = events(ParticipationEvent.RESPONSE_SUBMITTED)
    assert (event.after["receipt"], event.after["sha256"]) == (response.receipt_reference, expected)


def test_missing_answers_refuse_submission_with_one_error_per_question(procurement, admitted):
    # Given only the first question answered
    participant, bid_manager = admitted
    pass_fail, scored, file_question = selectors.questions_of(procurement)
    services.save_response(
        actor=bid_manager, participant=participant, answers={pass_fail.pk: "Yes"}
    )
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.submit_response(actor=bid_manager, participant=participant)

    # Then
    assert refused.value.code == "answers_missing"
    assert refused.value.details["problems"] == [
        {
            "code": "answer_missing",
            "message": "Answer question 2: Describe how you will keep continuity of supply.",
            "field": f"question-{scored.pk}",
        },
        {
            "code": "answer_missing",
            "message": "Upload a file for question 3: Upload your ISO 27001 certificate.",
            "field": f"question-{file_question.pk}",
        },
        {
            "code": "answer_missing",
            "message": "Enter your annual turnover.",
            "field": "annual_turnover",
        },
        {
            "code": "answer_missing",
            "message": "Upload your accounts or other financial evidence, or describe your "
            "financial standing.",
            "field": "financial_evidence",
        },
    ]
    assert everything() == before


def test_a_submitted_request_is_final(procurement, admitted):
    # Given
    participant, bid_manager = admitted
    f.complete_answers(participant, bid_manager)
    services.submit_response(actor=bid_manager, participant=participant)
    before = everything()

    # When / Then
    with pytest.raises(DomainError) as refused:
        services.save_response(actor=bid_manager, participant=participant, answers={})
    assert refused.value.code == "already_submitted"
    with pytest.raises(DomainError) as refused:
        services.submit_response(actor=bid_manager, participant=participant)
    assert refused.value.code == "already_submitted"
    assert everything() == before


def test_a_supplier_behind_a_closed_gate_cannot_save(procurement, buyer, admitted):
    # Given a new NDA the supplier has not accepted
    participant, bid_manager = admitted
    services.issue_agreement(
        actor=buyer, procurement=procurement, kind="nda", title="NDA", text="v2"
    )
    before = everything()

    # When
    with pytest.raises(NotFound):
        services.save_response(actor=bid_manager, participant=participant, answers={})

    # Then
    assert everything() == before


# --- 3. Assessment ----------------------------------------------------------------------------


@pytest.fixture
def closed_with_three(procurement, buyer):
    """Three suppliers submitted; the deadline has passed."""
    f.issue_agreements(procurement, buyer)
    f.standard_questions(procurement)
    participants = []
    for name in ("Albion Technology Ltd", "Brightwell Systems Ltd", "Cobalt Digital Ltd"):
        organisation, bid_manager = f.supplier(name)
        participants.append(f.submitted_participant(procurement, organisation, bid_manager))
    f.close_participation(procurement)
    return participants


def test_the_buyer_records_pass_fail_and_scores_for_each_question(
    procurement, buyer, closed_with_three
):
    # Given
    participant = closed_with_three[0]
    pass_fail, scored, file_question = selectors.questions_of(procurement)

    # When
    services.assess_response(
        actor=buyer,
        participant=participant,
        marks=[
            {"question_id": pass_fail.pk, "result": "pass"},
            {"question_id": scored.pk, "score": 8, "comment": "Strong plan"},
            {"question_id": file_question.pk, "result": "pass"},
        ],
        financial_result=AssessmentResult.PASS,
    )

    # Then
    summary = selectors.assessment_summary(participant)
    assert (summary.passes, summary.fails, summary.score, summary.max_score) == (2, 0, 8, 10)
    assert summary.complete
    assert Answer.objects.get(response__participant=participant, question=scored).comment == (
        "Strong plan"
    )
    [event] = events(ParticipationEvent.RESPONSE_ASSESSED)
    assert event.after["marks"][str(scored.pk)] == {
        "result": "",
        "score": 8,
        "comment": "Strong plan",
    }


def test_assessment_before_the_deadline_is_refused(procurement, buyer, admitted):
    # Given a submitted response while participation is still open
    participant, bid_manager = admitted
    f.complete_answers(participant, bid_manager)
    services.submit_response(actor=bid_manager, participant=participant)
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.assess_response(actor=buyer, participant=participant, marks=[])

    # Then
    assert refused.value.code == "not_assessable_now"
    assert everything() == before


def test_a_score_above_the_maximum_is_refused(procurement, buyer, closed_with_three):
    # Given
    scored = selectors.questions_of(procurement)[1]
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.assess_response(
            actor=buyer,
            participant=closed_with_three[0],
            marks=[{"question_id": scored.pk, "score": 11}],
        )

    # Then
    assert (refused.value.code, refused.value.field) == (
        "score_out_of_range",
        f"question-{scored.pk}",
    )
    assert everything() == before


# --- Exclusion --------------------------------------------------------------------------------


def test_an_exclusion_with_representations_excludes_and_sets_the_minister_notification_date(
    buyer, closed_with_three
):
    # Given
    participant = closed_with_three[1]

    # When
    with time_machine.travel(datetime(2027, 4, 6, 10, 0, tzinfo=LONDON), tick=False):
        decision = services.record_exclusion_decision(
            actor=buyer,
            participant=participant,
            outcome=ExclusionOutcome.EXCLUDABLE_EXCLUDED,
            ground_type=ExclusionGround.DISCRETIONARY,
            ground="Sch 7 para 12: poor performance under a previous contract",
            representations="The supplier says the failings were its sub-contractor's.",
            evidence="Contract performance notice of 2026",
            reasons="Significant and persistent failings under the 2024 contract.",
        )

    # Then
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.EXCLUDED
    assert (
        participant.decision_reason
        == "Significant and persistent failings under the 2024 contract."
    )
    assert (decision.decided_on, decision.minister_notification_due) == (
        date(2027, 4, 6),
        date(2027, 5, 5),
    )
    [event] = events(ParticipationEvent.EXCLUSION_DECIDED)
    assert (event.before, event.after["status"], event.after["minister_notification_due"]) == (
        {"status": "submitted"},
        "excluded",
        "2027-05-05",
    )


def test_an_exclusion_without_representations_or_an_invitation_is_refused(buyer, closed_with_three):
    # Given
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.record_exclusion_decision(
            actor=buyer,
            participant=closed_with_three[1],
            outcome=ExclusionOutcome.EXCLUDED,
            ground_type=ExclusionGround.MANDATORY,
            ground="Sch 6 para 1",
            reasons="Convicted of bribery.",
        )

    # Then
    assert (refused.value.code, refused.value.section) == (
        "representations_required",
        "Procurement Act 2023 s.58(2)",
    )
    assert everything() == before


def test_an_exclusion_recording_the_date_the_supplier_was_invited_is_accepted(
    buyer, closed_with_three
):
    # When
    decision = services.record_exclusion_decision(
        actor=buyer,
        participant=closed_with_three[1],
        outcome=ExclusionOutcome.EXCLUDED,
        ground_type=ExclusionGround.MANDATORY,
        ground="Sch 6 para 1",
        representations_invited_on=clock.today() - timedelta(days=14),
        reasons="Convicted of bribery; no representations were made.",
    )

    # Then
    assert decision.outcome == "excluded"
    assert Participant.objects.get(pk=closed_with_three[1].pk).status == "excluded"


def test_not_excluding_records_the_decision_and_keeps_the_supplier_in(buyer, closed_with_three):
    # When
    decision = services.record_exclusion_decision(
        actor=buyer, participant=closed_with_three[0], outcome=ExclusionOutcome.NOT_EXCLUDED
    )

    # Then
    assert decision.minister_notification_due is None
    assert Participant.objects.get(pk=closed_with_three[0].pk).status == "submitted"
    assert len(events(ParticipationEvent.EXCLUSION_DECIDED)) == 1


def test_a_supplier_cannot_be_excluded_twice(buyer, closed_with_three):
    # Given
    exclude = {
        "outcome": ExclusionOutcome.EXCLUDED,
        "ground_type": ExclusionGround.MANDATORY,
        "ground": "Sch 6 para 1",
        "representations": "None of substance.",
        "reasons": "Convicted of bribery.",
    }
    services.record_exclusion_decision(actor=buyer, participant=closed_with_three[1], **exclude)
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.record_exclusion_decision(actor=buyer, participant=closed_with_three[1], **exclude)

    # Then
    assert refused.value.code == "already_excluded"
    assert everything() == before


# --- Shortlist --------------------------------------------------------------------------------


def _not_excluded(buyer, participants):
    for participant in participants:
        services.record_exclusion_decision(
            actor=buyer, participant=participant, outcome=ExclusionOutcome.NOT_EXCLUDED
        )


def test_shortlisting_invites_the_chosen_and_tells_the_others_why(
    procurement, buyer, closed_with_three
):
    # Given
    albion, brightwell, cobalt = closed_with_three
    _not_excluded(buyer, closed_with_three)

    # When
    services.decide_shortlist(
        actor=buyer,
        procurement=procurement,
        shortlisted={albion.pk: "Highest score: 9 of 10.", cobalt.pk: "Second: 8 of 10."},
        not_shortlisted={brightwell.pk: "Failed question 1 (Cyber Essentials Plus)."},
    )

    # Then
    assert {p.supplier.name: (p.status, p.decision_reason) for p in Participant.objects.all()} == {
        "Albion Technology Ltd": ("invited", "Highest score: 9 of 10."),
        "Brightwell Systems Ltd": (
            "not_shortlisted",
            "Failed question 1 (Cyber Essentials Plus).",
        ),
        "Cobalt Digital Ltd": ("invited", "Second: 8 of 10."),
    }
    [event] = events(ParticipationEvent.SHORTLIST_DECIDED)
    assert (event.after["shortlisted_count"], event.after["not_shortlisted_count"]) == (2, 1)


def test_shortlisting_waits_for_an_exclusion_decision_about_every_supplier(
    procurement, buyer, closed_with_three
):
    # Given no decision about Cobalt
    albion, brightwell, cobalt = closed_with_three
    _not_excluded(buyer, [albion, brightwell])
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.decide_shortlist(
            actor=buyer,
            procurement=procurement,
            shortlisted={albion.pk: "Top", brightwell.pk: "Second", cobalt.pk: "Third"},
            not_shortlisted={},
        )

    # Then
    assert (refused.value.code, refused.value.section) == (
        "exclusion_not_decided",
        "Procurement Act 2023 s.27",
    )
    assert refused.value.details == {"suppliers": ["Cobalt Digital Ltd"]}
    assert everything() == before


def test_an_excluded_supplier_cannot_be_shortlisted(procurement, buyer, closed_with_three):
    # Given
    albion, brightwell, cobalt = closed_with_three
    _not_excluded(buyer, [albion, cobalt])
    services.record_exclusion_decision(
        actor=buyer,
        participant=brightwell,
        outcome=ExclusionOutcome.EXCLUDED,
        ground_type=ExclusionGround.MANDATORY,
        ground="Sch 6 para 1",
        representations="Nothing to add.",
        reasons="Convicted of bribery.",
    )
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.decide_shortlist(
            actor=buyer,
            procurement=procurement,
            shortlisted={albion.pk: "Top", brightwell.pk: "Second", cobalt.pk: "Third"},
            not_shortlisted={},
        )

    # Then
    assert refused.value.code == "not_eligible"
    assert everything() == before


@pytest.mark.parametrize(
    ("choices", "code"),
    [
        ({"shortlisted": {0: "Top", 2: "Third"}, "not_shortlisted": {}}, "shortlist_incomplete"),
        ({"shortlisted": {0: "Top", 2: " "}, "not_shortlisted": {1: "Lower"}}, "reason_required"),
        ({"shortlisted": {}, "not_shortlisted": {0: "a", 1: "b", 2: "c"}}, "shortlist_empty"),
    ],
)
def test_a_shortlist_that_does_not_decide_everyone_with_reasons_is_refused(
    procurement, buyer, closed_with_three, choices, code
):
    # Given
    _not_excluded(buyer, closed_with_three)
    ids = [p.pk for p in closed_with_three]
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.decide_shortlist(
            actor=buyer,
            procurement=procurement,
            shortlisted={ids[i]: r for i, r in choices["shortlisted"].items()},
            not_shortlisted={ids[i]: r for i, r in choices["not_shortlisted"].items()},
        )

    # Then
    assert refused.value.code == code
    assert everything() == before


def test_shortlisting_before_the_deadline_is_refused(procurement, buyer, admitted):
    # Given
    participant, bid_manager = admitted
    f.complete_answers(participant, bid_manager)
    services.submit_response(actor=bid_manager, participant=participant)
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.decide_shortlist(
            actor=buyer,
            procurement=procurement,
            shortlisted={participant.pk: "Top"},
            not_shortlisted={},
        )

    # Then
    assert refused.value.code == "participation_not_closed"
    assert everything() == before


def test_shortlisting_twice_is_refused(procurement, buyer, closed_with_three):
    # Given
    _not_excluded(buyer, closed_with_three)
    ids = [p.pk for p in closed_with_three]
    services.decide_shortlist(
        actor=buyer,
        procurement=procurement,
        shortlisted={ids[0]: "Top", ids[1]: "Second", ids[2]: "Third"},
        not_shortlisted={},
    )
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.decide_shortlist(
            actor=buyer, procurement=procurement, shortlisted={ids[0]: "Top"}, not_shortlisted={}
        )

    # Then
    assert refused.value.code == "already_shortlisted"
    assert everything() == before


def test_a_shortlist_of_8_when_the_notice_allows_7_is_refused_and_nothing_changes(buyer):
    # Given nine suppliers that submitted and are not excluded
    procurement = f.ProcurementFactory(
        authority=buyer.memberships.get().organisation, max_shortlist=7
    )
    f.issue_agreements(procurement, buyer)
    f.standard_questions(procurement)
    participants = [
        f.submitted_participant(procurement, *f.supplier(f"Supplier {n} Ltd")) for n in range(9)
    ]
    f.close_participation(procurement)
    _not_excluded(buyer, participants)
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.decide_shortlist(
            actor=buyer,
            procurement=procurement,
            shortlisted={p.pk: "Scored well." for p in participants[:8]},
            not_shortlisted={participants[8].pk: "Lowest score."},
        )

    # Then
    assert refused.value.code == "shortlist_too_long"
    assert refused.value.section == (
        "Procurement Act 2023 s.20(4)(a); Procurement Regulations 2024 reg 19(2)(d)"
    )
    assert everything() == before
    assert {p.status for p in Participant.objects.all()} == {"submitted"}


# --- Invitation to tender ---------------------------------------------------------------------

INVITED_ON = datetime(2027, 4, 12, 10, 0, tzinfo=LONDON)  # a Monday


@pytest.fixture
def shortlisted(procurement, buyer, closed_with_three):
    _not_excluded(buyer, closed_with_three)
    albion, brightwell, cobalt = closed_with_three
    services.decide_shortlist(
        actor=buyer,
        procurement=procurement,
        shortlisted={albion.pk: "Top", cobalt.pk: "Second"},
        not_shortlisted={brightwell.pk: "Lowest score"},
    )
    return procurement


def test_inviting_with_9_days_is_refused_for_a_police_force(buyer, shortlisted):
    # Given
    before = everything()

    # When
    with time_machine.travel(INVITED_ON, tick=False), pytest.raises(DomainError) as refused:
        services.invite_to_tender(
            actor=buyer,
            procurement=shortlisted,
            tender_deadline=datetime(2027, 4, 21, 12, 0, tzinfo=LONDON),
        )

    # Then
    assert refused.value.code == "tendering_period_too_short"
    assert refused.value.message == (
        "The tender deadline must be on or after Thursday 22 April 2027: at least 10 days "
        "beginning with the day after the invitation to submit tenders (Procurement Act 2023 "
        "s.54(4) table entry 3, s.54(5))."
    )
    assert everything() == before


def test_inviting_with_10_days_opens_the_tender_stage(buyer, shortlisted):
    # When
    deadline = datetime(2027, 4, 22, 12, 0, tzinfo=LONDON)
    with time_machine.travel(INVITED_ON, tick=False):
        procurement = services.invite_to_tender(
            actor=buyer, procurement=shortlisted, tender_deadline=deadline
        )

    # Then
    procurement.refresh_from_db()
    assert (procurement.status, procurement.tender_deadline, procurement.tendering_opened_at) == (
        Status.TENDERING_OPEN,
        deadline,
        INVITED_ON,
    )
    [event] = events(ParticipationEvent.INVITED_TO_TENDER)
    assert event.after["invited"] == ["Albion Technology Ltd", "Cobalt Digital Ltd"]
    assert event.after["tender_deadline_text"] == "midday on Thursday 22 April 2027"
    assert event.before["status"] == "participation_closed"


def test_a_negotiated_tendering_period_has_no_minimum(buyer, shortlisted):
    # Given the period was agreed with each shortlisted supplier (s.54(4) entry 2)
    shortlisted.tendering_facts = {"negotiated_period_agreed": True}
    shortlisted.save(update_fields=["tendering_facts"])

    # When
    with time_machine.travel(INVITED_ON, tick=False):
        services.invite_to_tender(
            actor=buyer,
            procurement=shortlisted,
            tender_deadline=datetime(2027, 4, 13, 12, 0, tzinfo=LONDON),
        )

    # Then
    shortlisted.refresh_from_db()
    assert shortlisted.status == Status.TENDERING_OPEN


def test_inviting_before_the_shortlist_is_refused(procurement, buyer, closed_with_three):
    # Given
    before = everything()

    # When
    with pytest.raises(DomainError) as refused:
        services.invite_to_tender(
            actor=buyer,
            procurement=procurement,
            tender_deadline=clock.now() + timedelta(days=30),
        )

    # Then
    assert refused.value.code == "shortlist_not_decided"
    assert everything() == before


# --- What the tendering app relies on ---------------------------------------------------------


def test_only_invited_suppliers_with_the_current_agreements_may_tender(buyer, shortlisted):
    # Given
    albion, brightwell, cobalt = Participant.objects.order_by("supplier__name")

    # Then
    assert selectors.may_submit_tender(shortlisted, albion.supplier) is True
    assert selectors.may_submit_tender(shortlisted, brightwell.supplier) is False
    assert selectors.may_submit_tender(shortlisted, OrganisationFactory(supplier=True)) is False
    assert [o.name for o in selectors.invited_suppliers(shortlisted)] == [
        "Albion Technology Ltd",
        "Cobalt Digital Ltd",
    ]

    # When a new agreement version is issued, nobody may tender until they accept it
    services.issue_agreement(
        actor=buyer, procurement=shortlisted, kind="nda", title="NDA", text="Version two."
    )
    assert selectors.may_submit_tender(shortlisted, albion.supplier) is False


def test_in_an_open_procedure_an_admitted_supplier_that_is_not_excluded_may_tender(buyer):
    # Given
    procurement = f.ProcurementFactory(
        open_procedure=True, authority=buyer.memberships.get().organisation
    )
    f.issue_agreements(procurement, buyer)
    albion = f.admitted_participant(procurement, *f.supplier("Albion Technology Ltd"))
    brightwell = f.admitted_participant(procurement, *f.supplier("Brightwell Systems Ltd"))
    cobalt_org, cobalt_manager = f.supplier("Cobalt Digital Ltd")
    f.interested_participant(procurement, cobalt_org, cobalt_manager)

    # When Brightwell is excluded
    services.record_exclusion_decision(
        actor=buyer,
        participant=brightwell,
        outcome=ExclusionOutcome.EXCLUDED,
        ground_type=ExclusionGround.MANDATORY,
        ground="Sch 6 para 1",
        representations="Nothing to add.",
        reasons="Convicted of bribery.",
    )

    # Then
    assert selectors.may_submit_tender(procurement, albion.supplier) is True
    assert selectors.may_submit_tender(procurement, brightwell.supplier) is False
    assert selectors.may_submit_tender(procurement, cobalt_org) is False
    assert [o.name for o in selectors.invited_suppliers(procurement)] == ["Albion Technology Ltd"]


def test_the_buyers_participant_list_runs_a_fixed_number_of_queries(
    procurement, buyer, closed_with_three, django_assert_num_queries
):
    # Given
    _not_excluded(buyer, closed_with_three)

    # When / Then: the same number of queries for three suppliers as for thirty
    with django_assert_num_queries(7):
        rows = selectors.participants_for_buyer(procurement)
    assert [(p.supplier.name, p.gate_current, p.latest_exclusion.outcome) for p in rows] == [
        ("Albion Technology Ltd", True, "not_excluded"),
        ("Brightwell Systems Ltd", True, "not_excluded"),
        ("Cobalt Digital Ltd", True, "not_excluded"),
    ]
    assert rows[0].assessment.max_score == 10
    assert rows[0].submitted_response.receipt_reference.startswith("RTP-")


# --- The participant's lifecycle: one transition ----------------------------------------------


def test_a_participant_transition_moves_stamps_saves_and_audits_in_one_step(procurement, admitted):
    # Given an admitted supplier
    participant, bid_manager = admitted
    now = datetime(2027, 3, 1, 9, 30, tzinfo=LONDON)

    # When it is moved through the transition table
    with transaction_for(participant) as locked:
        services.transition_participant(
            locked,
            ParticipantStatus.WITHDRAWN,
            actor=bid_manager,
            event_type=ParticipationEvent.WITHDRAWN,
            stamp="withdrawn_at",
            at=now,
            changes={"withdrawal_reason": "No capacity"},
            after={"withdrawn_at": now},
            reason="No capacity",
        )

    # Then the row has the status, the stamp and the change, and the audit says so
    participant.refresh_from_db()
    assert (participant.status, participant.withdrawn_at, participant.withdrawal_reason) == (
        ParticipantStatus.WITHDRAWN,
        now,
        "No capacity",
    )
    [event] = events(ParticipationEvent.WITHDRAWN)
    assert (event.before, event.after["status"], event.after["supplier"], event.reason) == (
        {"status": "admitted"},
        "withdrawn",
        "Albion Technology Ltd",
        "No capacity",
    )


def test_a_participant_transition_the_table_forbids_is_refused_and_changes_nothing(
    procurement, admitted
):
    # Given an admitted supplier
    participant, bid_manager = admitted
    before = everything()

    # When it is moved to a status the table does not allow (admitted -> not shortlisted)
    with pytest.raises(DomainError) as refused, transaction_for(participant) as locked:
        services.transition_participant(
            locked,
            ParticipantStatus.NOT_SHORTLISTED,
            actor=bid_manager,
            event_type=ParticipationEvent.SHORTLIST_DECIDED,
            stamp="decided_at",
        )

    # Then
    assert refused.value.code == "invalid_transition"
    assert everything() == before
