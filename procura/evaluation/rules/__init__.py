"""Assessing tenders: the law and the methodology the authority declared, as pure functions.

Plain values in, a result or a RuleViolation out. Nothing here reads the database or the clock, so
the same tenders and scores always give the same totals, ranks and summaries.

Arithmetic is Decimal throughout. Each weighted score is rounded to 2 decimal places, half up
(ROUND_HALF_UP, so 3.125 becomes 3.13), and a total is the sum of those rounded scores: what a
supplier reads in its assessment summary adds up exactly to the total it is ranked on.

One module per part of the method; every public name is re-exported here, so callers write
`rules.evaluate(...)` whichever module it lives in.
"""

from .abnormally_low import (
    AbnormallyLowFinding,
    abnormally_low_tenders,
    check_abnormally_low_decision,
    check_abnormally_low_review,
)
from .award import (
    check_awaiting_approval,
    check_award_approved,
    check_award_notice_publishable,
    check_award_proposal,
    check_exclusion_considered,
    check_may_propose_award,
    check_other_approver,
    check_proposal_current,
    check_return_reason,
    check_summaries_sendable,
    check_summaries_sent,
)
from .common import ACT, HUNDRED, REGULATIONS, TWO_PLACES, and_list, ordinal, round_score
from .method import (
    CriterionResult,
    Evaluation,
    LotOutcome,
    LotTenders,
    ScoredTender,
    TenderResult,
    evaluate,
    evaluate_lots,
)
from .panel import (
    DECLARATIONS_OPEN,
    PANEL_OPEN,
    check_assignable,
    check_declaration,
    check_evaluating,
    check_may_score,
    check_panel_open,
)
from .scores import (
    PRICE_FORMULAS,
    Consensus,
    Criterion,
    ScoreInput,
    Tender,
    check_justification,
    check_moderation_open,
    check_not_disregarded,
    check_rationale,
    check_score,
    check_scores,
    check_scores_complete,
    lowest_price_ratio,
    price_score,
    quality_score,
)
from .summaries import assessment_summary_content

__all__ = [
    "ACT",
    "AbnormallyLowFinding",
    "Consensus",
    "Criterion",
    "CriterionResult",
    "DECLARATIONS_OPEN",
    "Evaluation",
    "HUNDRED",
    "LotOutcome",
    "LotTenders",
    "PANEL_OPEN",
    "PRICE_FORMULAS",
    "REGULATIONS",
    "ScoreInput",
    "ScoredTender",
    "TWO_PLACES",
    "Tender",
    "TenderResult",
    "abnormally_low_tenders",
    "and_list",
    "assessment_summary_content",
    "check_abnormally_low_decision",
    "check_abnormally_low_review",
    "check_assignable",
    "check_awaiting_approval",
    "check_award_approved",
    "check_award_notice_publishable",
    "check_award_proposal",
    "check_exclusion_considered",
    "check_declaration",
    "check_evaluating",
    "check_justification",
    "check_may_propose_award",
    "check_may_score",
    "check_moderation_open",
    "check_not_disregarded",
    "check_other_approver",
    "check_panel_open",
    "check_proposal_current",
    "check_rationale",
    "check_return_reason",
    "check_score",
    "check_scores",
    "check_scores_complete",
    "check_summaries_sendable",
    "check_summaries_sent",
    "evaluate",
    "evaluate_lots",
    "lowest_price_ratio",
    "ordinal",
    "price_score",
    "quality_score",
    "round_score",
]
