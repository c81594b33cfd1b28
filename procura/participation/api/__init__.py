"""The participation API, under /api/v1/procurements/{procurement_id}/...

Thin: parse -> access (permissions) -> one service or selector -> shape. A supplier with no part
in a procurement gets 404 from every document and stage endpoint, exactly as for a procurement
that does not exist; one that takes part but has not accepted the current version of every
agreement, or no longer takes part, gets 403 with the reason (`agreements_not_accepted`,
`no_longer_taking_part`).
"""

from ninja import Router

router = Router(tags=["participation"])

# The endpoints register themselves on `router` when their modules are imported.
from . import agreements, assessment, questionnaire  # noqa: E402, F401
