"""The buyer's set-up pages under /procurements/<id>/participation/: overview, agreements,
documents, questionnaire."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from procura.accounts.selectors import has_role
from procura.accounts.states import Role
from procura.core.errors import DomainError, NotFound
from procura.procurements.states import Status

from .. import permissions, selectors, services
from ..forms import (
    AgreementForm,
    DocumentForm,
    QuestionForm,
)
from ..models import Question
from ..states import REQUIRED_AGREEMENTS, ParticipantStatus
from .common import (
    form_page,
    page,
    refusal,
)


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

    return form_page(request, form, call, success=done, render_page=render_page)


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
