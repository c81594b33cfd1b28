"""The rules a procurement must meet before and after its tender notice is published. Pure:
plain values in (`facts`), a RuleViolation or a result out, each citing its section.

- `facts`: the values the rules see (`PublicationCheck`, `LotFacts`)
- `publication`: before the tender notice is published (ss.18, 20, 23, 47, 54, 83)
- `lots`: whether a division into lots holds together (s.18)
- `modification`: modifying a published procurement (s.31) and extending its deadlines
- `substantial`: which modifications are substantial by their nature (s.31(3))
- `values`: the values a buyer enters, checked whenever they are saved (s.123(2), Sch 3 para 1)
- `stages`: what each stage allows (a draft changes, publication once, clarifications,
  termination, something to modify)

Every public name is re-exported here: callers write `rules.publication_problems(...)`.
"""

from .facts import ACT, LotFacts, PublicationCheck
from .lots import lot_problems
from .modification import (
    DEADLINE_LABELS,
    LOT_FIELD_LABELS,
    LOT_LIMIT_FIELDS,
    MATERIAL_SHARE,
    MODIFIABLE_FIELDS,
    MODIFICATION_CHECKS,
    MODIFY_ANY,
    MODIFY_NOT_SUBSTANTIAL,
    SHORTLIST_FIELDS,
    check_deadline_extension,
    check_fields_modifiable,
    check_lot_tenders,
    check_lots_bid_limit,
    check_substantial,
    check_time_limits_reconsidered,
    modifiable_fields,
    modification_problems,
    modification_window,
)
from .publication import (
    PUBLICATION_CHECKS,
    PUBLICATION_CODES,
    check_agreements_issued,
    check_award_criteria,
    check_conflicts_assessment,
    check_contract,
    check_framework,
    check_lots,
    check_participation_period,
    check_shortlist,
    check_tendering_period,
    check_value,
    division_problems,
    framework_total_months,
    publication_problems,
)
from .stages import (
    DRAFT_ONLY,
    check_clarification_allowed,
    check_conflicts_assessment_revisable,
    check_draft,
    check_may_terminate,
    check_not_yet_published,
    check_something_to_modify,
)
from .substantial import LotChange, lot_changes, lot_substantial_changes, substantial_changes
from .values import check_entered_values, check_value_incl_vat, check_value_range

__all__ = [
    "check_entered_values",
    "check_value_incl_vat",
    "check_value_range",
    "ACT",
    "DEADLINE_LABELS",
    "DRAFT_ONLY",
    "LOT_FIELD_LABELS",
    "LOT_LIMIT_FIELDS",
    "MATERIAL_SHARE",
    "MODIFIABLE_FIELDS",
    "MODIFICATION_CHECKS",
    "MODIFY_ANY",
    "MODIFY_NOT_SUBSTANTIAL",
    "PUBLICATION_CHECKS",
    "PUBLICATION_CODES",
    "SHORTLIST_FIELDS",
    "LotChange",
    "LotFacts",
    "PublicationCheck",
    "check_award_criteria",
    "check_clarification_allowed",
    "check_conflicts_assessment_revisable",
    "check_conflicts_assessment",
    "check_contract",
    "check_deadline_extension",
    "check_draft",
    "check_fields_modifiable",
    "check_framework",
    "check_lot_tenders",
    "check_agreements_issued",
    "check_lots",
    "check_lots_bid_limit",
    "check_may_terminate",
    "check_not_yet_published",
    "check_participation_period",
    "check_shortlist",
    "check_something_to_modify",
    "check_substantial",
    "check_tendering_period",
    "check_time_limits_reconsidered",
    "check_value",
    "division_problems",
    "framework_total_months",
    "lot_changes",
    "lot_problems",
    "lot_substantial_changes",
    "modifiable_fields",
    "modification_problems",
    "modification_window",
    "publication_problems",
    "substantial_changes",
]
