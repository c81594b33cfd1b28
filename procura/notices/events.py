from django.db import models


class NoticeEvent(models.TextChoices):
    PUBLISHED = "notice.published", "Notice published"


SENTENCES = {NoticeEvent.PUBLISHED: "{actor} published the {notice_type} notice {object}."}
