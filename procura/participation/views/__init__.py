"""The participation pages: the supplier's "Participate" task list and the buyer's stage pages.

Thin: parse -> access (permissions) -> one service or selector -> render. A refusal re-shows the
page with the GOV.UK error summary (status 400); forbidden looks like not found (404).
`common` holds what the pages share; `supplier`, `buyer` (set-up) and `assessment` the pages.
"""

from .assessment import (
    buyer_answer_file,
    buyer_exclusion,
    buyer_financial_evidence,
    buyer_invite,
    buyer_response,
    buyer_responses,
    buyer_shortlist,
)
from .buyer import (
    buyer_agreements,
    buyer_documents,
    buyer_overview,
    buyer_questionnaire,
    buyer_remove_question,
)
from .common import (
    form_field_errors,
    page,
    refusal,
)
from .supplier import (
    accept_agreement,
    agreements,
    check_answers,
    documents,
    download_document,
    express_interest,
    outcome,
    own_answer_file,
    own_financial_evidence,
    questionnaire,
    receipt,
    task_list,
    withdraw,
)

__all__ = [
    "page",
    "form_field_errors",
    "refusal",
    "task_list",
    "express_interest",
    "agreements",
    "accept_agreement",
    "documents",
    "download_document",
    "questionnaire",
    "own_answer_file",
    "own_financial_evidence",
    "check_answers",
    "receipt",
    "outcome",
    "withdraw",
    "buyer_overview",
    "buyer_agreements",
    "buyer_documents",
    "buyer_questionnaire",
    "buyer_remove_question",
    "buyer_responses",
    "buyer_response",
    "buyer_answer_file",
    "buyer_financial_evidence",
    "buyer_exclusion",
    "buyer_shortlist",
    "buyer_invite",
]
