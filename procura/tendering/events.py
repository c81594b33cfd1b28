"""Audit event types of the tendering stage. No event ever carries a price, an answer or a
file's content: only references, receipt hashes, counts and sizes (ADR 0003)."""

from django.db import models


class TenderingEvent(models.TextChoices):
    SEALING_KEY_CREATED = "tendering.sealing_key_created", "Sealing key created"
    TENDER_SUBMITTED = "tendering.tender_submitted", "Tender submitted"
    TENDER_REPLACED = "tendering.tender_replaced", "Tender replaced"
    TENDER_WITHDRAWN = "tendering.tender_withdrawn", "Tender withdrawn"
    OPENING_POLICY_SET = "tendering.opening_policy_set", "Tender opening policy set"
    OPENING_CONFIRMED = "tendering.opening_confirmed", "Opening of tenders confirmed"
    TENDERS_OPENED = "tendering.tenders_opened", "Tenders opened"
    QUESTION_ASKED = "tendering.question_asked", "Clarification question asked"
    QUESTION_ANSWERED = "tendering.question_answered", "Clarification question answered"
    FILE_DOWNLOADED = "tendering.file_downloaded", "Opened tender file downloaded"


SENTENCES = {
    TenderingEvent.SEALING_KEY_CREATED: "The key sealing the tenders of {procurement} was made.",
    TenderingEvent.TENDER_SUBMITTED: "{actor} submitted tender {reference} (receipt {sha256}).",
    TenderingEvent.TENDER_REPLACED: (
        "{actor} replaced tender {replaces} with {reference} (receipt {sha256})."
    ),
    TenderingEvent.TENDER_WITHDRAWN: "{actor} withdrew tender {reference}.",
    TenderingEvent.OPENING_POLICY_SET: "{actor} set the opening panel to {panel_size} officers.",
    TenderingEvent.OPENING_CONFIRMED: (
        "{actor} confirmed the opening of tenders ({confirmations} of {panel_size})."
    ),
    TenderingEvent.TENDERS_OPENED: (
        "The opening panel opened {tenders_opened} tenders; {problems} did not match their receipt."
    ),
    TenderingEvent.QUESTION_ASKED: "{actor} asked a clarification question.",
    TenderingEvent.QUESTION_ANSWERED: (
        "{actor} answered the question and published it to every supplier."
    ),
    TenderingEvent.FILE_DOWNLOADED: (
        "{actor} downloaded file {position} ({file_name}) of tender {reference} from {supplier}."
    ),
}
