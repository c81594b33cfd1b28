from django.db import models


class NoticeEvent(models.TextChoices):
    PUBLISHED = "notice.published", "Notice prepared"
    SENT = "notice.sent", "Notice sent to Find a Tender"
    PUBLISHED_ON_FIND_A_TENDER = "notice.published_on_fts", "Notice published on Find a Tender"


SENTENCES = {
    NoticeEvent.PUBLISHED: "{actor} prepared the {notice_type} notice {object}.",
    NoticeEvent.SENT: "{actor} sent the notice {object} to Find a Tender.",
    NoticeEvent.PUBLISHED_ON_FIND_A_TENDER: (
        "{actor} recorded that Find a Tender published the notice {object} as {fts_notice_id}."
    ),
}
