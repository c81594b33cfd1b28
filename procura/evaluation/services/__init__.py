"""Every write of the evaluation and award. Each is one transaction with one audit event, and
refuses (with a stable code, before writing anything) whatever the law or the method forbids.

Lock order: the procurement row first (procurements.services.lock_procurement), then this
app's rows, so that concurrent writers to one evaluation queue behind each other.

One module per part of the stage; every public name is re-exported here, so callers write
`services.propose_award(...)` whichever module it lives in.
"""

from .abnormally_low import record_abnormally_low_decision
from .award import approve_award, propose_award, return_award
from .common import ACT, DECLARATIONS_OPEN, PANEL_OPEN, REGULATIONS, ScoreInput
from .moderation import record_consensus_scores
from .panel import assign_evaluator, declare_conflicts, remove_evaluator
from .scoring import record_scores, submit_scores
from .summaries import (
    download_assessment_summary_pdf,
    publish_award_notice,
    send_assessment_summaries,
    start_standstill,
)

__all__ = [
    "ACT",
    "DECLARATIONS_OPEN",
    "PANEL_OPEN",
    "REGULATIONS",
    "ScoreInput",
    "approve_award",
    "assign_evaluator",
    "declare_conflicts",
    "download_assessment_summary_pdf",
    "propose_award",
    "publish_award_notice",
    "record_abnormally_low_decision",
    "record_consensus_scores",
    "record_scores",
    "remove_evaluator",
    "return_award",
    "send_assessment_summaries",
    "start_standstill",
    "submit_scores",
]
