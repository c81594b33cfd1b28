"""Submitting, replacing and withdrawing sealed tenders; the opening panel and the one opening;
tender-stage questions; the opening policy. On every refusal: the code, and nothing changed."""

import base64
import os
from decimal import Decimal
from types import SimpleNamespace
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procura.audit.models import AuditEvent
from procura.core.errors import DomainError, NotFound
from procura.procurements import services as procurement_services
from procura.procurements.states import Status
from procura.tendering import rules, sealing, selectors, services
from procura.tendering.models import (
    SealingKey,
    Tender,
    TenderFile,
    UnsealedTender,
)
from procura.tendering.rules import FileFacts, LineItem
from procura.tendering.selectors import OpenedFile, OpenedTender
from procura.tendering.services import UploadedDocument
from procura.tendering.states import Integrity, TenderStatus
from procura.tendering.tests.factories import (
    AFTER,
    BEFORE,
    DEADLINE,
    AwardCriterionFactory,
    ProcurementFactory,
    answers_for,
    close,
    confirm,
    invite,
    open_tenders,
    record_of,
    submit,
    tender_stage,
)
from procura.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db

MARKER = b"ALBION-CONFIDENTIAL-PRICING-SHEET"


def _file(size: int = 1024 * 1024) -> bytes:
    """About 1 MB: a recognisable marker, then random bytes."""
    return MARKER + os.urandom(size - len(MARKER))


# --- Submitting -------------------------------------------------------------------------------


def test_an_invited_supplier_submits_a_sealed_tender_and_gets_a_receipt():
    # Given
    stage = tender_stage()
    plan = _file()
    answers = answers_for(stage)

    # When
    receipt = submit(
        stage,
        price="1250000.00",
        line_items=[{"description": "Laptops", "amount": "1000000"}],
        answers=answers,
        files=[UploadedDocument("C:\\bids\\Delivery plan.pdf", plan)],
    )

    # Then: the receipt
    tender = Tender.objects.get()
    assert receipt.reference == tender.reference
    assert receipt.reference.startswith(f"{stage.procurement.reference}-T")
    assert receipt.procurement_reference == stage.procurement.reference
    assert (receipt.version, receipt.status, receipt.replaces) == (1, "submitted", "")
    assert receipt.submitted_at == BEFORE
    assert receipt.files == (
        selectors.ReceiptFile(1, rules.sha256_hex(plan), len(plan), "Delivery plan.pdf"),
    )
    # ... whose hash anyone can recompute from what was sent, the salt and the references
    assert receipt.content_sha256 == rules.sha256_hex(
        rules.canonical_content(
            procurement_reference=stage.procurement.reference,
            tender_reference=receipt.reference,
            supplier_id=stage.albion.pk,
            version=1,
            price=Decimal("1250000.00"),
            line_items=[LineItem("Laptops", Decimal("1000000"))],
            answers=answers,
            files=[FileFacts("Delivery plan.pdf", rules.sha256_hex(plan), len(plan))],
            salt=receipt.salt,
        )
    )
    assert len(receipt.salt) == 32
    # ... and the record
    assert (tender.supplier, tender.submitted_by, tender.status) == (
        stage.albion,
        stage.albion_bid,
        TenderStatus.SUBMITTED,
    )
    assert tender.content_sha256 == receipt.content_sha256
    assert list(AuditEvent.objects.values_list("event_type", "actor_id", "object_type")) == [
        ("tendering.sealing_key_created", None, "tendering.sealingkey"),
        ("tendering.tender_submitted", stage.albion_bid.pk, "tendering.tender"),
    ]
    assert AuditEvent.objects.last().after == {
        "procurement": stage.procurement.reference,
        "reference": receipt.reference,
        "version": 1,
        "sha256": receipt.content_sha256,
        "files": [{"sha256": rules.sha256_hex(plan), "size": len(plan)}],
        "replaces": "",
    }


def test_nothing_stored_holds_the_price_the_answers_the_file_names_or_the_file_bytes():
    # Given
    stage = tender_stage()
    answers = answers_for(stage, "Our depots in Luton and Leeds hold 6 weeks of stock")
    plan = _file()

    # When
    submit(
        stage,
        price="4815162.42",
        answers=answers,
        line_items=[{"description": "Rugged tablets for response officers", "amount": "23427.19"}],
        files=[UploadedDocument("albion-secret-plan.pdf", plan)],
    )

    # Then: every stored byte of the tendering tables and of the audit trail
    stored = b""
    for model in (Tender, TenderFile, SealingKey):
        for row in model.objects.values_list():
            for value in row:
                stored += (
                    bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
                )
    for event in AuditEvent.objects.all():
        stored += f"{event.before}{event.after}{event.object_repr}{event.reason}".encode()
    for secret in [
        b"4815162.42",
        b"4815162",
        b"Luton and Leeds",
        b"Rugged tablets",
        b"23427.19",
        b"albion-secret-plan",
        MARKER,
        plan[len(MARKER) : len(MARKER) + 64],
    ]:
        assert secret not in stored, secret


def test_submitting_never_unwraps_a_private_key():
    stage = tender_stage()

    with mock.patch.object(
        sealing, "decrypt_private_key", wraps=sealing.decrypt_private_key
    ) as spy:
        submit(stage)
        submit(stage, stage.brightwell)
        submit(stage, price="999.00")

    assert spy.call_count == 0
    assert SealingKey.objects.get().released_at is None


def test_replacing_a_tender_makes_a_new_version_and_keeps_the_old_one_superseded():
    # Given
    stage = tender_stage()
    first = submit(stage, price="1000.00")

    # When
    second = submit(stage, price="900.00", at=BEFORE + (DEADLINE - BEFORE) / 2)

    # Then
    assert (second.version, second.replaces) == (2, first.reference)
    assert list(Tender.objects.order_by("version").values_list("reference", "status")) == [
        (first.reference, TenderStatus.SUPERSEDED),
        (second.reference, TenderStatus.SUBMITTED),
    ]
    assert Tender.objects.get(reference=first.reference).superseded_at == second.submitted_at
    assert AuditEvent.objects.last().event_type == "tendering.tender_replaced"
    assert AuditEvent.objects.last().after["replaces"] == first.reference


def test_a_withdrawn_tender_is_kept_and_the_supplier_may_tender_again():
    # Given
    stage = tender_stage()
    first = submit(stage)

    # When
    with time_machine.travel(BEFORE, tick=False):
        withdrawn = services.withdraw_tender(
            actor=stage.albion_bid, procurement=stage.procurement, supplier=stage.albion
        )
    again = submit(stage, price="1100.00")

    # Then
    assert (withdrawn.reference, withdrawn.status, withdrawn.withdrawn_at) == (
        first.reference,
        TenderStatus.WITHDRAWN,
        BEFORE,
    )
    assert again.version == 2 and again.replaces == ""
    assert [r.status for r in selectors.receipts_of(stage.procurement, stage.albion)] == [
        TenderStatus.SUBMITTED,
        TenderStatus.WITHDRAWN,
    ]
    assert AuditEvent.objects.filter(event_type="tendering.tender_withdrawn").get().after == {
        "status": "withdrawn",
        "procurement": stage.procurement.reference,
        "reference": first.reference,
        "sha256": first.content_sha256,
    }


@pytest.mark.parametrize("at", [DEADLINE, AFTER], ids=["at the deadline", "after it"])
def test_a_late_tender_is_refused_and_nothing_of_it_is_stored(at):
    stage = tender_stage()

    error = assert_refused(
        "tender_deadline_passed",
        lambda: services.submit_tender(
            actor=stage.albion_bid,
            procurement=stage.procurement,
            supplier=stage.albion,
            price="1000.00",
            answers=answers_for(stage),
            files=[UploadedDocument("plan.pdf", _file())],
        ),
        unchanged=lambda: record_of(stage),
        at=at,
    )

    assert error.message == (
        "The tender deadline was midday on Tuesday 3 March 2026; tenders can no longer be "
        "submitted, replaced or withdrawn."
    )
    assert Tender.objects.count() == TenderFile.objects.count() == SealingKey.objects.count() == 0


def test_a_late_tender_is_refused_after_the_scheduled_job_closed_tendering():
    stage = tender_stage()
    close(stage)

    assert_refused(
        "tender_deadline_passed",
        lambda: services.submit_tender(
            actor=stage.albion_bid,
            procurement=stage.procurement,
            supplier=stage.albion,
            price="1000.00",
            answers=answers_for(stage),
        ),
        unchanged=lambda: record_of(stage),
        at=AFTER,
    )


@pytest.mark.parametrize("at", [DEADLINE, AFTER], ids=["at the deadline", "after it"])
def test_a_tender_cannot_be_replaced_or_withdrawn_at_or_after_the_deadline(at):
    stage = tender_stage()
    submit(stage)

    assert_refused(
        "tender_deadline_passed",
        lambda: services.submit_tender(
            actor=stage.albion_bid,
            procurement=stage.procurement,
            supplier=stage.albion,
            price="1.00",
            answers=answers_for(stage),
        ),
        unchanged=lambda: record_of(stage),
        at=at,
    )
    assert_refused(
        "tender_deadline_passed",
        lambda: services.withdraw_tender(
            actor=stage.albion_bid, procurement=stage.procurement, supplier=stage.albion
        ),
        unchanged=lambda: record_of(stage),
        at=at,
    )


def test_no_tender_before_tendering_opens():
    stage = tender_stage(status=Status.PARTICIPATION_CLOSED)

    assert_refused(
        "tendering_not_open",
        lambda: services.submit_tender(
            actor=stage.albion_bid,
            procurement=stage.procurement,
            supplier=stage.albion,
            price="1.00",
            answers=answers_for(stage),
        ),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"price": "0"}, "invalid_price"),
        ({"price": None}, "invalid_price"),
        ({"line_items": [{"description": "", "amount": "1"}]}, "invalid_line_item"),
        ({"answers": {}}, "answer_missing"),
        ({"answers": "unknown"}, "unknown_criterion"),
        ({"files": [UploadedDocument("empty.pdf", b"")]}, "empty_file"),
        ({"files": [UploadedDocument("a.pdf", b"a")] * 21}, "too_many_files"),
    ],
)
def test_an_incomplete_or_invalid_tender_is_refused(fields, code):
    stage = tender_stage()
    fields = dict(fields)
    if fields.get("answers") == "unknown":
        fields["answers"] = {**answers_for(stage), 999999: "?"}
    fields.setdefault("price", "1000.00")
    fields.setdefault("answers", answers_for(stage))

    assert_refused(
        code,
        lambda: services.submit_tender(
            actor=stage.albion_bid, procurement=stage.procurement, supplier=stage.albion, **fields
        ),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )


def test_a_file_over_the_limit_is_refused(monkeypatch):
    stage = tender_stage()
    monkeypatch.setattr(rules, "MAX_FILE_BYTES", 1024 * 1024)

    assert_refused(
        "file_too_large",
        lambda: services.submit_tender(
            actor=stage.albion_bid,
            procurement=stage.procurement,
            supplier=stage.albion,
            price="1000.00",
            answers=answers_for(stage),
            files=[UploadedDocument("big.pdf", _file(1024 * 1024 + 1))],
        ),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )


def test_withdrawing_without_a_tender_is_refused():
    stage = tender_stage()

    assert_refused(
        "no_tender_to_withdraw",
        lambda: services.withdraw_tender(
            actor=stage.albion_bid, procurement=stage.procurement, supplier=stage.albion
        ),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )


@pytest.mark.parametrize(
    ("who", "supplier"),
    [
        ("castlegate_bid", "castlegate"),  # passed the gate, not shortlisted
        ("albion_bid", "brightwell"),  # another supplier's bid manager
        ("buyer", "albion"),
    ],
)
def test_only_an_invited_suppliers_bid_manager_finds_the_tender(who, supplier):
    stage = tender_stage()

    assert_refused(
        "not_found",
        lambda: services.submit_tender(
            actor=getattr(stage, who),
            procurement=stage.procurement,
            supplier=getattr(stage, supplier),
            price="1000.00",
            answers=answers_for(stage),
        ),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )


# --- The opening ------------------------------------------------------------------------------


def test_two_distinct_officers_confirm_and_the_tenders_are_opened_once():
    # Given: two tenders, the deadline passed and the scheduled job ran
    stage = tender_stage()
    plan = _file(4096)
    albion = submit(
        stage,
        price="1250000.00",
        line_items=[{"description": "Laptops", "amount": "1000000.00"}],
        files=[UploadedDocument("plan.pdf", plan)],
    )
    brightwell = submit(stage, stage.brightwell, price="1190000.50")
    close(stage)
    events_before = AuditEvent.objects.count()

    # When: the first officer confirms
    first = confirm(stage, stage.buyer)

    # Then: still sealed
    assert first == services.OpeningOutcome(confirmations=1, panel_size=2, opened=False)
    assert Status(stage.procurement.status) == Status.TENDERS_CLOSED
    with pytest.raises(DomainError) as sealed:
        selectors.opened_tenders(stage.procurement)
    assert sealed.value.code == "tenders_sealed"

    # When: a second, different officer confirms
    second = confirm(stage, stage.approver)

    # Then: opened, verified, in evaluation
    stage.procurement.refresh_from_db()
    assert second == services.OpeningOutcome(
        confirmations=2, panel_size=2, opened=True, tenders_opened=2, problems=0
    )
    assert stage.procurement.status == Status.EVALUATION
    assert SealingKey.objects.get().released_at == AFTER
    assert selectors.opened_tenders(stage.procurement) == [
        OpenedTender(
            tender_id=Tender.objects.get(reference=albion.reference).pk,
            supplier=stage.albion,
            price=Decimal("1250000.00"),
            line_items=(LineItem("Laptops", Decimal("1000000.00")),),
            answers=answers_for(stage),
            files=[OpenedFile("plan.pdf", rules.sha256_hex(plan), 4096)],
            reference=albion.reference,
            integrity=Integrity.VERIFIED,
        ),
        OpenedTender(
            tender_id=Tender.objects.get(reference=brightwell.reference).pk,
            supplier=stage.brightwell,
            price=Decimal("1190000.50"),
            line_items=(),
            answers=answers_for(stage),
            files=[],
            reference=brightwell.reference,
            integrity=Integrity.VERIFIED,
        ),
    ]
    assert bytes(UnsealedTender.objects.get(tender__supplier=stage.albion).files.get().content) == (
        plan
    )
    events = list(
        AuditEvent.objects.filter(sequence__gt=events_before).values_list(
            "event_type", "actor_id", "after"
        )
    )
    assert events == [
        (
            "tendering.opening_confirmed",
            stage.buyer.pk,
            {"confirmations": 1, "panel_size": 2},
        ),
        (
            "tendering.opening_confirmed",
            stage.approver.pk,
            {"confirmations": 2, "panel_size": 2},
        ),
        (
            "tendering.tenders_opened",
            None,
            {
                "status": "evaluation",
                "tenders_opened": 2,
                "problems": 0,
                "panel": ["Bea Buyer", "Ada Approver"],
                "tenders": [
                    {"reference": albion.reference, "integrity": "verified"},
                    {"reference": brightwell.reference, "integrity": "verified"},
                ],
            },
        ),
    ]


def test_a_second_opening_is_refused_and_changes_nothing():
    stage = tender_stage()
    submit(stage)
    open_tenders(stage)

    assert_refused(
        "tenders_already_opened",
        lambda: services.confirm_opening(actor=stage.buyer2, procurement=stage.procurement),
        unchanged=lambda: record_of(stage),
        at=AFTER,
    )
    assert_refused(
        "tenders_already_opened",
        lambda: services.confirm_opening(actor=stage.buyer, procurement=stage.procurement),
        unchanged=lambda: record_of(stage),
        at=AFTER,
    )


def test_confirming_before_the_deadline_is_refused():
    stage = tender_stage()
    submit(stage)

    error = assert_refused(
        "tender_deadline_not_passed",
        lambda: services.confirm_opening(actor=stage.buyer, procurement=stage.procurement),
        unchanged=lambda: record_of(stage),
        at=DEADLINE - (DEADLINE - BEFORE) / 100,
    )
    assert error.message == (
        "Tenders stay sealed until the tender deadline, midday on Tuesday 3 March 2026; the "
        "opening panel can confirm after it."
    )


def test_the_same_officer_cannot_confirm_twice():
    stage = tender_stage()
    submit(stage)
    close(stage)
    confirm(stage, stage.buyer)

    assert_refused(
        "already_confirmed",
        lambda: services.confirm_opening(actor=stage.buyer, procurement=stage.procurement),
        unchanged=lambda: record_of(stage),
        at=AFTER,
    )


@pytest.mark.parametrize("who", ["evaluator", "admin", "albion_bid"])
def test_only_a_buyer_or_approver_of_the_authority_sits_on_the_panel(who):
    stage = tender_stage()
    submit(stage)
    close(stage)

    assert_refused(
        "forbidden_action",
        lambda: services.confirm_opening(actor=getattr(stage, who), procurement=stage.procurement),
        unchanged=lambda: record_of(stage),
        at=AFTER,
    )


def test_a_terminated_procurement_is_never_opened():
    stage = tender_stage()
    submit(stage)
    with time_machine.travel(BEFORE, tick=False):
        procurement_services.terminate_procurement(
            actor=stage.buyer, procurement=stage.procurement, reason="Requirement withdrawn."
        )

    assert_refused(
        "tenders_not_closed",
        lambda: services.confirm_opening(actor=stage.buyer, procurement=stage.procurement),
        unchanged=lambda: record_of(stage),
        at=AFTER,
    )


def test_confirming_after_the_deadline_closes_tendering_if_the_job_has_not_run():
    stage = tender_stage()
    submit(stage)

    outcome = confirm(stage, stage.buyer)

    stage.procurement.refresh_from_db()
    assert outcome.opened is False
    assert stage.procurement.status == Status.TENDERS_CLOSED
    assert list(AuditEvent.objects.values_list("event_type", flat=True))[-2:] == [
        "procurement.tenders_closed",
        "tendering.opening_confirmed",
    ]


def test_only_the_latest_version_not_withdrawn_is_opened():
    # Given: Albion replaced its tender; Brightwell withdrew its only one
    stage = tender_stage()
    submit(stage, price="1000.00")
    latest = submit(stage, price="950.00")
    submit(stage, stage.brightwell, price="800.00")
    with time_machine.travel(BEFORE, tick=False):
        services.withdraw_tender(
            actor=stage.brightwell_bid, procurement=stage.procurement, supplier=stage.brightwell
        )

    # When
    outcome = open_tenders(stage)

    # Then
    assert outcome.tenders_opened == 1
    assert [(t.reference, t.price) for t in selectors.opened_tenders(stage.procurement)] == [
        (latest.reference, Decimal("950.00"))
    ]
    assert UnsealedTender.objects.count() == 1


def test_a_tender_that_does_not_match_its_receipt_is_opened_and_flagged():
    # Given: the stored receipt hash was altered after submission
    stage = tender_stage()
    receipt = submit(stage)
    Tender.objects.filter(reference=receipt.reference).update(content_sha256="0" * 64)

    # When
    outcome = open_tenders(stage)

    # Then
    assert (outcome.tenders_opened, outcome.problems) == (1, 1)
    [opened] = selectors.opened_tenders(stage.procurement)
    assert opened.integrity == Integrity.MISMATCH
    assert opened.problem == (
        f"The content's SHA-256 is {receipt.content_sha256} but the receipt says {'0' * 64}."
    )
    assert [(p.reference, p.integrity) for p in selectors.opening_problems(stage.procurement)] == [
        (receipt.reference, Integrity.MISMATCH)
    ]
    assert AuditEvent.objects.last().after["tenders"] == [
        {"reference": receipt.reference, "integrity": "mismatch"}
    ]


def test_a_file_that_does_not_match_its_receipt_is_flagged():
    stage = tender_stage()
    receipt = submit(stage, files=[UploadedDocument("plan.pdf", _file(2048))])
    TenderFile.objects.update(sha256="f" * 64)

    open_tenders(stage)

    [opened] = selectors.opened_tenders(stage.procurement)
    assert opened.integrity == Integrity.MISMATCH
    assert opened.problem == "The file plan.pdf does not match the receipt's SHA-256."
    assert opened.reference == receipt.reference


def test_a_damaged_ciphertext_is_flagged_and_left_out_of_evaluation():
    # Given: one byte of Albion's sealed content was changed in the database
    stage = tender_stage()
    albion = submit(stage)
    submit(stage, stage.brightwell)
    tender = Tender.objects.get(reference=albion.reference)
    damaged = bytearray(tender.content_ciphertext)
    damaged[20] ^= 0xFF
    Tender.objects.filter(pk=tender.pk).update(content_ciphertext=bytes(damaged))

    # When
    outcome = open_tenders(stage)

    # Then
    assert (outcome.tenders_opened, outcome.problems) == (2, 1)
    assert [t.supplier for t in selectors.opened_tenders(stage.procurement)] == [stage.brightwell]
    [problem] = selectors.opening_problems(stage.procurement)
    assert (problem.supplier, problem.integrity) == (stage.albion, Integrity.UNDECRYPTABLE)


def test_the_opening_is_refused_and_nothing_changes_if_the_kek_cannot_unwrap_the_key(settings):
    stage = tender_stage()
    submit(stage)
    close(stage)
    confirm(stage, stage.buyer)
    settings.PROCURA_TENDER_KEK = base64.b64encode(os.urandom(32)).decode()

    assert_refused(
        "sealing_key_unavailable",
        lambda: services.confirm_opening(actor=stage.approver, procurement=stage.procurement),
        unchanged=lambda: record_of(stage),
        at=AFTER,
    )


def test_after_a_kek_rotation_old_keys_still_open_and_new_keys_use_the_new_kek(settings):
    # Given: a tender sealed under the old KEK, then the KEK rotated (new one first)
    stage = tender_stage()
    old_kek = settings.PROCURA_TENDER_KEK
    submit(stage)
    new_kek = base64.b64encode(os.urandom(32)).decode()
    settings.PROCURA_TENDER_KEK = f"{new_kek},{old_kek}"
    second = ProcurementFactory(authority=stage.authority, created_by=stage.buyer)
    AwardCriterionFactory(procurement=second)
    invite(second, stage.albion, by=stage.albion_bid)
    later = SimpleNamespace(**{**vars(stage), "procurement": second, "quality": []})

    # When
    submit(later, answers={c.pk: "Yes." for c in second.criteria.all()})
    outcome = open_tenders(stage)

    # Then
    assert outcome.opened is True
    assert SealingKey.objects.get(procurement=later.procurement).kek_id == sealing.kek_id(
        sealing.keks_from_setting(new_kek)[0]
    )


def test_an_authority_with_a_panel_of_three_needs_three_officers():
    stage = tender_stage()
    with time_machine.travel(BEFORE, tick=False):
        services.set_opening_policy(actor=stage.buyer, authority=stage.authority, panel_size=3)
    submit(stage)
    close(stage)

    assert confirm(stage, stage.buyer).opened is False
    assert confirm(stage, stage.approver).opened is False
    assert confirm(stage, stage.buyer2) == services.OpeningOutcome(
        confirmations=3, panel_size=3, opened=True, tenders_opened=1, problems=0
    )


def test_an_opening_with_no_tenders_moves_to_evaluation_with_none():
    stage = tender_stage()

    outcome = open_tenders(stage)

    assert (outcome.opened, outcome.tenders_opened) == (True, 0)
    assert stage.procurement.status == Status.EVALUATION
    assert selectors.opened_tenders(stage.procurement) == []


def test_the_private_key_is_unwrapped_once_by_the_opening():
    stage = tender_stage()
    submit(stage)
    close(stage)
    confirm(stage, stage.buyer)

    with mock.patch.object(
        sealing, "decrypt_private_key", wraps=sealing.decrypt_private_key
    ) as spy:
        confirm(stage, stage.approver)

    assert spy.call_count == 1


# --- The opening policy -----------------------------------------------------------------------


def test_a_buyer_sets_the_opening_panel_size():
    stage = tender_stage()

    with time_machine.travel(BEFORE, tick=False):
        policy = services.set_opening_policy(
            actor=stage.buyer, authority=stage.authority, panel_size=4
        )

    assert (policy.panel_size, policy.updated_by) == (4, stage.buyer)
    assert selectors.panel_size_for(stage.authority) == 4
    event = AuditEvent.objects.last()
    assert (event.event_type, event.before, event.after) == (
        "tendering.opening_policy_set",
        {"panel_size": 2},
        {"panel_size": 4},
    )


def test_an_opening_panel_of_one_is_refused():
    stage = tender_stage()

    assert_refused(
        "invalid_panel_size",
        lambda: services.set_opening_policy(
            actor=stage.buyer, authority=stage.authority, panel_size=1
        ),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )


@pytest.mark.parametrize("who", ["approver", "evaluator", "albion_bid"])
def test_only_a_buyer_sets_the_opening_policy(who):
    stage = tender_stage()

    assert_refused(
        "forbidden_action",
        lambda: services.set_opening_policy(
            actor=getattr(stage, who), authority=stage.authority, panel_size=3
        ),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )


# --- Tender-stage clarification questions -----------------------------------------------------


def _ask(stage, text="Can Albion Technology Ltd deliver to Hendon in week one?"):
    with time_machine.travel(BEFORE, tick=False):
        return services.ask_question(
            actor=stage.albion_bid,
            procurement=stage.procurement,
            supplier=stage.albion,
            question=text,
        )


def test_an_invited_supplier_asks_a_question_that_only_the_buyer_sees():
    stage = tender_stage()

    question = _ask(stage)

    assert (question.supplier, question.asked_by, question.status, question.asked_at) == (
        stage.albion,
        stage.albion_bid,
        "open",
        BEFORE,
    )
    assert selectors.questions_for_buyer(stage.procurement) == [question]
    assert selectors.questions_of(stage.procurement, stage.brightwell) == []
    event = AuditEvent.objects.last()
    assert (event.event_type, event.organisation_id) == (
        "tendering.question_asked",
        stage.albion.pk,
    )


def test_the_buyer_answers_by_publishing_an_anonymous_clarification():
    # Given
    stage = tender_stage()
    question = _ask(stage)

    # When
    with time_machine.travel(BEFORE, tick=False):
        clarification = services.answer_question(
            actor=stage.buyer,
            question=question,
            published_question="Can a supplier deliver to Hendon in week one?",
            answer="Yes: delivery to Hendon may start in week one.",
            confirm_anonymised=True,
        )

    # Then
    question.refresh_from_db()
    assert (clarification.question, clarification.answer) == (
        "Can a supplier deliver to Hendon in week one?",
        "Yes: delivery to Hendon may start in week one.",
    )
    assert (question.status, question.clarification, question.answered_by) == (
        "answered",
        clarification,
        stage.buyer,
    )
    assert selectors.published_clarifications(stage.procurement) == [clarification]
    assert list(AuditEvent.objects.values_list("event_type", flat=True))[-2:] == [
        "procurement.clarification_published",
        "tendering.question_answered",
    ]


def test_publishing_a_question_that_names_the_supplier_is_refused():
    stage = tender_stage()
    question = _ask(stage)

    assert_refused(
        "question_names_supplier",
        lambda: services.answer_question(
            actor=stage.buyer, question=question, answer="Yes, from week one."
        ),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )


@pytest.mark.parametrize(
    ("published_question", "answer", "code", "field"),
    [
        # The asker by a trading name, its short form, its e-mail domain, in the question ...
        ("Lighthouse Forensic asks: deliver to Hendon?", "Yes.", "question_names_trading_name",
         "published_question"),
        ("Albion Technology asks: deliver to Hendon?", "Yes.", "question_names_short_name",
         "published_question"),
        ("From bids@albion.example: deliver to Hendon?", "Yes.", "question_names_email_domain",
         "published_question"),
        # ... or in the answer, and another supplier taking part, by a distinctive word
        ("Can a supplier deliver to Hendon?", "Yes, as Albion asked.", "question_names_short_name",
         "answer"),
        ("Can a supplier deliver to Hendon?", "Yes, and Brightwell may too.",
         "question_names_short_name", "answer"),
        ("Can a supplier deliver to Hendon?", "Yes, Castlegate Computing too.",
         "question_names_short_name", "answer"),
    ],
)  # fmt: skip
def test_a_clarification_naming_a_supplier_taking_part_in_any_way_is_refused(
    published_question, answer, code, field
):
    # Given Albion, which trades as Lighthouse Forensic, has asked
    stage = tender_stage()
    stage.albion.trading_names = ["Lighthouse Forensic"]
    stage.albion.email = "bids@albion.example"
    stage.albion.save()
    question = _ask(stage, "Can we deliver to Hendon in week one?")

    # Then publishing it in words that name a supplier is refused, changing nothing
    refusal = assert_refused(
        code,
        lambda: services.answer_question(
            actor=stage.buyer,
            question=question,
            published_question=published_question,
            answer=answer,
            confirm_anonymised=True,
        ),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )
    assert refusal.field == field


def test_a_clarification_is_published_only_once_the_buyer_confirms_the_wording():
    stage = tender_stage()
    question = _ask(stage, "Can we deliver to Hendon in week one?")
    publish = {"published_question": "Can a supplier deliver to Hendon?", "answer": "Yes."}

    assert_refused(
        "anonymisation_not_confirmed",
        lambda: services.answer_question(actor=stage.buyer, question=question, **publish),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )
    with time_machine.travel(BEFORE, tick=False):
        clarification = services.answer_question(
            actor=stage.buyer, question=question, confirm_anonymised=True, **publish
        )
    assert (clarification.question, clarification.answer) == (
        "Can a supplier deliver to Hendon?",
        "Yes.",
    )


def test_a_question_is_answered_once():
    stage = tender_stage()
    question = _ask(stage, "Is delivery to Hendon possible in week one?")
    with time_machine.travel(BEFORE, tick=False):
        services.answer_question(
            actor=stage.buyer, question=question, answer="Yes.", confirm_anonymised=True
        )

    assert_refused(
        "question_already_answered",
        lambda: services.answer_question(actor=stage.buyer2, question=question, answer="No."),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )


@pytest.mark.parametrize(
    ("who", "answer", "code"),
    [("evaluator", "Yes.", "forbidden_action"), ("buyer", "  ", "invalid_input")],
)
def test_an_answer_by_someone_else_or_empty_is_refused(who, answer, code):
    stage = tender_stage()
    question = _ask(stage, "Is delivery to Hendon possible in week one?")

    assert_refused(
        code,
        lambda: services.answer_question(
            actor=getattr(stage, who), question=question, answer=answer
        ),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )


def test_questions_close_at_the_tender_deadline():
    stage = tender_stage()

    assert_refused(
        "tender_deadline_passed",
        lambda: services.ask_question(
            actor=stage.albion_bid,
            procurement=stage.procurement,
            supplier=stage.albion,
            question="Too late?",
        ),
        unchanged=lambda: record_of(stage),
        at=DEADLINE,
    )


@pytest.mark.parametrize(
    ("who", "text", "code"),
    [
        ("castlegate_bid", "May we still tender?", "not_found"),
        ("albion_bid", "   ", "invalid_input"),
    ],
)
def test_a_question_from_outside_the_shortlist_or_empty_is_refused(who, text, code):
    stage = tender_stage()
    supplier = stage.castlegate if who == "castlegate_bid" else stage.albion

    assert_refused(
        code,
        lambda: services.ask_question(
            actor=getattr(stage, who),
            procurement=stage.procurement,
            supplier=supplier,
            question=text,
        ),
        unchanged=lambda: record_of(stage),
        at=BEFORE,
    )


def test_not_found_is_the_refusal_for_an_outsider():
    assert issubclass(NotFound, DomainError)


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_the_tender_box_and_opened_tenders_read_a_fixed_number_of_queries():
    # Given: one procurement with one tender, another with two
    one, two = tender_stage(), tender_stage(suffix=" (2)")
    submit(one)
    submit(two)
    submit(two, two.brightwell)
    open_tenders(one)
    open_tenders(two)

    # Then
    assert _queries(lambda: selectors.tender_box(one.procurement, with_content=True)) == (
        _queries(lambda: selectors.tender_box(two.procurement, with_content=True))
    )
    assert _queries(lambda: selectors.opened_tenders(one.procurement)) == (
        _queries(lambda: selectors.opened_tenders(two.procurement))
    )
