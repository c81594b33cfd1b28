"""The evaluation's domain error codes (stable strings); pages show a refusal with
`procura.core.govuk.error_items`.

Every code here is a 400 for the API (procura.core.errors.HTTP_STATUS) except the shared ones it
already maps: not_found 404, forbidden_action 403, invalid_input 422.
"""

# The panel and the ethical wall
NOT_AN_EVALUATOR = "not_an_evaluator"  # the person does not hold the evaluator role there
ALREADY_ASSIGNED = "already_assigned"
EVALUATION_CLOSED = "evaluation_closed"  # the award is proposed or decided: nothing changes
CONFLICTS_NOT_DECLARED = "conflicts_not_declared"  # no tender is shown before a declaration
ALREADY_DECLARED = "conflicts_already_declared"
DESCRIPTION_REQUIRED = "description_required"
SUPPLIERS_REQUIRED = "suppliers_required"
TENDERS_SEALED = "tenders_sealed"  # the tendering app's code: tenders are not opened yet
# Scoring and moderation
SCORE_OUT_OF_RANGE = "score_out_of_range"
JUSTIFICATION_REQUIRED = "justification_required"
RATIONALE_REQUIRED = "rationale_required"
NOT_A_QUALITY_CRITERION = "not_a_quality_criterion"
SCORES_SUBMITTED = "scores_submitted"
SCORES_INCOMPLETE = "scores_incomplete"
EVALUATION_INCOMPLETE = "evaluation_incomplete"  # not every evaluator has submitted
TENDER_DISREGARDED = "tender_disregarded"
# Abnormally low tenders (s.19(4)-(5))
NOT_ABNORMALLY_LOW = "not_abnormally_low"
EXPLANATION_REQUIRED = "explanation_required"
REASON_REQUIRED = "reason_required"
ABNORMALLY_LOW_UNDECIDED = "abnormally_low_undecided"
# A tenderer assessed for the award has no exclusion consideration on record (ss.26-28).
EXCLUSION_NOT_CONSIDERED = "exclusion_not_considered"
# The award decision
MODERATION_INCOMPLETE = "moderation_incomplete"
TIE_UNRESOLVED = "tie_unresolved"
TIE_BREAK_REASON_REQUIRED = "tie_break_reason_required"
AWARD_ALREADY_PROPOSED = "award_already_proposed"
NO_PROPOSAL = "no_award_proposal"
APPROVER_MUST_DIFFER = "approver_must_differ"
RETURN_REASON_REQUIRED = "return_reason_required"
NOT_AWARD_DECIDED = "award_not_decided"
# Assessment summaries and the contract award notice (s.50(3); reg 31)
SUMMARIES_ALREADY_SENT = "assessment_summaries_already_sent"
SUMMARIES_NOT_SENT = "assessment_summaries_not_sent"
AWARD_NOTICE_ALREADY_PUBLISHED = "award_notice_already_published"
# Shared with every app: a member of the authority without the role the action needs (403)
FORBIDDEN = "forbidden_action"
