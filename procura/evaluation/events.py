"""Audit event types of the evaluation and award, each with its timeline sentence.

Scores are recorded against the evaluator's assignment, never against the procurement, so that the
procurement's timeline (which every buyer-side person of the authority may read) cannot show one
evaluator another's scores.
"""

from django.db import models


class EvaluationEvent(models.TextChoices):
    EVALUATOR_ASSIGNED = "evaluation.evaluator_assigned", "Evaluator assigned"
    EVALUATOR_REMOVED = "evaluation.evaluator_removed", "Evaluator removed"
    CONFLICTS_DECLARED = "evaluation.conflicts_declared", "Conflicts of interest declared"
    SCORES_RECORDED = "evaluation.scores_recorded", "Scores recorded"
    SCORES_SUBMITTED = "evaluation.scores_submitted", "Scores submitted"
    ABNORMALLY_LOW_DECIDED = "evaluation.abnormally_low_decided", "Abnormally low tender decided"
    CONSENSUS_RECORDED = "evaluation.consensus_recorded", "Moderated scores recorded"
    AWARD_PROPOSED = "evaluation.award_proposed", "Award proposed"
    AWARD_APPROVED = "evaluation.award_approved", "Award decision approved"
    AWARD_RETURNED = "evaluation.award_returned", "Award proposal returned"
    SUMMARIES_SENT = "evaluation.summaries_sent", "Assessment summaries sent"
    AWARD_NOTICE_PUBLISHED = "evaluation.award_notice_published", "Contract award notice prepared"
    STANDSTILL_STARTED = "evaluation.standstill_started", "Standstill started"
    SUMMARY_DOWNLOADED = "evaluation.summary_downloaded", "Assessment summary downloaded"


SENTENCES = {
    EvaluationEvent.EVALUATOR_ASSIGNED: "{actor} assigned {evaluator} to the evaluation panel.",
    EvaluationEvent.EVALUATOR_REMOVED: "{actor} removed {evaluator} from the evaluation panel.",
    EvaluationEvent.CONFLICTS_DECLARED: "{actor} declared {declaration}.",
    EvaluationEvent.SCORES_RECORDED: "{actor} recorded scores for the tender of {supplier}.",
    EvaluationEvent.SCORES_SUBMITTED: "{actor} submitted all of their scores.",
    EvaluationEvent.ABNORMALLY_LOW_DECIDED: (
        "{actor} decided about the abnormally low tender of {supplier}: {decision}."
    ),
    EvaluationEvent.CONSENSUS_RECORDED: (
        "{actor} recorded moderated scores for the tender of {supplier}."
    ),
    EvaluationEvent.AWARD_PROPOSED: "{actor} proposed awarding to {winners}.",
    EvaluationEvent.AWARD_APPROVED: "{actor} approved the award decision.",
    EvaluationEvent.AWARD_RETURNED: "{actor} returned the award proposal without approving it.",
    EvaluationEvent.SUMMARIES_SENT: "{actor} sent {count} assessment summaries at the same time.",
    EvaluationEvent.AWARD_NOTICE_PUBLISHED: (
        "{actor} prepared the contract award notice {notice_id} for Find a Tender."
    ),
    EvaluationEvent.STANDSTILL_STARTED: (
        "The contract award notice {notice_id} was published on Find a Tender on {published_on}; "
        "standstill ends {standstill_end}."
    ),
    EvaluationEvent.SUMMARY_DOWNLOADED: (
        "{actor} downloaded the assessment summary sent to {supplier} as a PDF."
    ),
}
