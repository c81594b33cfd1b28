"""Every write of the participation stage. Each function is atomic, takes an explicit actor,
refuses (DomainError, nothing written) before it writes, and records its audit event(s) in
the same transaction.

Locks are taken in a fixed order, procurement first, then participant, so that a supplier
saving at the deadline queues behind (or ahead of) the job closing participation, never both.

One module per part of the stage; every public name is re-exported here, so callers write
`services.save_response(...)` whichever module it lives in.
"""

from .agreements import accept_agreement, express_interest, issue_agreement
from .assessment import assess_response, record_exclusion_decision
from .common import FINISHED, UNSET, lock_participant, transition_participant
from .documents import upload_document
from .downloads import record_document_download
from .questionnaire import add_question, remove_question, set_questionnaire
from .responses import response_facts, save_response, submit_response
from .shortlist import decide_shortlist, invite_to_tender
from .withdrawal import withdraw_participation

__all__ = [
    "FINISHED",
    "UNSET",
    "accept_agreement",
    "add_question",
    "assess_response",
    "decide_shortlist",
    "express_interest",
    "invite_to_tender",
    "issue_agreement",
    "lock_participant",
    "record_document_download",
    "record_exclusion_decision",
    "remove_question",
    "response_facts",
    "save_response",
    "set_questionnaire",
    "submit_response",
    "transition_participant",
    "upload_document",
    "withdraw_participation",
]
