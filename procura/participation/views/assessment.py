"""The buyer's assessment pages: responses, exclusion, the shortlist, the invitation to tender."""

from django.contrib import messages
from django.shortcuts import redirect, render

from procura.core import clock
from procura.core.errors import DomainError, NotFound
from procura.core.govuk import DateTimeField
from procura.procurements.states import Status
from procura.timescales.rules import earliest_tender_deadline

from .. import permissions, rules, selectors, services
from ..forms import (
    AssessmentForm,
    ExclusionForm,
    InvitationForm,
)
from ..states import ParticipantStatus, QuestionKind
from .buyer import _buyer, _is_buyer
from .common import (
    _file,
    _form_anchor,
    form_page,
    page,
    refusal,
)


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
    if request.method == "POST" and not submitted:
        raise NotFound()

    def assessed(_result):
        messages.success(request, f"The assessment of {participant.supplier} is saved.")
        return redirect(
            "participation:buyer-response",
            procurement_id=procurement.pk,
            participant_id=participant.pk,
        )

    return form_page(
        request,
        form,
        lambda f: services.assess_response(
            actor=request.user,
            participant=participant,
            marks=f.marks(),
            financial_result=f.cleaned_data["financial_result"],
            financial_comment=f.cleaned_data["financial_comment"],
        ),
        success=assessed,
        render_page=lambda context, status: _response_page(
            request, procurement, participant, response, form, context, status
        ),
    )


def _response_page(request, procurement, participant, response, form, context, status):
    submitted = response is not None and response.is_submitted
    rows = selectors.questionnaire_rows(procurement, response) if submitted else []
    field_errors = context["field_errors"]
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

    def recorded(_result):
        messages.success(request, f"The decision about {participant.supplier} is recorded.")
        return redirect("participation:buyer-responses", procurement_id=procurement.pk)

    def render_page(context, status):
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

    return form_page(
        request,
        form,
        lambda f: services.record_exclusion_decision(
            actor=request.user,
            participant=participant,
            outcome=f.cleaned_data["outcome"],
            ground_type=f.cleaned_data["ground_type"],
            ground=f.cleaned_data["ground"],
            representations=f.cleaned_data["representations"],
            representations_invited_on=f.cleaned_data["representations_invited_on"],
            evidence=f.cleaned_data["evidence"],
            reasons=f.cleaned_data["reasons"],
            decided_on=f.cleaned_data["decided_on"],
        ),
        success=recorded,
        render_page=render_page,
    )


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
    base = _form_anchor(form)

    def anchor(problem):
        # A refusal of the deadline (not the date input's own check) links to `deadline`.
        own = problem.get("code") in DateTimeField.default_error_messages
        return "deadline" if problem.get("field") == "deadline" and not own else base(problem)

    def invited(_result):
        messages.success(request, "The shortlisted suppliers are invited to tender.")
        return redirect("participation:buyer-overview", procurement_id=procurement.pk)

    def render_page(context, status):
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

    return form_page(
        request,
        form,
        lambda f: services.invite_to_tender(
            actor=request.user, procurement=procurement, tender_deadline=f.cleaned_data["deadline"]
        ),
        success=invited,
        render_page=render_page,
        anchors=anchor,
        fields={"tender_deadline": "deadline"},
    )
