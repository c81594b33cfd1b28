"""Every write to a procurement. The only place its status changes; each call is audited.

One module per part of a procurement's life; every public name is re-exported here, so callers
write `services.publish_tender_notice(...)` without knowing which module holds it:

- `lifecycle`: the row lock, `transition` (move, stamp, save, audit), snapshots, refusals
- `drafts`: create and change a draft, its award criteria
- `lots`: the division into lots (s.18)
- `conflicts`: the conflicts assessment (s.83)
- `publication`: the tender notice (UK4, s.21) and the facts the publication rules see
- `clarifications`: clarifications to every supplier
- `deadlines`: extending deadlines (s.31(4), s.54(2)) and closing them as they pass
- `modification`: modifying a published procurement (s.31)
- `termination`: the termination notice (UK12, s.55)
"""

from .clarifications import publish_clarification
from .conflicts import record_conflicts_assessment
from .deadlines import (
    close_due_deadlines,
    close_participation,
    close_passed_deadlines,
    close_tendering,
    extend_deadlines,
)
from .drafts import create_procurement, set_award_criteria, update_procurement
from .lifecycle import (
    EDITABLE_FIELDS,
    check_transition,
    lock_procurement,
    move,
    refuse_if_problems,
    snapshot,
    transition,
)
from .lots import LOT_FIELDS, lot_facts, lot_rows, lots_of, set_lots
from .modification import (
    MODIFICATION_FIELDS,
    MODIFIED_AS_A_WHOLE,
    can_be_modified,
    is_modifiable_freely,
    modification_window,
    modify_procurement,
)
from .publication import publication_check, publish_tender_notice
from .termination import terminate_procurement

__all__ = [
    "EDITABLE_FIELDS",
    "LOT_FIELDS",
    "MODIFICATION_FIELDS",
    "MODIFIED_AS_A_WHOLE",
    "can_be_modified",
    "check_transition",
    "close_due_deadlines",
    "close_participation",
    "close_passed_deadlines",
    "close_tendering",
    "create_procurement",
    "extend_deadlines",
    "is_modifiable_freely",
    "lock_procurement",
    "lot_facts",
    "lot_rows",
    "lots_of",
    "modification_window",
    "modify_procurement",
    "move",
    "publication_check",
    "publish_clarification",
    "publish_tender_notice",
    "record_conflicts_assessment",
    "refuse_if_problems",
    "set_award_criteria",
    "set_lots",
    "snapshot",
    "terminate_procurement",
    "transition",
    "update_procurement",
]
