"""The evaluation and award API, under /api/v1/procurements/{procurement_id}/. Thin: parse,
access, one service or selector, shape the answer."""

from ninja import Router

router = Router(tags=["evaluation and award"])

# The endpoints register themselves on `router` when their modules are imported.
from . import award, buyer, evaluator, panel  # noqa: E402, F401
