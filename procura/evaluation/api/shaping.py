"""How the evaluation API shapes its answers, and the helpers its endpoints share."""

from .. import selectors
from ..models import AssessmentSummary, AwardDecision, EvaluatorAssignment
from ..services import ScoreInput

P = "/{procurement_id}"


# --- Shapes -----------------------------------------------------------------------------------


def _assignment(a: EvaluatorAssignment) -> dict:
    return {
        "id": a.pk,
        "evaluator_id": a.evaluator_id,
        "evaluator": str(a.evaluator),
        "status": a.status,
        "status_label": a.get_status_display(),
        "assigned_at": a.assigned_at,
        "declared_at": a.declared_at,
        "submitted_at": a.submitted_at,
    }


def _decision(d: AwardDecision) -> dict:
    return {
        "id": d.pk,
        "status": d.status,
        "proposed_by": str(d.proposed_by),
        "proposed_at": d.proposed_at,
        "decided_by": str(d.decided_by) if d.decided_by else None,
        "decided_at": d.decided_at,
        "return_reason": d.return_reason,
        "tie_break_reason": d.tie_break_reason,
        "preferred_suppliers": [
            {
                "supplier_id": p.supplier_id,
                "supplier": p.supplier.name,
                "rank": p.rank,
                "total": str(p.total),
                "price": str(p.price),
                "lot": p.lot.number if p.lot else "",
            }
            for p in d.preferred_suppliers.select_related("supplier", "lot")
        ],
        "assessment_summaries_sent_at": d.assessment_summaries_sent_at,
        "award_notice_id": d.award_notice.notice_id if d.award_notice else None,
        "voluntary_standstill": d.voluntary_standstill,
        "standstill_last_day": d.standstill_last_day,
        "earliest_entry_date": d.earliest_entry_date,
    }


def _summary(s: AssessmentSummary) -> dict:
    return {
        "id": s.pk,
        "supplier": s.supplier.name,
        "lot": s.lot.number if s.lot_id else "",
        "successful": s.successful,
        "rank": s.rank,
        "total": str(s.total),
        "sent_at": s.sent_at,
        "content": s.content,
    }


def _result(r) -> dict:
    return {
        "tender_id": r.tender_id,
        "supplier": r.supplier,
        "price": str(r.price),
        "quality_total": str(r.quality_total),
        "price_total": str(r.price_total),
        "total": str(r.total),
        "rank": r.rank,
        "tied": r.tied,
        "successful": r.successful,
        "lot": r.lot,
        "passed_over": r.passed_over,
        "criteria": [
            {
                "criterion_id": c.criterion_id,
                "title": c.title,
                "kind": c.kind,
                "weight": str(c.weight),
                "score": c.score,
                "max_score": c.max_score,
                "weighted": str(c.weighted),
                "explanation": c.explanation,
            }
            for c in r.criteria
        ],
    }


def _scores(items) -> list[ScoreInput]:
    return [
        ScoreInput(
            item.criterion_id,
            item.score,
            # An empty justification is the service's to refuse (justification_required).
            item.justification if hasattr(item, "justification") else item.rationale,
        )
        for item in items
    ]


def _lot_of_tender(procurement) -> dict[int, str]:
    """Each evaluated tender's lot number ("" when the procurement is not divided)."""
    return {t.tender_id: t.lot_number for t in selectors.tenders_for_evaluation(procurement)}


def _score_out(score, lots: dict[int, str], **extra) -> dict:
    """One score (an evaluator's, or the moderated one with `rationale` in `extra`) as the API
    gives it, naming its tender's lot from `lots` (`_lot_of_tender`)."""
    return {
        "tender_id": score.tender_id,
        "supplier": score.supplier.name,
        "lot": lots.get(score.tender_id, ""),
        "criterion_id": score.criterion_id,
        "criterion": score.criterion.title,
        "score": score.score,
        **extra,
    }
