"""The assertions: what the clients were told, what is stored, and what the opening decrypts."""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from decimal import Decimal

from .common import Bidder, Check, Result, World


def canonical_receipt_hash(world: World, bidder: Bidder, receipt: dict) -> str:
    """The receipt hash as a supplier recomputes it from what it sent and the receipt (ADR 0003:
    compact UTF-8 JSON, sorted keys), independently of procura's own code."""
    document = {
        "format": "procura-tender/1",
        "procurement": world.procurement_reference,
        "tender": receipt["reference"],
        "supplier": bidder.supplier_id,
        "version": receipt["version"],
        "price": f"{Decimal(bidder.price):.2f}",
        "line_items": [],
        "answers": {str(world.criterion_id): bidder.answer},
        "files": [{"name": bidder.file_name, "sha256": bidder.sha256, "size": len(bidder.content)}],
        "salt": receipt["salt"],
    }
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def check_responses(world, on_time: list[Result], late: list[Result]) -> list[Check]:
    checks = []
    not_created = [r for r in on_time if r.status != 201]
    checks.append(
        Check(
            f"all {len(on_time)} on-time tenders answered 201 with a receipt",
            not not_created,
            ", ".join(f"#{r.bidder.number}: {r.status} {r.code}" for r in not_created[:10]),
        )
    )
    bad_receipts = [
        r.bidder.number
        for r in on_time
        if r.status == 201
        and (
            r.body.get("files", [{}])[0].get("sha256") != r.bidder.sha256
            or r.body.get("content_sha256") != canonical_receipt_hash(world, r.bidder, r.body)
        )
    ]
    checks.append(
        Check(
            "every receipt names the file's SHA-256 and its hash is reproducible by the supplier",
            not bad_receipts,
            f"suppliers {bad_receipts[:10]}" if bad_receipts else "",
        )
    )
    wrong_refusals = [r for r in late if (r.status, r.code) != (400, "tender_deadline_passed")]
    checks.append(
        Check(
            f"all {len(late)} late tenders refused with 400 tender_deadline_passed",
            not wrong_refusals,
            ", ".join(f"#{r.bidder.number}: {r.status} {r.code}" for r in wrong_refusals[:10]),
        )
    )
    return checks


def check_stored(world, on_time: list[Result], late: list[Result]) -> list[Check]:
    from procura.audit.models import AuditEvent
    from procura.audit.selectors import find_chain_break
    from procura.tendering.events import TenderingEvent
    from procura.tendering.models import Tender

    rows = list(
        Tender.objects.filter(procurement_id=world.procurement_id).values_list(
            "supplier_id", "version", "status"
        )
    )
    stored = Counter(supplier for supplier, _, _ in rows)
    expected = {r.bidder.supplier_id for r in on_time}
    late_ids = {r.bidder.supplier_id for r in late}
    checks = [
        Check(
            f"exactly {len(expected)} Tender rows, one per on-time supplier (zero lost)",
            len(rows) == len(expected)
            and set(stored) == expected
            and all(n == 1 for n in stored.values())
            and all(v == 1 and s == "submitted" for _, v, s in rows),
            f"{len(rows)} rows; missing {len(expected - set(stored))}; "
            f"unexpected {len(set(stored) - expected)}",
        ),
        Check(
            "no Tender row for any late supplier (zero late accepted)",
            not late_ids & set(stored),
            f"{len(late_ids & set(stored))} late suppliers have a row",
        ),
    ]
    submitted_events = AuditEvent.objects.filter(event_type=TenderingEvent.TENDER_SUBMITTED)
    late_events = submitted_events.filter(organisation_id__in=late_ids).count()
    checks.append(
        Check(
            f"{len(expected)} tender_submitted audit events, none for a late supplier",
            submitted_events.count() == len(expected) and late_events == 0,
            f"{submitted_events.count()} events, {late_events} for late suppliers",
        )
    )
    chain_break = find_chain_break()
    checks.append(Check("audit hash chain intact", chain_break is None, str(chain_break or "")))
    return checks


def open_and_check(world, on_time: list[Result]) -> tuple[list[Check], dict]:
    """close_tendering, then the buyer and the approver confirm (the panel of two); every
    opened tender must carry exactly the price and the file its supplier sent."""
    from procura.accounts.models import User
    from procura.procurements import services as procurement_services
    from procura.procurements.models import Procurement
    from procura.tendering import selectors, services
    from procura.tendering.models import UnsealedFile

    procurement = Procurement.objects.get(pk=world.procurement_id)
    buyer = User.objects.get(pk=world.buyer_id)
    approver = User.objects.get(pk=world.approver_id)
    timings = {}
    started = time.perf_counter()
    closed = procurement_services.close_tendering(procurement=procurement)
    first = services.confirm_opening(actor=buyer, procurement=procurement)
    started_opening = time.perf_counter()
    second = services.confirm_opening(actor=approver, procurement=procurement)
    timings["opening_seconds"] = time.perf_counter() - started_opening
    timings["close_and_confirm_seconds"] = time.perf_counter() - started
    expected = {r.bidder.supplier_id: r.bidder for r in on_time}
    checks = [
        Check("close_tendering closed the procurement", closed is True),
        Check("one confirmation does not open", first.opened is False, str(first)),
        Check(
            f"the second officer's confirmation opened {len(expected)} tenders, 0 problems",
            second.opened and second.tenders_opened == len(expected) and second.problems == 0,
            str(second),
        ),
    ]
    opened = selectors.opened_tenders(procurement)
    mismatched = []
    for tender in opened:
        bidder = expected.get(tender.supplier.pk)
        if (
            bidder is None
            or tender.price != Decimal(bidder.price)
            or tender.answers != {world.criterion_id: bidder.answer}
            or [(f.name, f.sha256, f.size) for f in tender.files]
            != [(bidder.file_name, bidder.sha256, len(bidder.content))]
            or not tender.verified
        ):
            mismatched.append(tender.reference)
    checks.append(
        Check(
            f"opened_tenders: {len(expected)} tenders, each with the sent price, answer and file",
            len(opened) == len(expected) and not mismatched,
            f"{len(opened)} opened; mismatched {mismatched[:5]}",
        )
    )
    # Independently of the integrity flag: hash the decrypted bytes themselves, one at a time.
    bad_bytes = []
    decrypted = UnsealedFile.objects.filter(
        unsealed_tender__tender__procurement=procurement
    ).values_list("unsealed_tender__tender__supplier_id", "pk")
    for supplier_id, pk in decrypted:
        content = UnsealedFile.objects.values_list("content", flat=True).get(pk=pk)
        bidder = expected.get(supplier_id)
        if bidder is None or hashlib.sha256(bytes(content)).hexdigest() != bidder.sha256:
            bad_bytes.append(supplier_id)
    checks.append(
        Check(
            f"the {len(expected)} decrypted files hash to what the suppliers sent",
            len(decrypted) == len(expected) and not bad_bytes,
            f"{len(decrypted)} files; wrong {bad_bytes[:5]}",
        )
    )
    return checks, timings
