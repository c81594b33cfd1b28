"""The only way a view or endpoint reaches an evaluation. Forbidden looks exactly like not found.

The ethical wall: an evaluator sees a tender only after declaring no conflict of interest for the
procurement; one who declared a conflict (or was removed) finds nothing at all, as if the
evaluation did not exist. An evaluator sees other evaluators' scores only after submitting all of
their own; the buyer sees them only once the whole panel has submitted.
"""

from procura.accounts.rules import BUYER_SIDE_ROLES
from procura.accounts.selectors import has_role, is_platform_admin, organisation_ids_where
from procura.accounts.states import Role
from procura.core.errors import DomainError, NotFound
from procura.procurements.models import Procurement
from procura.procurements.permissions import access_procurement

from . import errors, selectors
from .models import AssessmentSummary, EvaluatorAssignment
from .states import MAY_SEE_TENDERS, AssignmentStatus


def access_procurement_as_buyer(user, pk) -> Procurement:
    """A buyer of the authority runs the evaluation."""
    return access_procurement(user, pk, "manage")


def access_procurement_as_approver(user, pk) -> Procurement:
    """An approver of the authority signs off the award decision (or returns it).

    Anyone else of the authority knows the procurement is there: they are refused with
    `forbidden_action` (403) and told who may approve, so that a buyer who proposed the award is
    not left wondering why the page is missing. Everyone else, including other organisations and
    the platform's administrators, finds nothing (404)."""
    procurement = access_procurement(user, pk, "view")
    if has_role(user, Role.APPROVER, procurement.authority):
        return procurement
    if procurement.authority_id in organisation_ids_where(user, *BUYER_SIDE_ROLES):
        raise DomainError(
            errors.FORBIDDEN,
            f"Only an approver of {procurement.authority.name} can approve the award decision.",
        )
    raise NotFound()


def access_results(user, pk) -> Procurement:
    """The results table: the authority's buyers, approvers and auditors (not its evaluators,
    who must not see how others scored before they submit)."""
    procurement = access_procurement(user, pk, "view")
    if not (selectors.can_view_results(user, procurement) or is_platform_admin(user)):
        raise NotFound()
    return procurement


def access_assignment(user, pk) -> tuple[Procurement, EvaluatorAssignment]:
    """An evaluator's own place on the panel (to declare conflicts). Removed: not found."""
    procurement = access_procurement(user, pk, "view")
    assignment = selectors.assignment_of(user, procurement)
    if assignment is None or assignment.status == AssignmentStatus.REMOVED:
        raise NotFound()
    return procurement, assignment


def access_tenders_as_evaluator(user, pk) -> tuple[Procurement, EvaluatorAssignment]:
    """The tenders, for an evaluator cleared by their own declaration.

    A declared conflict is the ethical wall: not found. No declaration yet: refused with
    `conflicts_not_declared` (they know they are on the panel; they may not see a tender yet).
    """
    procurement, assignment = access_assignment(user, pk)
    if assignment.status == AssignmentStatus.AWAITING_DECLARATION:
        raise DomainError(
            errors.CONFLICTS_NOT_DECLARED,
            "Declare whether you have any conflict of interest before you see the tenders.",
            section="Procurement Act 2023 s.81",
        )
    if assignment.status not in MAY_SEE_TENDERS:
        raise NotFound()
    return procurement, assignment


def access_panel_scores(user, pk) -> Procurement:
    """Every submitted evaluator's scores: an evaluator once they have submitted all of their
    own; a buyer once the whole panel has submitted (for moderation). Otherwise not found."""
    procurement = access_procurement(user, pk, "view")
    assignment = selectors.assignment_of(user, procurement)
    if assignment is not None and assignment.status == AssignmentStatus.SUBMITTED:
        return procurement
    if has_role(user, Role.BUYER, procurement.authority) and selectors.panel_has_submitted(
        procurement
    ):
        if assignment is None or assignment.status == AssignmentStatus.REMOVED:
            return procurement
    raise NotFound()


def access_assessment_summary(user, procurement_pk, pk) -> AssessmentSummary:
    """A supplier's bid managers see the summary sent to it, and no other supplier's; the
    authority's buyers, approvers and auditors see them all."""
    try:
        summary = AssessmentSummary.objects.select_related(
            "supplier", "decision__procurement", "decision__procurement__authority"
        ).get(pk=int(pk), decision__procurement_id=int(procurement_pk))
    except (AssessmentSummary.DoesNotExist, TypeError, ValueError) as error:
        raise NotFound() from error
    if has_role(user, Role.SUPPLIER_BID_MANAGER, summary.supplier):
        return summary
    if selectors.can_view_results(user, summary.decision.procurement):
        return summary
    raise NotFound()


def access_own_summaries(user, procurement_pk) -> list[AssessmentSummary]:
    """The summaries sent to the suppliers the person bids for, in one procurement."""
    summaries = [
        s
        for s in selectors.summaries_for_supplier(user)
        if str(s.decision.procurement_id) == str(procurement_pk)
    ]
    if not summaries:
        raise NotFound()
    return summaries


def is_buyer(user, procurement: Procurement) -> bool:
    return has_role(user, Role.BUYER, procurement.authority)
