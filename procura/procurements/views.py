"""The buyer's pages for setting up and publishing a procurement, and the public register.

Thin: parse (a form) -> access (permissions) -> one service or selector -> render. A refusal
re-renders the page with the GOV.UK error summary and status 400; nothing is changed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from procura.core.errors import DomainError
from procura.core.govuk import attach, error_items, post_form, problems_of
from procura.core.views import not_found_as_404
from procura.notices import selectors as notice_selectors

from . import permissions, rules, selectors, services
from .forms import (
    ClarificationForm,
    ConflictsAssessmentForm,
    ExtendDeadlinesForm,
    LotsForm,
    ModificationForm,
    OpportunitySearchForm,
    ProcurementForm,
    TerminateForm,
    criteria_formset,
)
from .states import PUBLISHED, Status

# Where on the procurement page a publication problem is put right: by its code, else by its
# field (each summary row has the id "row-<field>").
CODE_ANCHORS = {"conflicts_assessment_missing": "conflicts"}
FIELD_ANCHORS = {
    "criteria": "criteria",
    "summary": "conflicts",
    "lots": "lots",
    "no_lots_reasons": "lots",
    "max_lots_bid_per_supplier": "lots",
    "max_lots_awarded_per_supplier": "lots",
    None: "summary",
}


def _table_anchors(form) -> dict | None:
    """A problem over a whole table (a formset) links to its first row's title."""
    rows = list(getattr(form, "forms", []))
    return {"__all__": rows[0]["title"].auto_id} if rows else None


def _error_items(form) -> list[dict]:
    """A bound form's (or formset's) errors as error-summary items linking to their fields."""
    return error_items(form, anchors=_table_anchors(form))


def _problem_anchor(problem: dict) -> str:
    """Where on the procurement page a publication problem is put right."""
    field = problem.get("field")
    return CODE_ANCHORS.get(problem["code"]) or FIELD_ANCHORS.get(field, f"row-{field}")


def _problem_items(error: DomainError) -> list[dict]:
    """A refusal as error-summary items: each problem, with the section of the law it cites."""
    return error_items(error, anchors=_problem_anchor, cite=True)


# --- The buyer's list and the create/edit form ---------------------------------------------------


@login_required
def procurement_list(request):
    procurements = selectors.buyer_procurements(request.user).order_by("-created_at", "-pk")
    return render(
        request,
        "procurements/list.html",
        {
            "procurements": procurements,
            "can_create": selectors.is_buyer_anywhere(request.user),
        },
    )


def _procurement_form(request, *, instance=None, data=None):
    authorities = selectors.buying_authorities(request.user)
    # The buyer's own authority is neither a participant nor an extra call-off authority.
    own = [instance.authority_id] if instance else list(authorities.values_list("pk", flat=True))
    return ProcurementForm(
        data,
        instance=instance,
        authorities=authorities,
        participant_choices=selectors.organisations_of_kinds(selectors.PARTICIPANT_KINDS).exclude(
            pk__in=own
        ),
        call_off_choices=selectors.organisations_of_kinds(selectors.CALL_OFF_KINDS).exclude(
            pk__in=own
        ),
    )


def _form_page(request, form, procurement):
    def page(*, errors, status):
        context = {"form": form, "errors": errors, "procurement": procurement}
        return render(request, "procurements/form.html", context, status=status)

    return page


@login_required
def create(request):
    if not selectors.is_buyer_anywhere(request.user):
        raise Http404()
    form = _procurement_form(request, data=request.POST or None)

    def create_draft(form):
        authority = form.cleaned_data["authority"]
        permissions.access_buying_authority(request.user, authority.pk)
        return services.create_procurement(
            actor=request.user, authority=authority, **form.service_fields()
        )

    def created(procurement):
        messages.success(request, f"The draft procurement {procurement.reference} was created.")
        return redirect("procurements:detail", procurement.pk)

    return post_form(
        request, form, create_draft, success=created, page=_form_page(request, form, None)
    )


@login_required
@not_found_as_404
def edit(request, pk: int):
    procurement = permissions.access_procurement(request.user, pk, "manage")
    form = _procurement_form(request, instance=procurement, data=request.POST or None)

    def saved(_procurement):
        messages.success(request, "The procurement was saved.")
        return redirect("procurements:detail", procurement.pk)

    return post_form(
        request,
        form,
        lambda f: services.update_procurement(
            actor=request.user, procurement=procurement, **f.service_fields()
        ),
        success=saved,
        page=_form_page(request, form, procurement),
    )


# --- The procurement page and its forms -----------------------------------------------------------


def _render_page(request, procurement, *, status=200, errors=(), **bound):
    """The procurement page, with any bound form that failed in place of its blank one."""
    p = selectors.procurement_detail(procurement)
    manage = permissions.can_manage(request.user, p)
    context = {
        "procurement": p,
        "can_manage": manage,
        "is_draft": p.status == Status.DRAFT,
        "is_running": p.status in PUBLISHED
        and p.status not in {Status.TERMINATED, Status.CONTRACT_SIGNED},
        "can_extend": p.status in {Status.PARTICIPATION_OPEN, Status.TENDERING_OPEN},
        "notices": list(notice_selectors.notices_of(p)),
        "errors": list(errors),
        "criteria_total": sum((c.weight for c in p.criteria.all()), 0),
        "criteria_form": bound.get("criteria_form") or criteria_formset(p),
        "lots_form": bound.get("lots_form") or LotsForm(p),
        "conflicts_form": bound.get("conflicts_form")
        or ConflictsAssessmentForm(
            initial={"summary": getattr(getattr(p, "conflicts_assessment", None), "summary", "")}
        ),
        "clarification_form": bound.get("clarification_form") or ClarificationForm(),
        "extend_form": bound.get("extend_form") or ExtendDeadlinesForm(procurement=p),
        "terminate_form": bound.get("terminate_form") or TerminateForm(),
        "can_modify": manage and services.can_be_modified(p),
        "modifications": selectors.modifications_of(p),
    }
    return render(request, "procurements/detail.html", context, status=status)


@login_required
@not_found_as_404
def detail(request, pk: int):
    procurement = permissions.access_procurement(request.user, pk, "view")
    return _render_page(request, procurement)


def _post_form(request, pk, *, form_name, make_form, call, success):
    """Shared shape of the page's POST handlers: bind, call one service, redirect or re-render."""
    procurement = permissions.access_procurement(request.user, pk, "manage")
    form = make_form(procurement, request.POST)

    def done(_result):
        messages.success(request, success)
        return redirect("procurements:detail", procurement.pk)

    def page(*, errors, status):
        return _render_page(request, procurement, status=status, errors=errors, **{form_name: form})

    return post_form(
        request,
        form,
        lambda f: call(procurement, f),
        success=done,
        page=page,
        anchors=_table_anchors(form),
    )


@login_required
@require_POST
@not_found_as_404
def set_criteria(request, pk: int):
    return _post_form(
        request,
        pk,
        form_name="criteria_form",
        make_form=lambda p, data: criteria_formset(p, data),
        call=lambda p, f: services.set_award_criteria(
            actor=request.user, procurement=p, criteria=f.criteria()
        ),
        success="The award criteria were saved.",
    )


@login_required
@require_POST
@not_found_as_404
def set_lots(request, pk: int):
    """The lots table and the limits per supplier (s.18), replacing the draft's lots."""
    procurement = permissions.access_procurement(request.user, pk, "manage")
    form = LotsForm(procurement, request.POST)
    if form.is_valid():
        try:
            services.set_lots(
                actor=request.user, procurement=procurement, **form.service_arguments()
            )
        except DomainError as error:
            form.add_refusal(error)
        else:
            messages.success(request, "The lots were saved.")
            return redirect("procurements:detail", procurement.pk)
    return _render_page(request, procurement, status=400, errors=form.error_items(), lots_form=form)


@login_required
@require_POST
@not_found_as_404
def conflicts_assessment(request, pk: int):
    return _post_form(
        request,
        pk,
        form_name="conflicts_form",
        make_form=lambda p, data: ConflictsAssessmentForm(data),
        call=lambda p, f: services.record_conflicts_assessment(
            actor=request.user, procurement=p, summary=f.cleaned_data["summary"]
        ),
        success="The conflicts assessment was recorded.",
    )


@login_required
@require_POST
@not_found_as_404
def clarify(request, pk: int):
    return _post_form(
        request,
        pk,
        form_name="clarification_form",
        make_form=lambda p, data: ClarificationForm(data),
        call=lambda p, f: services.publish_clarification(
            actor=request.user,
            procurement=p,
            question=f.cleaned_data["question"],
            answer=f.cleaned_data["answer"],
        ),
        success="The clarification was published to every supplier.",
    )


@login_required
@require_POST
@not_found_as_404
def extend(request, pk: int):
    return _post_form(
        request,
        pk,
        form_name="extend_form",
        make_form=lambda p, data: ExtendDeadlinesForm(data, procurement=p),
        call=lambda p, f: services.extend_deadlines(
            actor=request.user,
            procurement=p,
            participation_deadline=f.cleaned_data.get("participation_deadline"),
            tender_deadline=f.cleaned_data.get("tender_deadline"),
            reason=f.cleaned_data["reason"],
        ),
        success="The deadline was extended for every supplier.",
    )


@login_required
@require_POST
@not_found_as_404
def terminate(request, pk: int):
    return _post_form(
        request,
        pk,
        form_name="terminate_form",
        make_form=lambda p, data: TerminateForm(data),
        call=lambda p, f: services.terminate_procurement(
            actor=request.user, procurement=p, reason=f.cleaned_data["reason"]
        ),
        success="The procurement was terminated and the procurement termination notice published.",
    )


@login_required
@require_POST
@not_found_as_404
def publish(request, pk: int):
    procurement = permissions.access_procurement(request.user, pk, "manage")
    try:
        notice = services.publish_tender_notice(actor=request.user, procurement=procurement)
    except DomainError as error:
        return _render_page(request, procurement, status=400, errors=_problem_items(error))
    messages.success(request, f"The tender notice {notice.notice_id} was published.")
    return redirect("procurements:detail", procurement.pk)


# --- Modifying a published procurement (s.31) ----------------------------------------------------


def _modification_forms(procurement, data=None):
    """The modification form, the award criteria (while they may change) and the lots with the
    limits per supplier (the draft page's `LotsForm`)."""
    modifiable = rules.modifiable_fields(
        competitive_flexible=procurement.is_competitive_flexible, status=procurement.status
    )
    form = ModificationForm(data, procurement=procurement, modifiable=modifiable)
    formset = criteria_formset(procurement, data) if "criteria" in modifiable else None
    lots_form = LotsForm(procurement, data) if "lots" in modifiable else None
    return form, formset, lots_form


LOT_PROBLEM_FIELDS = {"lots", *rules.LOT_LIMIT_FIELDS}


def _apply_refusal(form, formset, lots_form, error: DomainError) -> None:
    """Put each problem of a refusal on its field (the award criteria on the criteria table, the
    lots on the lots table, a limit per supplier on its field)."""
    for problem in problems_of(error):
        field = problem.get("field")
        if field == "criteria" and formset is not None:
            formset._non_form_errors = formset.error_class(
                [*formset.non_form_errors(), problem["message"]]
            )
            continue
        if field in LOT_PROBLEM_FIELDS and lots_form is not None:
            lots_form.add_problem(field, problem["message"])
            continue
        attach(form, DomainError(problem["code"], problem["message"], field=field))


@login_required
@not_found_as_404
def modify(request, pk: int):
    """The buyer modifies a published procurement (s.31): the fields it may change now,
    prefilled, and what the Act asks of the buyer; the revised tender notice is published."""
    procurement = permissions.access_procurement(request.user, pk, "manage")
    window, closed = None, None
    try:
        window = services.modification_window(procurement)
    except DomainError as error:
        closed = error
    p = selectors.procurement_detail(procurement)
    form, formset, lots_form = _modification_forms(p, request.POST or None)
    errors = []
    if request.method == "POST":
        valid = (
            form.is_valid()
            & (formset is None or formset.is_valid())
            & (lots_form is None or lots_form.is_valid())
        )
        if closed is not None:
            form.add_error(None, closed.message)
        elif valid:
            arguments = form.service_arguments()
            if formset is not None:
                arguments["changes"]["criteria"] = formset.criteria()
            if lots_form is not None:
                arguments["changes"] |= lots_form.service_arguments()
            try:
                notice = services.modify_procurement(
                    actor=request.user, procurement=procurement, **arguments
                )
            except DomainError as error:
                _apply_refusal(form, formset, lots_form, error)
            else:
                messages.success(
                    request,
                    "The procurement was modified and the revised tender notice "
                    f"{notice.notice_id} was published. The suppliers taking part have been told.",
                )
                detail = reverse("procurements:detail", args=[procurement.pk])
                return redirect(f"{detail}#modifications")
        errors = (
            _error_items(form)
            + (_error_items(formset) if formset is not None else [])
            + (lots_form.error_items() if lots_form is not None else [])
        )
    return render(
        request,
        "procurements/modify.html",
        {
            "procurement": p,
            "form": form,
            "criteria_form": formset,
            "lots_form": lots_form,
            "errors": errors,
            "closed": closed,
            "not_substantial_only": window == rules.MODIFY_NOT_SUBSTANTIAL,
        },
        status=400 if errors else 200,
    )


# --- Public: anyone may see and search published procurements -------------------------------------

PUBLIC_PAGE_SIZE = 20


def opportunities(request):
    form = OpportunitySearchForm(request.GET or None)
    text = status = ""
    if form.is_bound and form.is_valid():
        text, status = form.cleaned_data["q"], form.cleaned_data["status"]
    paginator = Paginator(selectors.search_public(text=text, status=status), PUBLIC_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "procurements/public/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "searched": bool(text or status),
        },
    )


@not_found_as_404
def opportunity(request, reference: str):
    procurement = selectors.procurement_detail(permissions.access_published_procurement(reference))
    notices = list(notice_selectors.public_notices_of(procurement))
    return render(
        request,
        "procurements/public/detail.html",
        {
            "procurement": procurement,
            "notices": notices,
            "revisions": selectors.notice_revisions(notices),
        },
    )


@not_found_as_404
def notice_json(request, reference: str, notice_id: str):
    """One notice as Find a Tender serves it: an OCDS release package holding its release."""
    procurement = permissions.access_published_procurement(reference)
    notice = notice_selectors.public_notice_of(procurement, notice_id)
    package = notice_selectors.release_package(
        [notice],
        uri=request.build_absolute_uri(
            reverse("opportunities:notice-json", args=[reference, notice_id])
        ),
    )
    return JsonResponse(package, json_dumps_params={"indent": 2})
