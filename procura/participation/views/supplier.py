"""The supplier's pages: the "Participate" task list under /procurements/<id>/participate/."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from procura.core import clock
from procura.core.errors import DomainError, NotFound
from procura.core.govuk import error_items, post_form
from procura.procurements.states import Status

from .. import errors, permissions, rules, selectors, services
from ..forms import (
    ResponseForm,
)
from ..models import Agreement
from ..states import WITHDRAWABLE_FROM, QuestionKind
from .common import (
    _file,
    _form_anchor,
    form_field_errors,
    page,
    refusal,
)


def _tasks(procurement, participant) -> list[dict]:
    """The Participate task list: 1 Agreements, 2 Documents, 3 Questionnaire, 4 Outcome."""
    gate = participant is not None and selectors.gate_is_current(participant)

    def url(name):
        return reverse(f"participation:{name}", kwargs={"procurement_id": procurement.pk})

    if participant is None:
        agreements_status = "Express interest first"
    elif gate:
        agreements_status = "Completed"
    else:
        agreements_status = (
            "Not yet started" if participant.status == "interested" else "Action needed"
        )
    tasks = [
        {
            "name": "Accept the agreements",
            "hint": "The non-disclosure and ethical walls agreements",
            "href": url("agreements") if participant else "",
            "status": agreements_status,
        },
        {
            "name": "Read the procurement documents",
            "hint": "",
            "href": url("documents") if gate else "",
            "status": "Available" if gate else "Cannot start yet",
        },
    ]
    if procurement.is_competitive_flexible:
        response = selectors.response_of(participant) if gate else None
        if not gate:
            status = "Cannot start yet"
        elif response and response.is_submitted:
            status = "Submitted"
        elif response:
            status = "In progress"
        else:
            status = "Not yet started"
        tasks.append(
            {
                "name": "Answer the questionnaire and give financial information",
                "hint": "Conditions of participation",
                "href": url("questionnaire") if gate else "",
                "status": status,
            }
        )
    tasks.append(
        {
            "name": "See your outcome",
            "hint": "Shortlisting and the invitation to tender",
            "href": url("outcome") if gate else "",
            "status": selectors.outcome_for(participant).status_label
            if gate
            else "Cannot start yet",
        }
    )
    return tasks


@page
def task_list(request, procurement_id: int, error: DomainError | None = None):
    procurement, suppliers, participant = permissions.access_procurement_for_interest(
        request.user, procurement_id
    )
    return render(
        request,
        "participation/supplier/task_list.html",
        {
            "procurement": procurement,
            "participant": participant,
            "suppliers": suppliers,
            "tasks": _tasks(procurement, participant),
            "deadline": procurement.participation_deadline,
            "deadline_passed": bool(
                procurement.participation_deadline
                and procurement.participation_deadline <= clock.now()
            ),
            "may_withdraw": _may_withdraw(procurement, participant),
            **(refusal(error) if error else {}),
        },
        status=400 if error else 200,
    )


@page
@require_POST
def express_interest(request, procurement_id: int):
    procurement, suppliers, _ = permissions.access_procurement_for_interest(
        request.user, procurement_id
    )
    supplier = next((s for s in suppliers if str(s.pk) == request.POST.get("supplier")), None)
    if supplier is None and len(suppliers) == 1:
        supplier = suppliers[0]
    if supplier is None:
        raise NotFound()
    try:
        services.express_interest(actor=request.user, procurement=procurement, supplier=supplier)
    except DomainError as error:
        if error.code != errors.ALREADY_INTERESTED:  # a second click: done already
            return task_list(request, procurement_id, error=error)
    messages.success(request, f"{supplier.name} has expressed interest. Accept the agreements.")
    return redirect("participation:agreements", procurement_id=procurement.pk)


@page
def agreements(request, procurement_id: int, error: DomainError | None = None):
    procurement, _, participant = permissions.access_procurement_for_interest(
        request.user, procurement_id
    )
    if participant is None:
        raise NotFound()
    return render(
        request,
        "participation/supplier/agreements.html",
        {
            "procurement": procurement,
            "participant": participant,
            "rows": selectors.agreements_to_accept(participant),
            "gate": selectors.gate_is_current(participant),
            **(refusal(error) if error else {}),
        },
        status=400 if error else 200,
    )


@page
@require_POST
def accept_agreement(request, procurement_id: int, agreement_id: int):
    procurement, _, participant = permissions.access_procurement_for_interest(
        request.user, procurement_id
    )
    agreement = Agreement.objects.filter(pk=agreement_id, procurement=procurement).first()
    if participant is None or agreement is None:
        raise NotFound()
    if request.POST.get("confirm") != "yes":
        error = DomainError(
            errors.INVALID_INPUT,
            f"Confirm that your organisation accepts the {agreement.get_kind_display().lower()}",
            field=f"confirm-{agreement.kind}",
        )
        return agreements(request, procurement_id, error=error)
    try:
        services.accept_agreement(actor=request.user, participant=participant, agreement=agreement)
    except DomainError as error:
        if error.code != errors.ALREADY_ACCEPTED:
            return agreements(request, procurement_id, error=error)
    participant.refresh_from_db()
    if selectors.gate_is_current(participant):
        messages.success(request, "Every agreement is accepted. You can now see the documents.")
        return redirect("participation:task-list", procurement_id=procurement.pk)
    messages.success(request, f"You accepted the {agreement.get_kind_display().lower()}.")
    return redirect("participation:agreements", procurement_id=procurement.pk)


@page
def documents(request, procurement_id: int):
    procurement, participant = permissions.access_procurement_as_supplier(
        request.user, procurement_id, "view"
    )
    return render(
        request,
        "participation/supplier/documents.html",
        {
            "procurement": procurement,
            "participant": participant,
            "documents": selectors.current_documents(procurement),
        },
    )


@page
def download_document(request, procurement_id: int, document_id: int):
    document, participant = permissions.access_document_for_download(
        request.user, procurement_id, document_id
    )
    services.record_document_download(
        actor=request.user, document=document, participant=participant
    )
    return _file(document.file, document.file_name)


def _questionnaire_context(procurement, participant, form=None, errors=()):
    """The questionnaire's rows and answers; `errors`, the error summary's items (a form's or a
    refusal's), also give the message by each question a refusal names."""
    response = selectors.response_of(participant)
    rows = selectors.questionnaire_rows(procurement, response)
    is_open = procurement.status == Status.PARTICIPATION_OPEN and (
        procurement.participation_deadline is None
        or clock.now() < procurement.participation_deadline
    )
    bound = form is not None and form.is_bound
    field_errors = form_field_errors(form) if bound else {}
    for item in errors:  # a refusal's problem on no field of the form: by its question
        if item.get("field") and item["field"] not in (form.fields if form else ()):
            field_errors.setdefault(item["field"], item["message"])
    for row in rows:
        question, answer = row["question"], row["answer"]
        row["anchor"] = f"question-{question.pk}"
        row["is_file"] = question.kind == QuestionKind.FILE
        row["name"] = f"{'file' if row['is_file'] else 'answer'}-{question.pk}"
        saved = answer.text if answer else ""
        row["value"] = form.data.get(row["name"], saved) if bound else saved
        row["error"] = field_errors.get(row["anchor"], "")

    def value(name, saved):
        return form.data.get(name, saved) if bound else saved

    context = {
        "procurement": procurement,
        "participant": participant,
        "response": response,
        "rows": rows,
        "is_open": is_open,
        "submitted": bool(response and response.is_submitted),
        "deadline": procurement.participation_deadline,
        "errors": list(errors),
        "field_errors": field_errors,
        "turnover": value(
            "annual_turnover",
            f"{response.annual_turnover:.2f}"
            if response and response.annual_turnover is not None
            else "",
        ),
        "financial_information": value(
            "financial_information", response.financial_information if response else ""
        ),
    }
    return context


@page
def questionnaire(request, procurement_id: int):
    procurement, participant = permissions.access_procurement_as_supplier(
        request.user, procurement_id, "respond"
    )
    questions = selectors.questions_of(procurement)
    form = ResponseForm(request.POST or None, request.FILES or None, questions=questions)

    def saved(_result):
        if request.POST.get("action") == "review":
            return redirect("participation:check", procurement_id=procurement.pk)
        messages.success(request, "Your answers have been saved as a draft.")
        return redirect("participation:questionnaire", procurement_id=procurement.pk)

    def shown(*, errors, status):
        context = _questionnaire_context(
            procurement, participant, form if form.is_bound else None, errors
        )
        return render(request, "participation/supplier/questionnaire.html", context, status=status)

    return post_form(
        request,
        form,
        lambda f: services.save_response(
            actor=request.user,
            participant=participant,
            answers=f.answers(),
            files=f.files_given(),
            annual_turnover=f.cleaned_data["annual_turnover"],
            financial_information=f.cleaned_data["financial_information"],
            financial_evidence=f.cleaned_data.get("financial_evidence"),
        ),
        success=saved,
        page=shown,
        anchors=_form_anchor(form),
    )


@page
def own_answer_file(request, procurement_id: int, question_id: int):
    answer = permissions.access_own_answer_file(request.user, procurement_id, question_id)
    return _file(answer.file, answer.file_name)


@page
def own_financial_evidence(request, procurement_id: int):
    response = permissions.access_own_financial_evidence(request.user, procurement_id)
    return _file(response.financial_evidence, response.financial_evidence_name)


@page
def check_answers(request, procurement_id: int):
    procurement, participant = permissions.access_procurement_as_supplier(
        request.user, procurement_id, "respond"
    )
    error = None
    if request.method == "POST":
        try:
            services.submit_response(actor=request.user, participant=participant)
        except DomainError as refused:
            error = refused
        else:
            return redirect("participation:receipt", procurement_id=procurement.pk)
    context = _questionnaire_context(
        procurement, participant, errors=error_items(error) if error else ()
    )
    if error is not None:
        # Each missing answer links back to its question on the questionnaire page.
        for item in context["errors"]:
            if item["href"]:
                item["href"] = (
                    f"/procurements/{procurement.pk}/participate/questionnaire/" + item["href"]
                )
    return render(
        request,
        "participation/supplier/check.html",
        context,
        status=400 if error else 200,
    )


@page
def receipt(request, procurement_id: int):
    procurement, participant = permissions.access_procurement_as_supplier(
        request.user, procurement_id, "respond"
    )
    response = selectors.response_of(participant)
    if response is None or not response.is_submitted:
        raise NotFound()
    return render(
        request,
        "participation/supplier/receipt.html",
        {"procurement": procurement, "participant": participant, "response": response},
    )


@page
def outcome(request, procurement_id: int):
    procurement, participant = permissions.access_procurement_as_supplier(
        request.user, procurement_id, "view_outcome"
    )
    return render(
        request,
        "participation/supplier/outcome.html",
        {
            "procurement": procurement,
            "participant": participant,
            "outcome": selectors.outcome_for(participant),
        },
    )


def _may_withdraw(procurement, participant) -> bool:
    return (
        participant is not None
        and participant.status in WITHDRAWABLE_FROM
        and procurement.status in rules.WITHDRAWAL_OPEN
    )


@page
def withdraw(request, procurement_id: int):
    """Confirm, then withdraw the supplier from the procurement (a GOV.UK warning first)."""
    procurement, _, participant = permissions.access_procurement_for_interest(
        request.user, procurement_id
    )
    if participant is None:
        raise NotFound()
    context = {
        "procurement": procurement,
        "participant": participant,
        "reason": request.POST.get("reason", ""),
        "tendering_open": procurement.status == Status.TENDERING_OPEN,
        "errors": [],
        "field_errors": {},
    }
    status = 200
    if request.method != "POST" and not _may_withdraw(procurement, participant):
        return redirect("participation:task-list", procurement_id=procurement.pk)
    if request.method == "POST":
        try:
            withdrawn = services.withdraw_participation(
                actor=request.user,
                procurement=procurement,
                supplier=participant.supplier,
                reason=context["reason"],
            )
        except DomainError as error:
            context.update(refusal(error))
            status = 400
        else:
            message = f"{withdrawn.supplier.name} has withdrawn from this procurement."
            if withdrawn.tenders_withdrawn:
                message += (
                    f" Your tender {' and '.join(withdrawn.tenders_withdrawn)} was withdrawn "
                    "with it."
                )
            messages.success(request, message)
            return redirect("participation:task-list", procurement_id=procurement.pk)
    return render(request, "participation/supplier/withdraw.html", context, status=status)
