"""The participation pages: the supplier's "Participate" task list and the buyer's stage pages.

Thin: parse -> access (permissions) -> one service or selector -> render. A refusal re-shows the
page with the GOV.UK error summary (status 400); forbidden looks like not found (404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from procura.accounts.selectors import has_role
from procura.accounts.states import Role
from procura.core import clock
from procura.core.errors import DomainError, NotFound
from procura.core.govuk import DateField, error_items, field_messages, post_form, problems_of
from procura.core.views import not_found_as_404
from procura.procurements.states import Status
from procura.timescales.rules import earliest_tender_deadline

from . import errors, permissions, rules, selectors, services
from .forms import (
    AgreementForm,
    AssessmentForm,
    DocumentForm,
    ExclusionForm,
    InvitationForm,
    QuestionForm,
    ResponseForm,
)
from .models import Agreement, Question
from .states import REQUIRED_AGREEMENTS, WITHDRAWABLE_FROM, ParticipantStatus, QuestionKind


def page(view):
    """Signed-in people only; an access function's NotFound is the 404 page."""
    return login_required(not_found_as_404(view))


def _anchor(name: str) -> str:
    """The id of the input a field's error links to: `question-<id>` for an answer."""
    for prefix in ("answer-", "file-", "result-", "score-"):
        if name.startswith(prefix):
            return "question-" + name.removeprefix(prefix)
    return name


def _form_anchor(form):
    """Where a form's error links on these pages: the input's id (the field's name, or the
    question's), or a date input's first box."""
    dates = {name for name, field in form.fields.items() if isinstance(field, DateField)}

    def anchor(problem: dict) -> str | None:
        field = problem.get("field")
        if not field:
            return ""
        return None if field in dates or field == "__all__" else _anchor(field)

    return anchor


def form_error_items(form) -> list[dict]:
    return error_items(form, anchors=_form_anchor(form))


def form_field_errors(form) -> dict[str, str]:
    """The first error of each field, keyed by the id of its input."""
    return {_anchor(name): message for name, message in field_messages(form).items()}


def _attach_dates(form, error: DomainError, *, fields: dict | None = None) -> None:
    """A refusal about a date shown by its date input (the other fields show `field_errors`)."""
    dates = {name for name, field in form.fields.items() if isinstance(field, DateField)}
    for problem in problems_of(error):
        name = (fields or {}).get(problem.get("field"), problem.get("field"))
        if name in dates:
            form.add_error(name, problem["message"])


def refusal(error: DomainError, *, anchors: dict | None = None) -> dict:
    """A service's refusal as the page's error summary and the message by each field."""
    return {"errors": error_items(error, anchors=anchors), "field_errors": field_messages(error)}


def _file(field_file, name: str) -> FileResponse:
    return FileResponse(field_file.open("rb"), as_attachment=True, filename=name)


# --- The supplier's pages ---------------------------------------------------------------------


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


def _questionnaire_context(procurement, participant, form=None, error=None):
    response = selectors.response_of(participant)
    rows = selectors.questionnaire_rows(procurement, response)
    is_open = procurement.status == Status.PARTICIPATION_OPEN and (
        procurement.participation_deadline is None
        or clock.now() < procurement.participation_deadline
    )
    bound = form is not None and form.is_bound
    field_errors = form_field_errors(form) if bound else {}
    if error is not None:
        field_errors = {**field_messages(error), **field_errors}
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
        "errors": form_error_items(form) if bound and form.errors else [],
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
    if error is not None:
        context["errors"] = error_items(error)
    return context


@page
def questionnaire(request, procurement_id: int):
    procurement, participant = permissions.access_procurement_as_supplier(
        request.user, procurement_id, "respond"
    )
    if request.method != "POST":
        return render(
            request,
            "participation/supplier/questionnaire.html",
            _questionnaire_context(procurement, participant),
        )
    questions = selectors.questions_of(procurement)
    form = ResponseForm(request.POST, request.FILES, questions=questions)
    if not form.is_valid():
        return render(
            request,
            "participation/supplier/questionnaire.html",
            _questionnaire_context(procurement, participant, form),
            status=400,
        )
    try:
        services.save_response(
            actor=request.user,
            participant=participant,
            answers=form.answers(),
            files=form.files_given(),
            annual_turnover=form.cleaned_data["annual_turnover"],
            financial_information=form.cleaned_data["financial_information"],
            financial_evidence=form.cleaned_data.get("financial_evidence"),
        )
    except DomainError as error:
        return render(
            request,
            "participation/supplier/questionnaire.html",
            _questionnaire_context(procurement, participant, form, error),
            status=400,
        )
    if request.POST.get("action") == "review":
        return redirect("participation:check", procurement_id=procurement.pk)
    messages.success(request, "Your answers have been saved as a draft.")
    return redirect("participation:questionnaire", procurement_id=procurement.pk)


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
    context = _questionnaire_context(procurement, participant, error=error)
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


# --- The buyer's pages ------------------------------------------------------------------------


def _buyer(request, procurement_id, action="view"):
    return permissions.access_procurement_as_buyer(request.user, procurement_id, action)


def _is_buyer(request, procurement) -> bool:
    return has_role(request.user, Role.BUYER, procurement.authority)


@page
def buyer_overview(request, procurement_id: int):
    procurement = _buyer(request, procurement_id)
    participants = selectors.participants_for_buyer(procurement)
    counts = {}
    for participant in participants:
        counts[participant.status] = counts.get(participant.status, 0) + 1
    return render(
        request,
        "participation/buyer/overview.html",
        {
            "procurement": procurement,
            "participants": participants,
            "counts": [(ParticipantStatus(s).label, n) for s, n in counts.items()],
            "current_agreements": selectors.current_agreements(procurement),
            "required": REQUIRED_AGREEMENTS,
            "documents": selectors.current_documents(procurement),
            "questions": selectors.questions_of(procurement),
            "is_buyer": _is_buyer(request, procurement),
        },
    )


def _buyer_form(request, procurement, form, call, *, success, then: str, render_page):
    """A buyer's form on a participation page: the one service, the `success(result)` message
    and back to `then`, or the page again with the GOV.UK error summary."""

    def done(result):
        messages.success(request, success(result))
        return redirect(then, procurement_id=procurement.pk)

    def page(*, errors, status):
        context = {"errors": errors, "field_errors": form_field_errors(form) if errors else {}}
        return render_page(context, status)

    return post_form(request, form, call, success=done, page=page, anchors=_form_anchor(form))


@page
def buyer_agreements(request, procurement_id: int):
    procurement = _buyer(request, procurement_id, "manage" if request.method == "POST" else "view")
    form = AgreementForm(request.POST or None)

    def render_page(context, status):
        current = selectors.current_agreements(procurement)
        context |= {
            "procurement": procurement,
            "form": form,
            "history": selectors.agreement_history(procurement),
            "current_ids": {a.pk for a in current.values()},
            "is_buyer": _is_buyer(request, procurement),
        }
        return render(request, "participation/buyer/agreements.html", context, status=status)

    return _buyer_form(
        request,
        procurement,
        form,
        lambda f: services.issue_agreement(
            actor=request.user, procurement=procurement, **f.cleaned_data
        ),
        success=lambda agreement: (
            f"Version {agreement.version} of the "
            f"{agreement.get_kind_display().lower()} has been issued."
        ),
        then="participation:buyer-agreements",
        render_page=render_page,
    )


@page
def buyer_documents(request, procurement_id: int):
    procurement = _buyer(request, procurement_id, "manage" if request.method == "POST" else "view")
    form = DocumentForm(request.POST or None, request.FILES or None)

    def render_page(context, status):
        context |= {
            "procurement": procurement,
            "form": form,
            "documents": selectors.documents_of(procurement),
            "is_buyer": _is_buyer(request, procurement),
        }
        return render(request, "participation/buyer/documents.html", context, status=status)

    return _buyer_form(
        request,
        procurement,
        form,
        lambda f: services.upload_document(
            actor=request.user,
            procurement=procurement,
            title=f.cleaned_data["title"],
            description=f.cleaned_data["description"],
            uploaded_file=f.cleaned_data["file"],
        ),
        success=lambda document: f"{document} has been uploaded.",
        then="participation:buyer-documents",
        render_page=render_page,
    )


def _questionnaire_page(request, procurement, form, context, status):
    context.update(
        {
            "procurement": procurement,
            "form": form,
            "questions": selectors.questions_of(procurement),
            "editable": procurement.status == Status.DRAFT and procurement.is_competitive_flexible,
            "is_buyer": _is_buyer(request, procurement),
        }
    )
    return render(request, "participation/buyer/questionnaire.html", context, status=status)


@page
def buyer_questionnaire(request, procurement_id: int):
    procurement = _buyer(request, procurement_id, "manage" if request.method == "POST" else "view")
    form = QuestionForm(request.POST or None, initial={"required": True})
    return _buyer_form(
        request,
        procurement,
        form,
        lambda f: services.add_question(
            actor=request.user, procurement=procurement, **f.cleaned_data
        ),
        success=lambda _question: "The question has been added.",
        then="participation:buyer-questionnaire",
        render_page=lambda context, status: _questionnaire_page(
            request, procurement, form, context, status
        ),
    )


@page
@require_POST
def buyer_remove_question(request, procurement_id: int, question_id: int):
    procurement = _buyer(request, procurement_id, "manage")
    question = Question.objects.filter(pk=question_id, procurement=procurement).first()
    if question is None:
        raise NotFound()
    try:
        services.remove_question(actor=request.user, question=question)
    except DomainError as error:
        form = QuestionForm(initial={"required": True})
        return _questionnaire_page(request, procurement, form, refusal(error), 400)
    messages.success(request, f"Question {question.position} has been removed.")
    return redirect("participation:buyer-questionnaire", procurement_id=procurement.pk)


@page
def buyer_responses(request, procurement_id: int):
    procurement = _buyer(request, procurement_id)
    return render(
        request,
        "participation/buyer/responses.html",
        {
            "procurement": procurement,
            "participants": selectors.participants_for_buyer(procurement),
            "is_buyer": _is_buyer(request, procurement),
        },
    )


@page
def buyer_response(request, procurement_id: int, participant_id: int):
    action = "manage" if request.method == "POST" else "view"
    procurement, participant = permissions.access_participant_as_buyer(
        request.user, procurement_id, participant_id, action
    )
    response = selectors.response_of(participant)
    submitted = response is not None and response.is_submitted
    questions = selectors.questions_of(procurement)
    form = AssessmentForm(request.POST or None, questions=questions)
    context = {"errors": [], "field_errors": {}}
    status = 200
    if request.method == "POST":
        if not submitted:
            raise NotFound()
        if form.is_valid():
            try:
                services.assess_response(
                    actor=request.user,
                    participant=participant,
                    marks=form.marks(),
                    financial_result=form.cleaned_data["financial_result"],
                    financial_comment=form.cleaned_data["financial_comment"],
                )
            except DomainError as error:
                context.update(refusal(error))
                status = 400
            else:
                messages.success(request, f"The assessment of {participant.supplier} is saved.")
                return redirect(
                    "participation:buyer-response",
                    procurement_id=procurement.pk,
                    participant_id=participant.pk,
                )
        else:
            context["errors"] = form_error_items(form)
            status = 400
    rows = selectors.questionnaire_rows(procurement, response) if submitted else []
    field_errors = {**context["field_errors"], **(form_field_errors(form) if form.is_bound else {})}
    for row in rows:
        question, answer = row["question"], row["answer"]
        row["anchor"] = f"question-{question.pk}"
        row["scored"] = question.kind == QuestionKind.SCORED
        if form.is_bound:
            row["result"] = form.data.get(f"result-{question.pk}", "")
            row["score"] = form.data.get(f"score-{question.pk}", "")
            row["comment"] = form.data.get(f"comment-{question.pk}", "")
        else:
            row["result"] = answer.result if answer else ""
            row["score"] = "" if answer is None or answer.score is None else answer.score
            row["comment"] = answer.comment if answer else ""
        row["error"] = field_errors.get(row["anchor"], "")
    context.update(
        {
            "procurement": procurement,
            "participant": participant,
            "response": response if submitted else None,
            "rows": rows,
            "summary": selectors.assessment_summary(participant) if submitted else None,
            "decisions": selectors.exclusion_decisions_of(participant),
            "assessable": submitted
            and procurement.status == Status.PARTICIPATION_CLOSED
            and participant.status == ParticipantStatus.SUBMITTED
            and _is_buyer(request, procurement),
            "financial_result": form.data.get("financial_result", "")
            if form.is_bound
            else (response.financial_result if submitted else ""),
            "financial_comment": form.data.get("financial_comment", "")
            if form.is_bound
            else (response.financial_comment if submitted else ""),
            "field_errors": field_errors,
        }
    )
    return render(request, "participation/buyer/response.html", context, status=status)


@page
def buyer_answer_file(request, procurement_id: int, participant_id: int, question_id: int):
    _, _, response = permissions.access_submitted_response(
        request.user, procurement_id, participant_id
    )
    answer = selectors.answers_by_question(response).get(question_id)
    if answer is None or not answer.file:
        raise NotFound()
    return _file(answer.file, answer.file_name)


@page
def buyer_financial_evidence(request, procurement_id: int, participant_id: int):
    _, _, response = permissions.access_submitted_response(
        request.user, procurement_id, participant_id
    )
    if not response.financial_evidence:
        raise NotFound()
    return _file(response.financial_evidence, response.financial_evidence_name)


@page
def buyer_exclusion(request, procurement_id: int, participant_id: int):
    action = "manage" if request.method == "POST" else "view"
    procurement, participant = permissions.access_participant_as_buyer(
        request.user, procurement_id, participant_id, action
    )
    form = ExclusionForm(request.POST or None, initial={"decided_on": clock.today()})
    context = {"errors": [], "field_errors": {}}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_exclusion_decision(
                    actor=request.user,
                    participant=participant,
                    outcome=data["outcome"],
                    ground_type=data["ground_type"],
                    ground=data["ground"],
                    representations=data["representations"],
                    representations_invited_on=data["representations_invited_on"],
                    evidence=data["evidence"],
                    reasons=data["reasons"],
                    decided_on=data["decided_on"],
                )
            except DomainError as error:
                context.update(refusal(error))
                _attach_dates(form, error)
                status = 400
            else:
                messages.success(request, f"The decision about {participant.supplier} is recorded.")
                return redirect("participation:buyer-responses", procurement_id=procurement.pk)
        else:
            context["errors"] = form_error_items(form)
            context["field_errors"] = form_field_errors(form)
            status = 400
    today = clock.today()
    context.update(
        {
            "procurement": procurement,
            "participant": participant,
            "form": form,
            "decisions": selectors.exclusion_decisions_of(participant),
            "is_buyer": _is_buyer(request, procurement),
            "notification_due_if_today": rules.minister_notification_due("excluded", today),
        }
    )
    return render(request, "participation/buyer/exclusion.html", context, status=status)


@page
def buyer_shortlist(request, procurement_id: int):
    procurement = _buyer(request, procurement_id, "manage" if request.method == "POST" else "view")
    participants = selectors.participants_for_buyer(procurement)
    eligible = [p for p in participants if p.status == ParticipantStatus.SUBMITTED]
    context = {"errors": [], "field_errors": {}}
    status = 200
    if request.method == "POST":
        chosen = set(request.POST.getlist("shortlisted"))
        shortlisted, not_shortlisted = {}, {}
        for participant in eligible:
            reason = request.POST.get(f"reason-{participant.pk}", "")
            (shortlisted if str(participant.pk) in chosen else not_shortlisted)[participant.pk] = (
                reason
            )
        try:
            services.decide_shortlist(
                actor=request.user,
                procurement=procurement,
                shortlisted=shortlisted,
                not_shortlisted=not_shortlisted,
            )
        except DomainError as error:
            context.update(refusal(error))
            status = 400
        else:
            messages.success(request, f"{len(shortlisted)} suppliers have been shortlisted.")
            return redirect("participation:buyer-invite", procurement_id=procurement.pk)
    eligible.sort(key=lambda p: (-(p.assessment.score if p.assessment else 0), p.supplier.name))
    chosen = set(request.POST.getlist("shortlisted"))
    for participant in eligible:
        participant.form_checked = str(participant.pk) in chosen
        participant.form_reason = request.POST.get(f"reason-{participant.pk}", "")
    context.update(
        {
            "procurement": procurement,
            "eligible": eligible,
            "decided": [
                p
                for p in participants
                if p.status in {ParticipantStatus.INVITED, ParticipantStatus.NOT_SHORTLISTED}
            ],
            "excluded": [p for p in participants if p.status == ParticipantStatus.EXCLUDED],
            "can_decide": procurement.status == Status.PARTICIPATION_CLOSED
            and bool(eligible)
            and _is_buyer(request, procurement),
        }
    )
    return render(request, "participation/buyer/shortlist.html", context, status=status)


@page
def buyer_invite(request, procurement_id: int):
    procurement = _buyer(request, procurement_id, "manage" if request.method == "POST" else "view")
    form = InvitationForm(request.POST or None)
    context = {"errors": [], "field_errors": {}}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.invite_to_tender(
                    actor=request.user,
                    procurement=procurement,
                    tender_deadline=form.cleaned_data["deadline"],
                )
            except DomainError as error:
                # The date input's id on this page is `deadline`.
                context.update(refusal(error, anchors={"tender_deadline": "deadline"}))
                _attach_dates(form, error, fields={"tender_deadline": "deadline"})
                status = 400
            else:
                messages.success(request, "The shortlisted suppliers are invited to tender.")
                return redirect("participation:buyer-overview", procurement_id=procurement.pk)
        else:
            context["errors"] = form_error_items(form)
            status = 400
    facts = rules.invitation_tendering_facts(
        procurement.tendering_facts, urgency=procurement.urgency
    )
    earliest, period = earliest_tender_deadline(clock.today(), facts)
    context.update(
        {
            "procurement": procurement,
            "form": form,
            "invited": selectors.invited_suppliers(procurement),
            "earliest": earliest,
            "period": period,
            "can_invite": procurement.status == Status.PARTICIPATION_CLOSED
            and _is_buyer(request, procurement),
        }
    )
    return render(request, "participation/buyer/invite.html", context, status=status)
