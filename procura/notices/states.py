from django.db import models


class NoticeType(models.TextChoices):
    """Find a Tender's numbering of the notices the Act requires (docs/law.md, "Notices
    UK1–UK17")."""

    UK4 = "UK4", "Tender notice"  # s.21; regs 18-22
    UK6 = "UK6", "Contract award notice"  # s.50; reg 27
    UK7 = "UK7", "Contract details notice"  # s.53; regs 32-35
    UK12 = "UK12", "Procurement termination notice"  # s.55; reg 37


# Where each notice sits in an OCDS release (docs/ocds.md).
RELEASE_TAG = {
    NoticeType.UK4: ["tender"],
    NoticeType.UK6: ["award", "contract"],
    NoticeType.UK7: ["award", "contract"],
    NoticeType.UK12: ["tenderCancellation"],
}
DOCUMENT_TYPE = {
    NoticeType.UK4: "tenderNotice",
    NoticeType.UK6: "awardNotice",
    NoticeType.UK7: "contractNotice",
    NoticeType.UK12: "tenderCancellationNotice",
}


class Publication(models.TextChoices):
    """Where a notice stands on its way to Find a Tender, the central digital platform. A notice
    is published when it is on Find a Tender (Procurement Regulations 2024 reg 5(4)), and must not
    be published anywhere else before (reg 5(11)): Procura shows it publicly only once it is."""

    PREPARED = "prepared", "Prepared"
    SENT = "sent", "Sent to Find a Tender"
    PUBLISHED = "published", "Published on Find a Tender"


# The publication lifecycle: a buyer may record publication without recording the sending first.
PUBLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    Publication.PREPARED: frozenset({Publication.SENT, Publication.PUBLISHED}),
    Publication.SENT: frozenset({Publication.PUBLISHED}),
    Publication.PUBLISHED: frozenset(),
}


def can_transition(current: str, target: str) -> bool:
    return target in PUBLICATION_TRANSITIONS.get(current, frozenset())
