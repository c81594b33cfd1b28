"""The tendering pages. Thin: access -> one service or selector -> render. A refusal is shown
in the GOV.UK error summary with the service's own words; forbidden looks like not found."""

import dataclasses
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from procura.core import clock
from procura.core.errors import DomainError, NotFound
from procura.core.govuk import error_items, post_form
from procura.core.views import not_found_as_404
from procura.procurements.states import Status

from . import permissions, selectors, services
from .forms import AnswerForm, QuestionForm, TenderForm

# Where each field-level error links to on the pages (GOV.UK error summary hrefs).
FIELD_IDS = {
    "price": "price",
    "lot": "lot",
    "line_items": "line-item-description-1",
    "files": "files",
    "question": "question",
    "answer": "answer",
    "published_question": "published-question",
    "confirm_anonymised": "confirm-anonymised",
    "panel_size": "panel-size",
}


def _field_id(problem: dict) -> str:
    """The id a problem's field has on these pages ("" for none)."""
    field = problem.get("field") or ""
    if field.startswith("answers."):
        return "answer-" + field.split(".", 1)[1]
    return FIELD_IDS.get(field, "")


def _field_errors(entries: list[dict]) -> dict:
    """The message for each field in error, from the error summary's entries."""
    return {
        entry["field"].replace("answers.", "answer_"): entry["message"]
        for entry in entries
        if entry["field"]
    }


def _refusal(error: DomainError) -> tuple[list[dict], dict]:
    """The GOV.UK error summary entries and the message for each field in error."""
    if isinstance(error, NotFound):
        raise error
    entries = error_items(error, anchors=_field_id)
    return entries, _field_errors(entries)


def _post(request, form, call, *, success, page):
    """A tendering form through `post_form`: the one service, then `success(result)`; on a
    refusal `page(errors=..., field_errors=..., status=400)`, its problems linked to their ids."""

    def shown(*, errors, status):
        return page(errors=errors, field_errors=_field_errors(errors), status=status)

    return post_form(request, form, call, success=success, page=shown, anchors=_field_id)


# --- Suppliers: your tender -------------------------------------------------------------------


def _answer_field(form, criterion, field_errors: dict) -> dict:
    """One answer box: what was typed, its error, and the ids of the hint and the error that
    describe it (aria-describedby)."""
    error = field_errors.get(f"answer_{criterion.pk}", "")
    described_by = [
        f"answer-{criterion.pk}-{part}"
        for part, shown in (("hint", criterion.description), ("error", error))
        if shown
    ]
    return {
        "criterion": criterion,
        "value": form[f"answer_{criterion.pk}"].value() or "",
        "error": error,
        "described_by": " ".join(described_by),
    }


def _your_tender_page(
    request,
    procurement,
    supplier,
    *,
    form=None,
    question_form=None,
    errors=(),
    field_errors=None,
    status=200,
):
    criteria = selectors.quality_criteria_details(procurement)
    form = form or TenderForm(criteria=criteria)
    field_errors = field_errors or {}
    receipts = selectors.receipts_of(procurement, supplier)
    lots = selectors.tenders_by_lot(procurement, receipts)
    chosen_lot = (request.POST.get("lot") or request.GET.get("lot") or "").strip()
    deadline = procurement.tender_deadline
    return render(
        request,
        "tendering/your_tender.html",
        {
            "procurement": procurement,
            "supplier": supplier,
            "deadline_text": clock.format_datetime(deadline) if deadline else "",
            "open_for_tenders": procurement.status == Status.TENDERING_OPEN
            and deadline is not None
            and clock.now() < deadline,
            "live": next((r for r in receipts if r.status == "submitted" and not r.lot), None),
            "lots": lots,
            "chosen_lot": chosen_lot,
            "chosen_live": next(
                (e.live for e in lots if e.lot.number == chosen_lot and e.live), None
            ),
            "receipts": receipts,
            "form": form,
            "answers": [_answer_field(form, criterion, field_errors) for criterion in criteria],
            "line_item_rows": form.rows(),
            "question_form": question_form or QuestionForm(),
            "questions": selectors.questions_of(procurement, supplier),
            "clarifications": selectors.published_clarifications(procurement),
            "errors": list(errors),
            "field_errors": field_errors,
        },
        status=status,
    )


@login_required
@not_found_as_404
def your_tender(request, pk: int):
    procurement, supplier = permissions.access_procurement_as_tenderer(request.user, pk)
    if request.method != "POST":
        return _your_tender_page(request, procurement, supplier)
    form = TenderForm(request.POST, criteria=selectors.quality_criteria_details(procurement))

    def submitted(receipt):
        # Post/redirect/get, so that reloading the receipt never sends the tender again. The
        # salt is never stored in the clear: it rides in the session once, to the receipt page,
        # and is gone.
        request.session[_RECEIPT_SALT] = {
            "reference": receipt.reference,
            "salt": receipt.salt,
            "files": [list(f) for f in receipt.files],
        }
        return redirect("tendering:receipt", pk=procurement.pk, reference=receipt.reference)

    return _post(
        request,
        form,
        lambda f: services.submit_tender(
            actor=request.user,
            procurement=procurement,
            supplier=supplier,
            files=request.FILES.getlist("files"),
            lot=selectors.lot_of(procurement, request.POST.get("lot")),
            **f.tender_data(),
        ),
        success=submitted,
        page=lambda **shown: _your_tender_page(request, procurement, supplier, form=form, **shown),
    )


_RECEIPT_SALT = "tendering.receipt_salt"


@login_required
@not_found_as_404
def receipt(request, pk: int, reference: str):
    """One of the supplier's own receipts; right after submission it also shows the salt and
    the file names (sealed, so known only then)."""
    procurement, supplier = permissions.access_procurement_as_tenderer(request.user, pk)
    found = next(
        (r for r in selectors.receipts_of(procurement, supplier) if r.reference == reference),
        None,
    )
    if found is None:
        raise Http404()
    once = request.session.pop(_RECEIPT_SALT, None)
    if once and once.get("reference") == reference:
        found = dataclasses.replace(
            found,
            salt=once["salt"],
            files=tuple(selectors.ReceiptFile(*f) for f in once["files"]),
        )
    return render(request, "tendering/receipt.html", {"procurement": procurement, "receipt": found})


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def withdraw_tender(request, pk: int):
    """GET: a confirmation page naming the live tender (for the lot in `?lot=`); POST:
    withdraw it. A withdrawal cannot be undone, only followed by a new tender, so the tender
    page links here rather than withdrawing at one click."""
    procurement, supplier = permissions.access_procurement_as_tenderer(request.user, pk)
    if request.method == "GET":
        lot_number = (request.GET.get("lot") or "").strip()
        live = next(
            (
                r
                for r in selectors.receipts_of(procurement, supplier)
                if r.status == "submitted" and (r.lot or "") == lot_number
            ),
            None,
        )
        if live is None:
            return redirect("tendering:your-tender", pk=procurement.pk)
        deadline = procurement.tender_deadline
        return render(
            request,
            "tendering/withdraw.html",
            {
                "procurement": procurement,
                "supplier": supplier,
                "live": live,
                "deadline_text": clock.format_datetime(deadline) if deadline else "",
            },
        )
    try:
        receipt = services.withdraw_tender(
            actor=request.user,
            procurement=procurement,
            supplier=supplier,
            lot=selectors.lot_of(procurement, request.POST.get("lot")),
        )
    except DomainError as error:
        entries, field_errors = _refusal(error)
        return _your_tender_page(
            request, procurement, supplier, errors=entries, field_errors=field_errors, status=400
        )
    of_lot = f" for lot {receipt.lot}" if receipt.lot else ""
    messages.success(request, f"Your tender {receipt.reference}{of_lot} was withdrawn.")
    return redirect("tendering:your-tender", pk=procurement.pk)


@login_required
@require_POST
@not_found_as_404
def ask_question(request, pk: int):
    procurement, supplier = permissions.access_procurement_as_tenderer(request.user, pk)
    question_form = QuestionForm(request.POST)

    def asked(_result):
        messages.success(request, "Your question was sent to the buyer.")
        return redirect("tendering:your-tender", pk=procurement.pk)

    return _post(
        request,
        question_form,
        lambda f: services.ask_question(
            actor=request.user,
            procurement=procurement,
            supplier=supplier,
            question=f.cleaned_data.get("question", ""),
        ),
        success=asked,
        page=lambda **shown: _your_tender_page(
            request, procurement, supplier, question_form=question_form, **shown
        ),
    )


# --- The authority: the tender box and the opening panel ---------------------------------------


def _tenders_page(request, procurement, *, errors=(), status=200):
    return render(
        request,
        "tendering/tenders.html",
        {
            "procurement": procurement,
            "box": selectors.tender_box(
                procurement,
                with_content=permissions.may_read_opened_tenders(request.user, procurement),
            ),
            "deadline_text": (
                clock.format_datetime(procurement.tender_deadline)
                if procurement.tender_deadline
                else ""
            ),
            "confirmed_by_you": selectors.has_confirmed_opening(procurement, request.user),
            "errors": list(errors),
        },
        status=status,
    )


@login_required
@not_found_as_404
def tenders(request, pk: int):
    return _tenders_page(request, permissions.access_tender_box(request.user, pk))


@login_required
@require_POST
@not_found_as_404
def confirm_opening(request, pk: int):
    procurement = permissions.access_tender_box(request.user, pk)
    try:
        outcome = services.confirm_opening(actor=request.user, procurement=procurement)
    except DomainError as error:
        entries, _ = _refusal(error)
        return _tenders_page(request, procurement, errors=entries, status=400)
    if outcome.opened:
        messages.success(request, f"The tenders were opened: {outcome.tenders_opened} received.")
    else:
        messages.success(
            request,
            f"You confirmed the opening ({outcome.confirmations} of {outcome.panel_size} "
            "officers).",
        )
    return redirect("tendering:tenders", pk=procurement.pk)


@login_required
@not_found_as_404
def opened_tender(request, pk: int, tender_id: int):
    unsealed = permissions.access_opened_tender(request.user, pk, tender_id)
    procurement = unsealed.tender.procurement
    criteria = selectors.quality_criteria_details(procurement)
    return render(
        request,
        "tendering/opened_tender.html",
        {
            "procurement": procurement,
            "unsealed": unsealed,
            "answers": [
                {"criterion": c, "text": unsealed.answers.get(str(c.pk), "")} for c in criteria
            ],
            "files": unsealed.files.defer("content").order_by("position"),
        },
    )


@login_required
@not_found_as_404
def opened_file(request, pk: int, tender_id: int, position: int):
    opened = permissions.access_opened_file(request.user, pk, tender_id, position)
    return file_download(services.record_file_download(actor=request.user, opened_file=opened))


def file_download(opened) -> HttpResponse:
    """An opened tender's file as an attachment, with the SHA-256 its receipt gave."""
    response = HttpResponse(bytes(opened.content), content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(opened.name, safe='')}"
    response["X-Content-SHA256"] = opened.sha256
    return response


# --- The authority: tender-stage questions -----------------------------------------------------


@login_required
@not_found_as_404
def question_inbox(request, pk: int):
    procurement = permissions.access_question_inbox(request.user, pk)
    return render(
        request,
        "tendering/questions.html",
        {"procurement": procurement, "questions": selectors.questions_for_buyer(procurement)},
    )


@login_required
@not_found_as_404
def answer_question(request, pk: int, question_id: int):
    question = permissions.access_question(request.user, pk, question_id)
    if request.method != "POST":
        form = AnswerForm(initial={"published_question": question.question})
        return _answer_page(request, question, form)
    form = AnswerForm(request.POST)

    def answered(_result):
        messages.success(request, "The clarification was published to every supplier.")
        return redirect("tendering:questions", pk=question.procurement_id)

    return _post(
        request,
        form,
        lambda f: services.answer_question(
            actor=request.user,
            question=question,
            answer=f.cleaned_data.get("answer", ""),
            published_question=f.cleaned_data.get("published_question", ""),
            confirm_anonymised=bool(f.cleaned_data.get("confirm_anonymised")),
        ),
        success=answered,
        page=lambda **shown: _answer_page(request, question, form, **shown),
    )


def _answer_page(request, question, form, *, errors=(), field_errors=None, status=200):
    return render(
        request,
        "tendering/answer_question.html",
        {
            "procurement": question.procurement,
            "question": question,
            "form": form,
            "errors": list(errors),
            "field_errors": field_errors or {},
        },
        status=status,
    )
