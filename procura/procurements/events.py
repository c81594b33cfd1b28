from django.db import models


class ProcurementEvent(models.TextChoices):
    CREATED = "procurement.created", "Procurement created"
    UPDATED = "procurement.updated", "Procurement updated"
    CRITERIA_SET = "procurement.criteria_set", "Award criteria set"
    LOTS_SET = "procurement.lots_set", "Lots set"
    CONFLICTS_ASSESSED = "procurement.conflicts_assessed", "Conflicts assessment recorded"
    PUBLISHED = "procurement.published", "Tender notice published"
    CLARIFICATION_PUBLISHED = "procurement.clarification_published", "Clarification published"
    DEADLINES_EXTENDED = "procurement.deadlines_extended", "Deadlines extended"
    MODIFIED = "procurement.modified", "Procurement modified (s.31)"
    PARTICIPATION_CLOSED = "procurement.participation_closed", "Participation deadline passed"
    TENDERS_CLOSED = "procurement.tenders_closed", "Tender deadline passed"
    TERMINATED = "procurement.terminated", "Procurement terminated"


SENTENCES = {
    ProcurementEvent.CREATED: "{actor} created the procurement {object}.",
    ProcurementEvent.UPDATED: "{actor} updated the procurement {object}.",
    ProcurementEvent.CRITERIA_SET: "{actor} set the award criteria of {object}.",
    ProcurementEvent.LOTS_SET: "{actor} set the lots of {object}.",
    ProcurementEvent.CONFLICTS_ASSESSED: "{actor} recorded the conflicts assessment (s.83).",
    ProcurementEvent.PUBLISHED: "{actor} published the tender notice {notice_id}.",
    ProcurementEvent.CLARIFICATION_PUBLISHED: "{actor} published a clarification to all suppliers.",
    ProcurementEvent.DEADLINES_EXTENDED: "{actor} extended the deadlines for every supplier.",
    ProcurementEvent.MODIFIED: (
        "{actor} modified the procurement (s.31) and published the revised tender notice "
        "{notice_id}."
    ),
    ProcurementEvent.PARTICIPATION_CLOSED: "The deadline for requests to participate passed.",
    ProcurementEvent.TENDERS_CLOSED: (
        "The tender deadline passed; tenders stay sealed until opened."
    ),
    ProcurementEvent.TERMINATED: "{actor} terminated the procurement (notice {notice_id}).",
}
