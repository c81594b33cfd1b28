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
