"""Evaluation and award pages: evaluators, the buyer, the approver and suppliers. Thin: parse ->
access -> one service or selector -> render. A refusal is shown in the GOV.UK error summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from procura.core.errors import DomainError, NotFound
from procura.core.govuk import error_items, post_form
from procura.core.views import not_found_as_404
from procura.tendering import selectors as tendering_selectors
from procura.tendering import services as tendering_services
from procura.tendering import views as tendering_views

from . import permissions, selectors, services
from .errors import FORBIDDEN
from .forms import (
    AbnormallyLowForm,
    ApprovalForm,
    AssignEvaluatorForm,
    AwardNoticeForm,
    DeclarationForm,
    ProposeForm,
    ScoresForm,
)
from .services import ScoreInput
from .states import AssignmentStatus


def _errors_of(error: DomainError) -> list[dict]:
    if isinstance(error, NotFound):
        raise error
    return error_items(error)


def _form_page(request, template, form, context, *, call, success, first=None):
    """A page with one form: `call(form)` (the one service) then `success(result)`, or the page
    again with the GOV.UK error summary (a problem with the form as a whole links to `first`)."""

    def page(*, errors, status):
        return render(request, template, {**context, "form": form, "errors": errors}, status=status)

    anchors = {"__all__": first} if first else None
    return post_form(request, form, call, success=success, page=page, anchors=anchors)


def _tenders_or_none(procurement):
    try:
        return selectors.tenders_for_evaluation(procurement)
    except DomainError as error:
        if error.code != "tenders_sealed":
            raise
        return None


# --- Lists: the evaluator's, the approver's, the supplier's ----------------------------------


@login_required
def my_evaluations(request):
    return render(
        request,
        "evaluation/my_evaluations.html",
        {"assignments": selectors.evaluations_of(request.user)},
    )


@login_required
def approvals(request):
    return render(
        request,
        "evaluation/approvals.html",
        {"decisions": selectors.decisions_awaiting_approval(request.user)},
    )


@login_required
def supplier_summaries(request):
    return render(
        request,
        "evaluation/supplier_summaries.html",
        {"summaries": selectors.summaries_for_supplier(request.user)},
    )


# --- The buyer's overview -------------------------------------------------------------------


def _overview(request, procurement, *, errors=None, assign_form=None, status=200):
    tenders = _tenders_or_none(procurement)
    panel = selectors.assignments(procurement)
    consensus = selectors.consensus_of(procurement) if tenders else {}
    quality = selectors.quality_criteria(procurement)
    disregarded = selectors.disregarded_tender_ids(procurement)
    moderation = [
        {
            "tender": t,
            "disregarded": t.tender_id in disregarded,
            "done": sum(1 for c in quality if (t.tender_id, c.pk) in consensus),
        }
        for t in tenders or []
    ]
    decision = selectors.live_decision(procurement)
    return render(
        request,
        "evaluation/overview.html",
        {
            "procurement": procurement,
            "light_touch": selectors.is_light_touch(procurement),
            "errors": errors,
            "panel": panel,
            "assign_form": assign_form
            or AssignEvaluatorForm(people=selectors.eligible_evaluators(procurement)),
            "tenders": tenders,
            "flagged": selectors.flagged_tenders(procurement, tenders) if tenders else [],
            "panel_submitted": selectors.panel_has_submitted(procurement),
            "moderation": moderation,
            "quality_count": len(quality),
            "decision": decision,
            "past_decisions": [d for d in selectors.decisions_of(procurement) if d != decision],
            "summaries": selectors.summaries_of(decision) if decision else [],
            "declared_conflicts": [
                {"declaration": d, "text": selectors.conflict_entry_text(d)}
                for d in selectors.declared_conflicts(procurement)
            ],
            "conflicts_to_review": len(selectors.conflicts_awaiting_review(procurement)),
        },
        status=status,
    )


@login_required
@not_found_as_404
def overview(request, pk: int):
    procurement = permissions.access_procurement_as_buyer(request.user, pk)
    return _overview(request, procurement)


@login_required
@require_POST
@not_found_as_404
def assign(request, pk: int):
    procurement = permissions.access_procurement_as_buyer(request.user, pk)
    form = AssignEvaluatorForm(request.POST, people=selectors.eligible_evaluators(procurement))

    def added(_result):
        messages.success(request, f"{form.cleaned_data['evaluator']} was added to the panel.")
        return redirect("evaluation:overview", pk)

    def page(*, errors, status):
        return _overview(request, procurement, errors=errors, assign_form=form, status=status)

    return post_form(
        request,
        form,
        lambda f: services.assign_evaluator(
            actor=request.user, procurement=procurement, evaluator=f.cleaned_data["evaluator"]
        ),
        success=added,
        page=page,
        anchors={"__all__": "id_evaluator"},
    )


@login_required
@require_POST
@not_found_as_404
def remove(request, pk: int, assignment_id: int):
    procurement = permissions.access_procurement_as_buyer(request.user, pk)
    assignment = next(
        (a for a in selectors.assignments(procurement) if a.pk == assignment_id), None
    )
    if assignment is None:
        raise NotFound()
    try:
        services.remove_evaluator(actor=request.user, assignment=assignment)
    except DomainError as error:
        return _overview(request, procurement, errors=_errors_of(error), status=400)
    messages.success(request, f"{assignment.evaluator} was removed from the panel.")
    return redirect("evaluation:overview", pk)


# --- The evaluator ---------------------------------------------------------------------------


@login_required
@not_found_as_404
def declare(request, pk: int):
    procurement, assignment = permissions.access_assignment(request.user, pk)
    if assignment.status == AssignmentStatus.CONFLICTED:
        raise NotFound()
    suppliers = selectors.declarable_suppliers(procurement)
    form = DeclarationForm(request.POST or None, suppliers=suppliers)

    def declared(_result):
        if form.cleaned_data["has_conflict"]:
            messages.success(
                request,
                "Your conflict of interest was recorded in the conflicts assessment and the "
                "buyer asked to review it. You will take no further part in this evaluation.",
            )
            return redirect("evaluation:my-evaluations")
        messages.success(request, "You declared no conflict of interest.")
        return redirect("evaluation:scoring", pk)

    return _form_page(
        request,
        "evaluation/declare.html",
        form,
        {
            "procurement": procurement,
            "assignment": assignment,
            "declarations": selectors.declarations_of(assignment),
        },
        call=lambda f: services.declare_conflicts(
            actor=request.user,
            procurement=procurement,
            has_conflict=f.cleaned_data["has_conflict"],
            suppliers=f.cleaned_data["suppliers"],
            description=f.cleaned_data["description"],
        ),
        success=declared,
        first="has_conflict",
    )


def _scoring(request, procurement, assignment, *, errors=None, status=200):
    tenders = _tenders_or_none(procurement)
    criteria = selectors.quality_criteria(procurement)
    own = selectors.own_scores(assignment)
    rows = [
        {"tender": t, "done": sum(1 for c in criteria if (t.tender_id, c.pk) in own)}
        for t in tenders or []
    ]
    return render(
        request,
        "evaluation/scoring.html",
        {
            "procurement": procurement,
            "assignment": assignment,
            "rows": rows,
            "sealed": tenders is None,
            "criteria_count": len(criteria),
            "complete": bool(rows) and all(r["done"] == len(criteria) for r in rows),
            "errors": errors,
        },
        status=status,
    )


@login_required
@not_found_as_404
def scoring(request, pk: int):
    procurement, assignment = permissions.access_assignment(request.user, pk)
    if assignment.status == AssignmentStatus.AWAITING_DECLARATION:
        return redirect("evaluation:declare", pk)
    procurement, assignment = permissions.access_tenders_as_evaluator(request.user, pk)
    return _scoring(request, procurement, assignment)


@login_required
@not_found_as_404
def tender_file(request, pk: int, tender_id: int, position: int):
    """A file of a tender, for an evaluator behind the ethical wall (declared, no conflict)."""
    procurement, assignment = permissions.access_assignment(request.user, pk)
    if assignment.status == AssignmentStatus.AWAITING_DECLARATION:
        return redirect("evaluation:declare", pk)
    procurement, _assignment = permissions.access_tenders_as_evaluator(request.user, pk)
    tender = selectors.tender_for_evaluation(procurement, tender_id)
    opened = tendering_selectors.opened_file(procurement, tender.tender_id, position)
    return tendering_views.file_download(
        tendering_services.record_file_download(actor=request.user, opened_file=opened)
    )


@login_required
@not_found_as_404
def score(request, pk: int, tender_id: int):
    procurement, assignment = permissions.access_assignment(request.user, pk)
    if assignment.status == AssignmentStatus.AWAITING_DECLARATION:
        return redirect("evaluation:declare", pk)
    procurement, assignment = permissions.access_tenders_as_evaluator(request.user, pk)
    tender = selectors.tender_for_evaluation(procurement, tender_id)
    criteria = selectors.quality_criteria(procurement)
    own = selectors.own_scores(assignment)
    initial = {}
    for c in criteria:
        if (tender.tender_id, c.pk) in own:
            initial[f"score-{c.pk}"] = str(own[(tender.tender_id, c.pk)].score)
            initial[f"justification-{c.pk}"] = own[(tender.tender_id, c.pk)].justification
    form = ScoresForm(request.POST or None, initial=initial, criteria=criteria)

    def saved(_result):
        messages.success(request, f"Your scores for {tender.supplier} were saved.")
        return redirect("evaluation:scoring", pk)

    return _form_page(
        request,
        "evaluation/score.html",
        form,
        {
            "procurement": procurement,
            "assignment": assignment,
            "tender": tender,
            "answers": {c.pk: tender.answer_to(c) for c in criteria},
            "locked": assignment.status == AssignmentStatus.SUBMITTED,
        },
        call=lambda f: services.record_scores(
            actor=request.user,
            procurement=procurement,
            tender_id=tender.tender_id,
            scores=[ScoreInput(*row) for row in f.scores()],
        ),
        success=saved,
    )


@login_required
@require_POST
@not_found_as_404
def submit(request, pk: int):
    procurement, assignment = permissions.access_tenders_as_evaluator(request.user, pk)
    try:
        services.submit_scores(actor=request.user, procurement=procurement)
    except DomainError as error:
        return _scoring(request, procurement, assignment, errors=_errors_of(error), status=400)
    messages.success(request, "You submitted your scores. They are now final.")
    return redirect("evaluation:panel-scores", pk)


@login_required
@not_found_as_404
def panel_scores(request, pk: int):
    procurement = permissions.access_panel_scores(request.user, pk)
    grouped = selectors.submitted_scores(procurement)
    tenders = selectors.tenders_for_evaluation(procurement)
    criteria = selectors.quality_criteria(procurement)
    table = [
        {
            "tender": t,
            "criteria": [(c, grouped.get((t.tender_id, c.pk), [])) for c in criteria],
        }
        for t in tenders
    ]
    return render(
        request,
        "evaluation/panel_scores.html",
        {"procurement": procurement, "table": table},
    )


# --- The buyer: abnormally low tenders, moderation, results, award ----------------------------


@login_required
@not_found_as_404
def abnormally_low(request, pk: int, tender_id: int):
    procurement = permissions.access_procurement_as_buyer(request.user, pk)
    flagged = {f.tender.tender_id: f for f in selectors.flagged_tenders(procurement)}
    if tender_id not in flagged:
        raise NotFound()
    flag = flagged[tender_id]
    initial = (
        {
            "explanation": flag.review.explanation,
            "decision": flag.review.decision,
            "reason": flag.review.reason,
        }
        if flag.review
        else {}
    )
    form = AbnormallyLowForm(request.POST or None, initial=initial)

    def decided(_result):
        messages.success(
            request, f"Your decision on the tender of {flag.tender.supplier} was recorded."
        )
        return redirect("evaluation:overview", pk)

    return _form_page(
        request,
        "evaluation/abnormally_low.html",
        form,
        {"procurement": procurement, "flag": flag},
        call=lambda f: services.record_abnormally_low_decision(
            actor=request.user, procurement=procurement, tender_id=tender_id, **f.cleaned_data
        ),
        success=decided,
    )


@login_required
@not_found_as_404
def moderate(request, pk: int, tender_id: int):
    procurement = permissions.access_procurement_as_buyer(request.user, pk)
    tender = selectors.tender_for_evaluation(procurement, tender_id)
    criteria = selectors.quality_criteria(procurement)
    consensus = selectors.consensus_of(procurement)
    initial = {}
    for c in criteria:
        if (tender.tender_id, c.pk) in consensus:
            initial[f"score-{c.pk}"] = str(consensus[(tender.tender_id, c.pk)].score)
            initial[f"rationale-{c.pk}"] = consensus[(tender.tender_id, c.pk)].rationale
    form = ScoresForm(
        request.POST or None,
        initial=initial,
        criteria=criteria,
        text_name="rationale",
        text_label="Rationale for the moderated score",
    )
    panel_ready = selectors.panel_has_submitted(procurement)
    grouped = selectors.submitted_scores(procurement) if panel_ready else {}

    def saved(_result):
        messages.success(request, f"The moderated scores for {tender.supplier} were saved.")
        return redirect("evaluation:overview", pk)

    return _form_page(
        request,
        "evaluation/moderate.html",
        form,
        {
            "procurement": procurement,
            "tender": tender,
            "panel_ready": panel_ready,
            "panel": {c.pk: grouped.get((tender.tender_id, c.pk), []) for c in criteria},
            "answers": {c.pk: tender.answer_to(c) for c in criteria},
        },
        call=lambda f: services.record_consensus_scores(
            actor=request.user,
            procurement=procurement,
            tender_id=tender.tender_id,
            scores=[ScoreInput(*row) for row in f.scores()],
        ),
        success=saved,
    )


def _tied(outcome) -> list:
    """The results tied for first place that the declared rule cannot break, if any."""
    if outcome.problem is None or outcome.problem.code != "tie_unresolved":
        return []
    ids = outcome.problem.details.get("tender_ids", [])
    return [r for r in outcome.evaluation.results if r.tender_id in ids]


def _results(request, procurement, *, errors=None, form=None, status=200):
    outcome = selectors.results_of(procurement)
    tied = _tied(outcome)
    return render(
        request,
        "evaluation/results.html",
        {
            "procurement": procurement,
            "outcome": outcome,
            "evaluation": outcome.evaluation,
            "errors": errors,
            "form": form or ProposeForm(tied=tied),
            "tied": tied,
            "is_buyer": permissions.is_buyer(request.user, procurement),
        },
        status=status,
    )


@login_required
@not_found_as_404
def results(request, pk: int):
    procurement = permissions.access_results(request.user, pk)
    return _results(request, procurement)


@login_required
@require_POST
@not_found_as_404
def propose(request, pk: int):
    procurement = permissions.access_procurement_as_buyer(request.user, pk)
    outcome = selectors.results_of(procurement)
    tied = _tied(outcome)
    form = ProposeForm(request.POST, tied=tied)

    def proposed(_result):
        messages.success(request, "The award was proposed. An approver must now sign it off.")
        return redirect("evaluation:overview", pk)

    def page(*, errors, status):
        return _results(request, procurement, errors=errors, form=form, status=status)

    return post_form(
        request,
        form,
        lambda f: services.propose_award(
            actor=request.user,
            procurement=procurement,
            tie_break_order=f.tie_break_order(),
            tie_break_reason=f.cleaned_data["tie_break_reason"],
        ),
        success=proposed,
        page=page,
    )


def _forbidden(request, pk: int, heading: str, error: DomainError):
    """A member of the authority without the role for this page: told who may do it (403)."""
    return render(
        request,
        "evaluation/forbidden.html",
        {"pk": pk, "heading": heading, "message": error.message},
        status=403,
    )


@login_required
@not_found_as_404
def approve(request, pk: int):
    try:
        procurement = permissions.access_procurement_as_approver(request.user, pk)
    except DomainError as error:
        if error.code != FORBIDDEN:
            raise
        return _forbidden(request, pk, "You cannot approve this award decision", error)
    decision = selectors.live_decision(procurement)
    form = ApprovalForm(request.POST or None)

    def decide(f):
        if f.cleaned_data["decision"] == "approve":
            services.approve_award(actor=request.user, procurement=procurement)
            return "You approved the award decision."
        services.return_award(
            actor=request.user, procurement=procurement, reason=f.cleaned_data["reason"]
        )
        return "You returned the proposal to the buyer."

    def decided(message):
        messages.success(request, message)
        return redirect("evaluation:approvals")

    return _form_page(
        request,
        "evaluation/approve.html",
        form,
        {
            "procurement": procurement,
            "decision": decision,
            "evaluation": selectors.stored_evaluation(decision) if decision else None,
        },
        call=decide,
        success=decided,
        first="decision",
    )


@login_required
@require_POST
@not_found_as_404
def send_summaries(request, pk: int):
    procurement = permissions.access_procurement_as_buyer(request.user, pk)
    try:
        summaries = services.send_assessment_summaries(actor=request.user, procurement=procurement)
    except DomainError as error:
        return _overview(request, procurement, errors=_errors_of(error), status=400)
    messages.success(request, f"{len(summaries)} assessment summaries were sent at the same time.")
    return redirect("evaluation:overview", pk)


@login_required
@require_POST
@not_found_as_404
def publish_award_notice(request, pk: int):
    procurement = permissions.access_procurement_as_buyer(request.user, pk)
    form = AwardNoticeForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    try:
        notice = services.publish_award_notice(
            actor=request.user,
            procurement=procurement,
            voluntary_standstill=bool(form.cleaned_data.get("voluntary_standstill")),
        )
    except DomainError as error:
        return _overview(request, procurement, errors=_errors_of(error), status=400)
    messages.success(
        request,
        f"The contract award notice {notice.notice_id} was prepared for Find a Tender."
        if not notice.publication.is_published
        else f"The contract award notice {notice.notice_id} was published on Find a Tender.",
    )
    return redirect("evaluation:overview", pk)


# --- Assessment summaries (a supplier sees only its own) ---------------------------------------


@login_required
@not_found_as_404
def summary(request, pk: int, summary_id: int):
    found = permissions.access_assessment_summary(request.user, pk, summary_id)
    return render(
        request,
        "evaluation/summary.html",
        {"summary": found, "procurement": found.decision.procurement, "content": found.content},
    )


@login_required
@not_found_as_404
def summary_pdf(request, pk: int, summary_id: int):
    found = permissions.access_assessment_summary(request.user, pk, summary_id)
    pdf = services.download_assessment_summary_pdf(actor=request.user, summary=found)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="assessment-summary-{found.decision.procurement.reference}.pdf"'
    )
    return response
