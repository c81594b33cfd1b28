"""The tendering API, mounted at /api/v1/procurements. Thin: parse -> access -> one service or
selector -> shape. Forbidden looks like not found (404)."""

from django.http import HttpRequest
from ninja import File, Form, Router, Status, UploadedFile
from pydantic import ValidationError

from procura.core import clock
from procura.core.errors import DomainError
from procura.core.openapi import refusals
from procura.procurements.states import Status as ProcurementStatus

from . import permissions, selectors, services
from .schemas import (
    BuyerQuestionOut,
    MyTenderOut,
    OpenedTenderOut,
    OpeningOutcomeOut,
    PolicyIn,
    PolicyOut,
    TenderBoxOut,
    TenderClarificationOut,
    TenderIn,
    TenderQuestionAnswerIn,
    TenderQuestionIn,
    TenderQuestionOut,
    TenderReceiptOut,
)
from .views import file_download

router = Router(tags=["tendering"])


# --- Shaping ----------------------------------------------------------------------------------


def _receipt(receipt: selectors.TenderReceipt) -> dict:
    return {
        "reference": receipt.reference,
        "procurement_reference": receipt.procurement_reference,
        "version": receipt.version,
        "status": receipt.status,
        "submitted_at": receipt.submitted_at,
        "content_sha256": receipt.content_sha256,
        "files": [f._asdict() for f in receipt.files],
        "replaces": receipt.replaces,
        "withdrawn_at": receipt.withdrawn_at,
        "salt": receipt.salt,
        "lot": receipt.lot,
        "lot_title": receipt.lot_title,
    }


def _opened(tender: selectors.OpenedTender) -> dict:
    return {
        "tender_id": tender.tender_id,
        "reference": tender.reference,
        "supplier_id": tender.supplier.pk,
        "supplier": tender.supplier.name,
        "lot": tender.lot.number if tender.lot else "",
        "price": tender.price,
        "line_items": [
            {"description": i.description, "amount": i.amount} for i in tender.line_items
        ],
        "answers": tender.answers,
        "files": [
            {"position": n, "name": f.name, "sha256": f.sha256, "size": f.size}
            for n, f in enumerate(tender.files, start=1)
        ],
        "integrity": tender.integrity,
        "problem": tender.problem,
    }


def _box(box: selectors.TenderBox) -> dict:
    return {
        "procurement_id": box.procurement.pk,
        "status": box.procurement.status,
        "tender_deadline": box.procurement.tender_deadline,
        "count": box.count,
        "receipts": [r.__dict__ for r in box.receipts],
        "panel_size": box.panel_size,
        "confirmations": [c.__dict__ for c in box.confirmations],
        "opened_at": box.opening.opened_at if box.opening else None,
        "tenders": [_opened(t) for t in box.opened],
        "problems": [
            {
                "tender_id": p.tender_id,
                "reference": p.reference,
                "supplier": p.supplier.name,
                "integrity": p.integrity,
                "problem": p.problem,
            }
            for p in box.problems
        ],
    }


def _question(question, *, for_buyer: bool = False) -> dict:
    shaped = {
        "id": question.pk,
        "question": question.question,
        "status": question.status,
        "asked_at": question.asked_at,
        "answered_at": question.answered_at,
    }
    if for_buyer:
        shaped.update(
            supplier_id=question.supplier_id,
            supplier=question.supplier.name,
            asked_by=str(question.asked_by),
            clarification_id=question.clarification_id,
        )
    return shaped


# --- Suppliers: your tender -------------------------------------------------------------------


@router.get(
    "/{procurement_id}/tender",
    response=MyTenderOut,
    summary="Your tender and its receipts",
    openapi_extra=refusals(
        "agreements_not_accepted", "no_longer_taking_part", "not_invited_to_tender"
    ),
)
def my_tender(request: HttpRequest, procurement_id: int):
    procurement, supplier = permissions.access_procurement_as_tenderer(request.user, procurement_id)
    receipts = selectors.receipts_of(procurement, supplier)
    deadline = procurement.tender_deadline
    return {
        "procurement_id": procurement.pk,
        "procurement_reference": procurement.reference,
        "tender_deadline": deadline,
        "tender_deadline_text": clock.format_datetime(deadline) if deadline else "",
        "open_for_tenders": procurement.status == ProcurementStatus.TENDERING_OPEN
        and deadline is not None
        and clock.now() < deadline,
        "live": next(
            (_receipt(r) for r in receipts if r.status == "submitted" and not r.lot), None
        ),
        "lots": [
            {
                "number": entry.lot.number,
                "title": entry.lot.title,
                "live": entry.live and _receipt(entry.live),
            }
            for entry in selectors.tenders_by_lot(procurement, receipts)
        ],
        "max_lots_bid_per_supplier": procurement.max_lots_bid_per_supplier,
        "receipts": [_receipt(r) for r in receipts],
        "quality_criteria": [
            {"id": c.pk, "title": c.title, "description": c.description, "weight": c.weight}
            for c in selectors.quality_criteria_details(procurement)
        ],
    }


@router.post(
    "/{procurement_id}/tender",
    response={201: TenderReceiptOut},
    summary="Submit your sealed tender, or replace it with a new version",
    description=(
        "multipart/form-data: a `tender` part holding JSON "
        '(`{"price": "1250000.00", "line_items": [...], "answers": {"<criterion id>": "..."}}`) '
        "and any number of `files` parts. Refused with `tender_deadline_passed` at or after "
        "the deadline; nothing of a refused tender is stored. A procurement divided into lots "
        'takes one tender per lot: name it as `"lot": "1"` in the JSON.'
    ),
    openapi_extra=refusals(
        "agreements_not_accepted",
        "answer_missing",
        "answer_too_long",
        "empty_file",
        "file_too_large",
        "invalid_line_item",
        "invalid_price",
        "invalid_transition",
        "lot_required",
        "no_longer_taking_part",
        "not_divided_into_lots",
        "not_invited_to_tender",
        "tender_deadline_passed",
        "tendering_not_open",
        "too_many_files",
        "too_many_lots",
        "unknown_criterion",
        "unknown_lot",
    ),
)
def submit_tender(
    request: HttpRequest,
    procurement_id: int,
    tender: Form[str],
    files: File[list[UploadedFile]] = None,
):
    procurement, supplier = permissions.access_procurement_as_tenderer(request.user, procurement_id)
    try:
        data = TenderIn.model_validate_json(tender)
    except ValidationError as error:
        raise DomainError(
            "invalid_input",
            "The tender part is not valid JSON of the documented shape: "
            + "; ".join(e["msg"] for e in error.errors()),
            field="tender",
        ) from error
    receipt = services.submit_tender(
        actor=request.user,
        procurement=procurement,
        supplier=supplier,
        price=data.price,
        line_items=[item.model_dump() for item in data.line_items],
        answers=data.answers,
        files=files or [],
        lot=selectors.lot_of(procurement, data.lot),
    )
    return Status(201, _receipt(receipt))


@router.post(
    "/{procurement_id}/tender/withdraw",
    response=TenderReceiptOut,
    summary="Withdraw your tender before the deadline",
    description="With lots, name the lot whose tender you withdraw: `?lot=1`.",
    openapi_extra=refusals(
        "agreements_not_accepted",
        "invalid_transition",
        "lot_required",
        "no_longer_taking_part",
        "no_tender_to_withdraw",
        "not_divided_into_lots",
        "not_invited_to_tender",
        "tender_deadline_passed",
        "tendering_not_open",
        "unknown_lot",
    ),
)
def withdraw_tender(request: HttpRequest, procurement_id: int, lot: str | None = None):
    procurement, supplier = permissions.access_procurement_as_tenderer(request.user, procurement_id)
    return _receipt(
        services.withdraw_tender(
            actor=request.user,
            procurement=procurement,
            supplier=supplier,
            lot=selectors.lot_of(procurement, lot),
        )
    )


@router.get(
    "/{procurement_id}/tender/questions",
    response=list[TenderQuestionOut],
    summary="The questions your organisation asked",
    openapi_extra=refusals(
        "agreements_not_accepted", "no_longer_taking_part", "not_invited_to_tender"
    ),
)
def my_questions(request: HttpRequest, procurement_id: int):
    procurement, supplier = permissions.access_procurement_as_tenderer(request.user, procurement_id)
    return [_question(q) for q in selectors.questions_of(procurement, supplier)]


@router.post(
    "/{procurement_id}/tender/questions",
    response={201: TenderQuestionOut},
    summary="Ask the buyer a clarification question",
    openapi_extra=refusals(
        "agreements_not_accepted",
        "no_longer_taking_part",
        "not_invited_to_tender",
        "tender_deadline_passed",
        "tendering_not_open",
    ),
)
def ask_question(request: HttpRequest, procurement_id: int, payload: TenderQuestionIn):
    procurement, supplier = permissions.access_procurement_as_tenderer(request.user, procurement_id)
    question = services.ask_question(
        actor=request.user, procurement=procurement, supplier=supplier, question=payload.question
    )
    return Status(201, _question(question))


@router.get(
    "/{procurement_id}/tender/clarifications",
    response=list[TenderClarificationOut],
    summary="Clarifications published to every supplier (never saying who asked)",
    openapi_extra=refusals(
        "agreements_not_accepted", "no_longer_taking_part", "not_invited_to_tender"
    ),
)
def clarifications(request: HttpRequest, procurement_id: int):
    procurement, _ = permissions.access_procurement_as_tenderer(request.user, procurement_id)
    return [
        {"id": c.pk, "question": c.question, "answer": c.answer, "published_at": c.published_at}
        for c in selectors.published_clarifications(procurement)
    ]


# --- The authority: the tender box, the opening panel, opened tenders --------------------------


@router.get(
    "/{procurement_id}/tenders",
    response=TenderBoxOut,
    summary="The tender box: counts and receipts before the opening; the tenders after it",
    openapi_extra=refusals("tenders_sealed"),
)
def tender_box(request: HttpRequest, procurement_id: int):
    procurement = permissions.access_tender_box(request.user, procurement_id)
    box = selectors.tender_box(
        procurement,
        with_content=permissions.may_read_opened_tenders(request.user, procurement),
    )
    return _box(box)


@router.post(
    "/{procurement_id}/tenders/opening-confirmations",
    response=OpeningOutcomeOut,
    summary="Confirm, as an officer of the opening panel, that the tenders may be opened",
    openapi_extra=refusals(
        "already_confirmed",
        "forbidden_action",
        "invalid_transition",
        "sealing_key_unavailable",
        "tender_deadline_not_passed",
        "tenders_already_opened",
        "tenders_not_closed",
        "tenders_opened",
    ),
)
def confirm_opening(request: HttpRequest, procurement_id: int):
    procurement = permissions.access_tender_box(request.user, procurement_id)
    return services.confirm_opening(actor=request.user, procurement=procurement).__dict__


@router.get(
    "/{procurement_id}/tenders/opened",
    response=list[OpenedTenderOut],
    summary="The opened tenders (refused with tenders_sealed before the opening)",
    openapi_extra=refusals("tenders_sealed"),
)
def opened_tenders(request: HttpRequest, procurement_id: int):
    procurement = permissions.access_opened_tenders(request.user, procurement_id)
    return [_opened(t) for t in selectors.opened_tenders(procurement)]


@router.get(
    "/{procurement_id}/tenders/{tender_id}/files/{position}",
    summary="Download a file of an opened tender",
    response={200: None},
)
def opened_file(request: HttpRequest, procurement_id: int, tender_id: int, position: int):
    opened = permissions.access_opened_file(request.user, procurement_id, tender_id, position)
    return file_download(services.record_file_download(actor=request.user, opened_file=opened))


# --- The authority: tender-stage questions -----------------------------------------------------


@router.get(
    "/{procurement_id}/tender-questions",
    response=list[BuyerQuestionOut],
    summary="Suppliers' tender-stage questions, with who asked (buyers only)",
)
def question_inbox(request: HttpRequest, procurement_id: int):
    procurement = permissions.access_question_inbox(request.user, procurement_id)
    return [_question(q, for_buyer=True) for q in selectors.questions_for_buyer(procurement)]


@router.post(
    "/{procurement_id}/tender-questions/{question_id}/answer",
    response=TenderClarificationOut,
    summary="Answer a question: publish it, anonymised, with the answer to every supplier",
    openapi_extra=refusals(
        "anonymisation_not_confirmed",
        "forbidden_action",
        "not_open",
        "question_already_answered",
        "question_names_email_domain",
        "question_names_short_name",
        "question_names_supplier",
        "question_names_trading_name",
    ),
)
def answer_question(
    request: HttpRequest, procurement_id: int, question_id: int, payload: TenderQuestionAnswerIn
):
    question = permissions.access_question(request.user, procurement_id, question_id)
    clarification = services.answer_question(
        actor=request.user,
        question=question,
        answer=payload.answer,
        published_question=payload.published_question,
        confirm_anonymised=payload.confirm_anonymised,
    )
    return {
        "id": clarification.pk,
        "question": clarification.question,
        "answer": clarification.answer,
        "published_at": clarification.published_at,
    }


# --- The authority: opening policy --------------------------------------------------------------


@router.get(
    "/tender-opening-policies/{authority_id}",
    response=PolicyOut,
    summary="How many officers must confirm before an authority's tenders are opened",
)
def opening_policy(request: HttpRequest, authority_id: int):
    authority = permissions.access_opening_policy_authority(request.user, authority_id)
    return {"authority_id": authority.pk, "panel_size": selectors.panel_size_for(authority)}


@router.put(
    "/tender-opening-policies/{authority_id}",
    response=PolicyOut,
    summary="Set the size of an authority's opening panel (buyers only; at least 2)",
    openapi_extra=refusals("forbidden_action", "invalid_panel_size"),
)
def set_opening_policy(request: HttpRequest, authority_id: int, payload: PolicyIn):
    authority = permissions.access_opening_policy_authority(request.user, authority_id, "manage")
    policy = services.set_opening_policy(
        actor=request.user, authority=authority, panel_size=payload.panel_size
    )
    return {"authority_id": authority.pk, "panel_size": policy.panel_size}
