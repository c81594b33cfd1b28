"""The law and the house rules of the participation stage, as pure functions.

Plain values in, a result or a RuleViolation out; no ORM, no clock (the caller passes `now` and
`today`). Each docstring cites its source.

One module per part of the stage; every public name is re-exported here, so callers write
`rules.check_shortlist(...)` whichever module it lives in.
"""

from .agreements import (
    AgreementVersion,
    check_acceptance,
    check_may_express_interest,
    check_new_agreement,
    gate_is_current,
    open_for_interest,
    sha256_of_text,
)
from .assessment import (
    check_assessable,
    check_assessment,
    check_exclusion_decidable,
    check_exclusion_decision,
    check_mark,
    minister_notification_due,
)
from .responses import (
    AnswerFacts,
    FinancialFacts,
    QuestionFacts,
    UploadFacts,
    canonical_response,
    check_complete,
    check_may_respond,
    check_participation_open,
    check_question,
    check_questionnaire_editable,
    check_response_changes,
    missing_answers,
    receipt_reference,
)
from .shortlist import (
    Candidate,
    check_invitation,
    check_invitation_deadline,
    check_participation_closed,
    check_shortlist,
    check_shortlist_length,
    invitation_tendering_facts,
)
from .stage import (
    ACT,
    FINISHED,
    MAX_FILE_BYTES,
    MAX_WITHDRAWAL_REASON_CHARS,
    REGULATIONS,
    check_competitive_flexible,
    check_document,
    check_file,
    check_not_finished,
)
from .withdrawal import (
    WITHDRAWAL_OPEN,
    check_gate_for_tender_withdrawal,
    check_withdrawal,
    check_withdrawal_reason,
)

__all__ = [
    "ACT",
    "AgreementVersion",
    "AnswerFacts",
    "Candidate",
    "FINISHED",
    "FinancialFacts",
    "MAX_FILE_BYTES",
    "MAX_WITHDRAWAL_REASON_CHARS",
    "QuestionFacts",
    "REGULATIONS",
    "UploadFacts",
    "WITHDRAWAL_OPEN",
    "canonical_response",
    "check_acceptance",
    "check_assessable",
    "check_assessment",
    "check_competitive_flexible",
    "check_complete",
    "check_document",
    "check_exclusion_decidable",
    "check_exclusion_decision",
    "check_file",
    "check_gate_for_tender_withdrawal",
    "check_invitation",
    "check_invitation_deadline",
    "check_mark",
    "check_may_express_interest",
    "check_may_respond",
    "check_new_agreement",
    "check_not_finished",
    "check_participation_closed",
    "check_participation_open",
    "check_question",
    "check_questionnaire_editable",
    "check_response_changes",
    "check_shortlist",
    "check_shortlist_length",
    "check_withdrawal",
    "check_withdrawal_reason",
    "gate_is_current",
    "invitation_tendering_facts",
    "minister_notification_due",
    "missing_answers",
    "open_for_interest",
    "receipt_reference",
    "sha256_of_text",
]
