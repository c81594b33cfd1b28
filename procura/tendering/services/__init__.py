"""Every write of the tendering stage: submit, replace and withdraw a sealed tender; the
opening panel and the one opening; tender-stage clarification questions; the opening policy.

Each function is keyword-only with an explicit actor, runs in one transaction, checks every
rule before writing anything, and records one audit event per change. Locks are taken in a
fixed order: the procurement row first, then the tenders or question.

One module per part of the stage, every public name re-exported here (`services.submit_tender`):
`keys` (the sealing key), `submission`, `opening`, `questions`, `downloads`.
"""

from .downloads import record_file_download
from .opening import OPENING_PANEL_ROLES, OpeningOutcome, confirm_opening, set_opening_policy
from .questions import answer_question, ask_question
from .submission import UploadedDocument, move_tender, submit_tender, withdraw_tender

__all__ = [
    "OPENING_PANEL_ROLES",
    "OpeningOutcome",
    "UploadedDocument",
    "answer_question",
    "ask_question",
    "confirm_opening",
    "move_tender",
    "record_file_download",
    "set_opening_policy",
    "submit_tender",
    "withdraw_tender",
]
